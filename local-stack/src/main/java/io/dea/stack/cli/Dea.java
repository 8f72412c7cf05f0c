package io.dea.stack.cli;

import io.dea.events.v1.Artifact;
import io.dea.events.v1.GoalRequested;
import io.dea.events.v1.GoalSpec;
import io.dea.events.v1.PlanState;
import io.dea.events.v1.SourceSpec;
import io.dea.events.v1.StepState;
import io.dea.platform.goal.GoalYaml;
import io.dea.platform.kafka.Topics;
import io.dea.platform.warehouse.DuckDbWarehouse;
import io.dea.platform.warehouse.Warehouse;
import io.dea.stack.StackFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The {@code dea} command line (docs/interface.md). */
@Command(name = "dea", mixinStandardHelpOptions = true, description = "dataengineering-agents on this machine",
        subcommands = {Dea.Demo.class, Dea.Up.class, Dea.Down.class, Dea.Submit.class, Dea.Status.class, Dea.Reviews.class,
                Dea.Approve.class, Dea.Reject.class, Dea.Query.class, Dea.Rollback.class, Dea.Env.class})
public final class Dea implements Callable<Integer> {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Set<String> TERMINAL = Set.of("COMPLETED", "FAILED", "REJECTED", "ROLLED_BACK");

    public static void main(String[] args) {
        System.setProperty("logback.configurationFile", "dea-cli-logback.xml");
        CommandLine cli = new CommandLine(new Dea());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof CliException || e instanceof GoalYaml.GoalYamlException || e instanceof IllegalStateException) {
                System.err.println("dea: " + e.getMessage());
                return e instanceof GoalYaml.GoalYamlException ? 2 : 1;
            }
            throw e;
        });
        System.exit(cli.execute(args));
    }

    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return 2;
    }

    static StackFiles files() {
        return new StackFiles(Path.of(System.getenv().getOrDefault("DEA_HOME", ".dea")));
    }

    static StackConnection connect() {
        StackFiles files = files();
        if (!new StackProcess(files).ready()) {
            throw new CliException("the local stack is not running under " + files.home() + ": start it with ./dea up");
        }
        Map<String, Object> stack = files.readStack();
        return new StackConnection((String) stack.get("KAFKA_BOOTSTRAP"), (String) stack.get("SCHEMA_REGISTRY_URL"),
                (String) stack.get("REVIEW_API"), files.token(), kafkaSecurity(stack));
    }

    /** The CLI logs in as the submitter, with the password the stack keeps in DEA_HOME/credentials.properties. */
    static Map<String, String> kafkaSecurity(Map<String, Object> stack) {
        return submitter(files()).clientProperties();
    }

    static io.dea.stack.KafkaScram submitter(StackFiles files) {
        if (!Files.exists(files.home().resolve("credentials.properties"))) {
            throw new CliException("no credentials under " + files.home() + ": start the stack with ./dea up");
        }
        return io.dea.stack.StackCredentials.load(files.home()).kafka(io.dea.platform.kafka.KafkaAccess.Principal.SUBMITTER);
    }

    /**
     * What {@code ./dea env} prints: how a client reaches the running stack as the submitter
     * (docs/interface.md's names), passwords included: the file they come from is the owner's alone.
     */
    public static Map<String, String> env(StackFiles files) {
        Map<String, Object> stack = files.readStack();
        Map<String, String> env = new LinkedHashMap<>();
        for (String name : List.of("KAFKA_BOOTSTRAP", "SCHEMA_REGISTRY_URL", "REVIEW_API", "REQUEST_TOPIC", "WAREHOUSE", "DATA_PROJECT",
                "KAFKA_SECURITY_PROTOCOL", "KAFKA_SASL_MECHANISM", "KAFKA_USERNAME")) {
            env.put(name, String.valueOf(stack.get(name)));
        }
        io.dea.stack.StackCredentials credentials = io.dea.stack.StackCredentials.load(files.home());
        env.put("KAFKA_PASSWORD", credentials.kafka(io.dea.platform.kafka.KafkaAccess.Principal.SUBMITTER).password());
        env.put("SCHEMA_REGISTRY_USER_INFO", credentials.registryUserInfo(io.dea.stack.StackCredentials.REGISTRY_SUBMITTER));
        return env;
    }

    static Path root() {
        return Path.of(System.getProperty("dea.root", ".")).toAbsolutePath().normalize();
    }

    @Command(name = "up", description = "Start the local stack in the background; returns once every service is healthy.")
    static final class Up implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            new StackProcess(files()).up();
            return 0;
        }
    }

    @Command(name = "down", description = "Stop the local stack; its state stays under DEA_HOME.")
    static final class Down implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            System.out.println(new StackProcess(files()).down() ? "the local stack stopped" : "the local stack was not running");
            return 0;
        }
    }

    @Command(name = "env", description = "Print how to reach the running stack as the submitter (its Kafka and registry login included), one NAME=value a line.")
    static final class Env implements Callable<Integer> {
        @Override
        public Integer call() {
            StackFiles files = files();
            Map<String, Object> stack = files.readStack();
            if (stack.isEmpty()) {
                System.err.println("dea: the local stack is not running under " + files.home() + " (./dea up starts it)");
                return 1;
            }
            env(files).forEach((name, value) -> System.out.println(name + "=" + value));
            return 0;
        }
    }

    @Command(name = "submit", description = "Publish a goal to the request topic; print its goal id on the first line.")
    static final class Submit implements Callable<Integer> {
        @Parameters(paramLabel = "GOAL.yaml")
        Path goalFile;
        @Option(names = "--wait", description = "Follow the goal until it ends; exit 0 only if it completed.")
        boolean waitForEnd;
        @Option(names = "--json", description = "Machine-readable output.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            StackConnection stack = connect();
            String goalId = submit(stack, goalFile);
            System.out.println(json ? JSON.writeValueAsString(Map.of("goal_id", goalId)) : goalId);
            if (!waitForEnd) {
                return 0;
            }
            PlanState end = new Follower(stack, goalId, false, !json).follow();
            if (json) {
                System.out.println(JSON.writeValueAsString(statusJson(goalId, end)));
            }
            return end != null && "COMPLETED".equals(end.getState()) ? 0 : 1;
        }
    }

    /** Reads the YAML, makes relative file locations absolute (relative to the YAML), publishes. */
    static String submit(StackConnection stack, Path goalFile) throws Exception {
        if (!Files.isRegularFile(goalFile)) {
            throw new CliException("no goal file at " + goalFile);
        }
        GoalSpec spec = GoalYaml.parse(Files.readString(goalFile));
        Path base = goalFile.toAbsolutePath().getParent();
        if (spec.getSources() != null) {
            List<SourceSpec> sources = new ArrayList<>();
            for (SourceSpec s : spec.getSources()) {
                // A path inside a connection is relative to the connection's roots, not to the goal file.
                boolean file = Set.of("csv", "json", "parquet").contains(s.getFormat()) && s.getConnection() == null;
                if (file && !s.getLocation().isBlank() && !s.getLocation().contains("://") && !Path.of(s.getLocation()).isAbsolute()) {
                    s = SourceSpec.newBuilder(s).setLocation(base.resolve(s.getLocation()).normalize().toString()).build();
                }
                sources.add(s);
            }
            spec = GoalSpec.newBuilder(spec).setSources(sources).build();
        }
        String goalId = "g-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now())
                + "-" + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
        GoalRequested request = new GoalRequested(goalId, System.getProperty("user.name", "someone"), Instant.now(), spec);
        stack.publish(Topics.GOAL_REQUESTS, goalId, request);
        return goalId;
    }

    @Command(name = "status", description = "The plan state of one goal (steps and their states), or a list of goals.")
    static final class Status implements Callable<Integer> {
        @Parameters(paramLabel = "GOAL_ID", arity = "0..1")
        String goalId;
        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() throws Exception {
            Map<String, PlanState> plans = connect().planStates();
            if (goalId == null) {
                List<Map<String, Object>> list = new ArrayList<>();
                for (var e : plans.entrySet()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("goal_id", e.getKey());
                    row.put("state", e.getValue().getState());
                    row.put("mart", e.getValue().getGoal().getMart() == null ? null : e.getValue().getGoal().getMart().getName());
                    row.put("updated_at", e.getValue().getUpdatedAt().toString());
                    list.add(row);
                }
                if (json) {
                    System.out.println(JSON.writeValueAsString(list));
                } else {
                    list.forEach(r -> System.out.printf("%-26s %-16s %-20s %s%n", r.get("goal_id"), r.get("state"), r.get("mart"), r.get("updated_at")));
                }
                return 0;
            }
            PlanState plan = plans.get(goalId);
            if (plan == null) {
                System.err.println("dea: no goal " + goalId + " (it may still be on its way: try again in a moment)");
                return 1;
            }
            if (json) {
                System.out.println(JSON.writeValueAsString(statusJson(goalId, plan)));
            } else {
                printStatus(goalId, plan);
            }
            return 0;
        }
    }

    static Map<String, Object> statusJson(String goalId, PlanState plan) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("goal_id", goalId);
        out.put("state", plan == null ? "UNKNOWN" : plan.getState());
        if (plan == null) {
            return out;
        }
        if (plan.getReason() != null) {
            out.put("reason", plan.getReason());
        }
        List<Map<String, Object>> steps = new ArrayList<>();
        for (StepState s : plan.getSteps()) {
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("name", s.getName());
            step.put("agent", s.getAgent());
            step.put("state", s.getState());
            step.put("attempt", s.getAttempt());
            step.put("summary", s.getSummary());
            if (s.getReviewId() != null) {
                step.put("review_id", s.getReviewId());
            }
            List<Map<String, String>> artifacts = new ArrayList<>();
            for (Artifact a : s.getArtifacts()) {
                artifacts.add(Map.of("kind", a.getKind(), "path", a.getPath()));
            }
            step.put("artifacts", artifacts);
            step.put("outputs", new LinkedHashMap<>(s.getOutputs()));
            steps.add(step);
        }
        out.put("steps", steps);
        return out;
    }

    static void printStatus(String goalId, PlanState plan) {
        System.out.println("goal " + goalId + ": " + plan.getState() + (plan.getReason() == null ? "" : " (" + plan.getReason() + ")"));
        for (StepState s : plan.getSteps()) {
            System.out.printf("  %-20s %-11s %-16s %s%n", s.getName(), s.getAgent(), s.getState(),
                    s.getSummary() == null ? "" : oneLine(s.getSummary()));
        }
    }

    static String oneLine(String text) {
        String line = text.replace('\n', ' ');
        return line.length() > 120 ? line.substring(0, 117) + "..." : line;
    }

    @Command(name = "reviews", description = "List review gates: id, goal id, kind, summary, state.")
    static final class Reviews implements Callable<Integer> {
        @Option(names = "--pending")
        boolean pending;
        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() throws Exception {
            JsonNode reviews = connect().reviews(pending, null);
            if (json) {
                List<Map<String, Object>> list = new ArrayList<>();
                for (JsonNode r : reviews) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (String f : List.of("id", "goal_id", "kind", "summary", "state")) {
                        row.put(f, r.path(f).asString(null));
                    }
                    list.add(row);
                }
                System.out.println(JSON.writeValueAsString(list));
            } else {
                for (JsonNode r : reviews) {
                    System.out.printf("%-16s %-26s %-11s %-9s %s%n", r.path("id").asString(""), r.path("goal_id").asString(""),
                            r.path("kind").asString(""), r.path("state").asString(""), oneLine(r.path("summary").asString("")));
                }
            }
            return 0;
        }
    }

    @Command(name = "approve", description = "Approve a review through the review service's API.")
    static final class Approve implements Callable<Integer> {
        @Parameters(paramLabel = "REVIEW_ID")
        String reviewId;
        @Option(names = "--comment")
        String comment;

        @Override
        public Integer call() throws Exception {
            JsonNode review = connect().decide(reviewId, true, comment);
            System.out.println(reviewId + " " + review.path("state").asString("APPROVED"));
            return 0;
        }
    }

    @Command(name = "reject", description = "Reject a review through the review service's API.")
    static final class Reject implements Callable<Integer> {
        @Parameters(paramLabel = "REVIEW_ID")
        String reviewId;
        @Option(names = "--reason", required = true)
        String reason;

        @Override
        public Integer call() throws Exception {
            JsonNode review = connect().decide(reviewId, false, reason);
            System.out.println(reviewId + " " + review.path("state").asString("REJECTED"));
            return 0;
        }
    }

    @Command(name = "query", description = "Run one read-only statement (SELECT, WITH, DESCRIBE, SHOW) on the warehouse; print CSV with a header row.")
    static final class Query implements Callable<Integer> {
        @Parameters(paramLabel = "SQL")
        String sql;

        @Override
        public Integer call() {
            Path warehouse = files().warehouse();
            if (!Files.exists(warehouse)) {
                throw new CliException("no warehouse yet at " + warehouse + ": submit a goal first");
            }
            try {
                print(ReadOnlyQuery.run(warehouse, sql));
            } catch (ReadOnlyQuery.Refused e) {
                throw new CliException(e.getMessage());
            } catch (DuckDbWarehouse.WarehouseException e) {
                throw new CliException("query failed: " + e.getMessage());
            }
            return 0;
        }
    }

    static void print(Warehouse.QueryResult result) {
        System.out.println(String.join(",", result.columns().stream().map(Dea::csv).toList()));
        for (List<Object> row : result.rows()) {
            System.out.println(String.join(",", row.stream().map(v -> v == null ? "" : csv(v.toString())).toList()));
        }
    }

    static String csv(String value) {
        if (value.contains(",") || value.contains("\"") || value.contains("\n")) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }

    @Command(name = "rollback", description = "Roll back the change a completed goal applied: revert its merge in the data "
            + "project and put the environment's tables and views back as they were; waits until the goal is ROLLED_BACK.")
    static final class Rollback implements Callable<Integer> {
        @Parameters(paramLabel = "GOAL_ID")
        String goalId;
        @Option(names = "--reason", description = "Why, kept with the plan.")
        String reason;

        @Override
        public Integer call() throws Exception {
            PlanState end = rollback(connect(), goalId, reason);
            System.out.println("goal " + goalId + ": " + end.getState() + (end.getReason() == null ? "" : " - " + end.getReason()));
            return "ROLLED_BACK".equals(end.getState()) ? 0 : 1;
        }

        /** Asks for the rollback through the review API (a reviewer's call) and waits for the rollback step to end. */
        static PlanState rollback(StackConnection stack, String goalId, String reason) throws Exception {
            PlanState plan = stack.planStates().get(goalId);
            if (plan == null) {
                throw new CliException("no goal " + goalId + " (./dea status lists them)");
            }
            StepState earlier = rollbackStep(plan);
            boolean retry = "FAILED".equals(plan.getState()) && earlier != null && "FAILED".equals(earlier.getState());
            if (!"COMPLETED".equals(plan.getState()) && !retry) {
                throw new CliException("goal " + goalId + " is " + plan.getState() + ": only a completed goal can be rolled back");
            }
            boolean merged = plan.getSteps().stream().anyMatch(s -> "apply".equals(s.getName()) && "SUCCEEDED".equals(s.getState())
                    && s.getOutputs().containsKey("merge_commit"));
            if (!merged) {
                throw new CliException("goal " + goalId + " applied nothing, so there is nothing to roll back");
            }
            int attempt = earlier == null ? 0 : earlier.getAttempt();
            stack.requestRollback(goalId, reason);
            Instant deadline = Instant.now().plus(Duration.ofMinutes(Long.parseLong(System.getenv().getOrDefault("DEA_WAIT_MINUTES", "30"))));
            while (Instant.now().isBefore(deadline)) {
                Thread.sleep(500);
                PlanState now = stack.planStates().get(goalId);
                StepState step = rollbackStep(now);
                if (step != null && step.getAttempt() > attempt && TERMINAL.contains(now.getState())) {
                    return now;
                }
            }
            throw new CliException("gave up waiting for the rollback of " + goalId);
        }

        private static StepState rollbackStep(PlanState plan) {
            return plan == null ? null : plan.getSteps().stream().filter(s -> "rollback".equals(s.getName())).findFirst().orElse(null);
        }
    }

    @Command(name = "demo", description = "Run the bundled example end to end on the embedded stack.")
    static final class Demo implements Callable<Integer> {
        @Option(names = "--auto-approve", description = "Approve each review gate as it opens.")
        boolean autoApprove;

        @Override
        public Integer call() throws Exception {
            StackFiles files = files();
            StackProcess process = new StackProcess(files);
            boolean startedHere = !process.ready();
            process.up();
            try {
                Path goal = root().resolve("examples/daily-revenue/goal.yaml");
                StackConnection stack = connect();
                String goalId = submit(stack, goal);
                System.out.println(goalId);
                System.out.println("submitted " + root().relativize(goal) + " as goal " + goalId);
                PlanState end = new Follower(stack, goalId, autoApprove, true).follow();
                if (end == null || !"COMPLETED".equals(end.getState())) {
                    return 1;
                }
                String table = end.getSteps().stream().filter(s -> s.getName().equals("apply")).findFirst()
                        .map(s -> s.getOutputs().get("mart_table")).orElse(null);
                System.out.println();
                System.out.println("built " + table + " in " + files.warehouse());
                if (table != null && table.matches("[A-Za-z0-9_]+\\.[A-Za-z0-9_]+")) {
                    print(new DuckDbWarehouse(files.warehouse(), true).query("SELECT * FROM " + table + " ORDER BY 1 LIMIT 20"));
                }
                System.out.println();
                System.out.println("artifacts in " + files.dataProject() + " (branch " + end.getBranch() + ", merged into main):");
                end.getSteps().forEach(s -> s.getArtifacts().forEach(a -> System.out.println("  " + a.getKind() + ": " + a.getPath())));
                return 0;
            } finally {
                if (startedHere) {
                    process.down();
                    System.out.println("the local stack stopped");
                }
            }
        }
    }

    /** Follows one goal to its end, printing step changes and review gates (approving them if asked). */
    static final class Follower {
        private final StackConnection stack;
        private final String goalId;
        private final boolean autoApprove;
        private final boolean print;

        Follower(StackConnection stack, String goalId, boolean autoApprove, boolean print) {
            this.stack = stack;
            this.goalId = goalId;
            this.autoApprove = autoApprove;
            this.print = print;
        }

        PlanState follow() throws Exception {
            Instant deadline = Instant.now().plus(Duration.ofMinutes(Long.parseLong(System.getenv().getOrDefault("DEA_WAIT_MINUTES", "30"))));
            Map<String, String> seen = new HashMap<>();
            Set<String> reviewsSeen = new HashSet<>();
            Set<String> escalated = new HashSet<>();
            PlanState plan = null;
            while (Instant.now().isBefore(deadline)) {
                plan = stack.planStates().get(goalId);
                if (plan != null) {
                    for (StepState s : plan.getSteps()) {
                        String key = s.getState() + "/" + s.getAttempt();
                        if (!key.equals(seen.put(s.getName(), key)) && !"PENDING".equals(s.getState())) {
                            say(String.format("  %-20s %-16s %s", s.getName(), s.getState(), s.getSummary() == null || "RUNNING".equals(s.getState()) ? "" : oneLine(s.getSummary())));
                        }
                    }
                    if (TERMINAL.contains(plan.getState())) {
                        say("goal " + goalId + ": " + plan.getState() + (plan.getReason() == null ? "" : " - " + plan.getReason()));
                        return plan;
                    }
                    if ("AWAITING_REVIEW".equals(plan.getState())) {
                        for (JsonNode review : stack.reviews(true, goalId)) {
                            String id = review.path("id").asString();
                            if (reviewsSeen.add(id)) {
                                say("  review " + id + " (" + review.path("kind").asString() + ", needs " + review.path("required_role").asString("a reviewer")
                                        + "): " + oneLine(review.path("summary").asString()));
                                boolean escalation = "ESCALATION".equals(review.path("kind").asString());
                                String step = review.path("step").asString("");
                                if (autoApprove && escalation && !escalated.add(step)) {
                                    // A step that failed again after one auto-approved retry is not retried for ever.
                                    stack.decide(id, false, "step " + step + " failed again after a retry: aborted by --auto-approve");
                                    say("    rejected: the step failed again after a retry (--auto-approve aborts it)");
                                } else if (autoApprove) {
                                    stack.decide(id, true, "auto-approved by dea demo --auto-approve");
                                    say("    approved (--auto-approve)");
                                } else {
                                    say("    approve with: ./dea approve " + id + "   or reject: ./dea reject " + id + " --reason TEXT");
                                }
                            }
                        }
                    }
                }
                Thread.sleep(1000);
            }
            say("gave up waiting for goal " + goalId + " (still " + (plan == null ? "unknown" : plan.getState()) + ")");
            return plan;
        }

        private void say(String line) {
            if (print) {
                System.out.println(line);
            }
        }
    }
}
