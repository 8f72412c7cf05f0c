package io.dea.stack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dea.events.v1.PlanState;
import io.dea.events.v1.RunRequested;
import io.dea.events.v1.StepState;
import io.dea.platform.avro.ConfluentAvroDeserializer;
import io.dea.platform.avro.ConfluentAvroSerializer;
import io.dea.platform.kafka.Topics;
import io.dea.platform.warehouse.DuckDbWarehouse;
import io.dea.platform.warehouse.Warehouse;
import io.dea.stack.StackFixture;
import io.dea.stack.TestProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The DAG the ops agent wrote, executed by Airflow itself ({@code airflow dags test}, in the project's
 * virtualenv) against a running stack with the settings {@code ./dea env} prints: each DAG run asks for
 * a run of the applied goal and waits for it. New files of a glob and rows past an incremental key
 * arrive in the mart, only they are loaded, and a breaking change fails the DAG run with a review open.
 * The mart is incremental (the threshold is set to one row): a late order for an earlier day inside
 * the lookback lands in its day.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScheduledRunsTest {

    private static final String MART = "shop_revenue";
    private static final String ORDERS_HEADER = "id,order_date,status,customer\n";
    private static final String PAYMENTS_HEADER = "payment_id,order_id,amount,paid_at\n";

    private final TestProperties properties = new TestProperties();
    private StackFixture fixture;
    private StackConnection connection;
    private Path data;

    @BeforeAll
    void startStack() throws Exception {
        // Incremental from the first row, so runs rebuild only the last periods of the mart.
        properties.set("dea.transform.incremental-rows", "1");
        fixture = new StackFixture();
        connection = Connections.to(fixture);
        // Sources live outside DEA_HOME, which no source may read.
        data = Files.createTempDirectory("shop-data");
        Files.createDirectories(data.resolve("orders"));
    }

    @AfterAll
    void stopStack() {
        if (fixture != null) {
            fixture.close();
        }
        properties.close();
    }

    @Test
    void theGeneratedDagLoadsWhatArrivedRebuildsTheMartAndFailsOnABreakingChange() throws Exception {
        writeOrders(1, 1, 4);
        appendPayments(1, 4, "2026-01-01T10:00:00");
        String goalId = completed(goal());
        assertThat(transformOutputs(goalId).get("materialization")).contains(MART + "=incremental");
        Airflow airflow = new Airflow(Files.createTempDirectory(fixture.home, "airflow"), dagsOfMain(), EnvCommand.env(fixture.stack.files()));

        for (int file = 2; file <= 3; file++) {
            int first = 4 * file - 3;
            writeOrders(file, first, first + 3);
            appendPayments(first, first + 3, "2026-01-0" + file + "T10:00:00");
            boolean late = file == 3;
            if (late) {
                // Order 100 is dated a day earlier than its file: a late row for a period the last run built.
                Files.writeString(data.resolve("orders/orders_3.csv"), "100,2026-01-02,placed,c1\n", StandardOpenOption.APPEND);
                appendPayments(100, 100, "2026-01-03T11:00:00");
            }
            Airflow.Result run = airflow.dagsTest("dea_" + MART);
            assertThat(run.exitCode()).as("airflow dags test, run %s:%n%s", file - 1, run.log()).isZero();
            PlanState state = runState(lastRunRequest(goalId));
            assertThat(state.getState()).isEqualTo("COMPLETED");
            String loaded = late ? "5" : "4";
            assertThat(rowsLoaded(state)).as("only the new file and the rows past the watermark")
                    .containsEntry("orders", loaded).containsEntry("payments", loaded);
            assertMartEqualsTheFiles();
        }

        Files.writeString(data.resolve("orders/orders_4.csv"), "id,order_date,status\n13,2026-01-04,placed\n");
        Airflow.Result broken = airflow.dagsTest("dea_" + MART);

        assertThat(broken.exitCode()).as("a breaking change fails the DAG run:%n%s", broken.log()).isNotZero();
        assertThat(broken.log()).contains("held for review", "SCHEMA_DRIFT");
        RunRequested request = lastRunRequest(goalId);
        assertThat(connection.reviews(true, goalId)).as("a SCHEMA_DRIFT review open for run %s", request.getRunId())
                .anySatisfy(r -> {
                    assertThat(r.path("kind").asString()).isEqualTo("SCHEMA_DRIFT");
                    assertThat(r.path("plan_id").asString()).isEqualTo(request.getRunId());
                });
    }

    /** Orders in a glob of files, payments in one file loaded past its paid_at watermark; scheduled nightly. */
    private Path goal() throws IOException {
        Path goal = fixture.home.resolve("shop-goal.yaml");
        Files.writeString(goal, """
                goal: daily shop revenue, kept fresh by Airflow
                sources:
                  - { name: orders, format: csv, location: %1$s/orders/*.csv, primary_key: id }
                  - { name: payments, format: csv, location: %1$s/payments.csv, incremental_key: paid_at }
                relationships: [payments.order_id -> orders.id]
                mart:
                  name: %2$s
                  grain: [orders.order_date]
                  time_grain: day
                  measures:
                    - { name: revenue, agg: sum, expr: payments.amount }
                    - { name: order_count, agg: count_distinct, expr: orders.id }
                schedule: "0 2 * * *"
                freshness: 24h
                environment: dev
                """.formatted(data, MART));
        return goal;
    }

    /** orders_N.csv with orders first..last, on 2026-01-0N. */
    private void writeOrders(int n, int first, int last) throws IOException {
        StringBuilder csv = new StringBuilder(ORDERS_HEADER);
        for (int id = first; id <= last; id++) {
            csv.append(id).append(",2026-01-0").append(n).append(",placed,c").append(id % 3).append('\n');
        }
        Files.writeString(data.resolve("orders/orders_" + n + ".csv"), csv);
    }

    /** One payment per order, all paid at (a later key than every earlier payment). */
    private void appendPayments(int first, int last, String paidAt) throws IOException {
        Path file = data.resolve("payments.csv");
        StringBuilder csv = new StringBuilder(Files.exists(file) ? "" : PAYMENTS_HEADER);
        for (int id = first; id <= last; id++) {
            csv.append(100 + id).append(',').append(id).append(',').append(10 * id).append(".25,").append(paidAt).append('\n');
        }
        Files.writeString(file, csv, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private String completed(Path goal) throws Exception {
        String goalId = GoalSubmission.submit(connection, goal);
        PlanState end = new PlanFollower(connection, goalId, true, false).follow();
        assertThat(end.getState()).as("goal %s: %s", goalId, end.getReason()).isEqualTo("COMPLETED");
        return goalId;
    }

    /** The data project's dags/ as main has it: a fresh clone, as a deployment checks it out. */
    private Path dagsOfMain() throws Exception {
        Path clone = fixture.home.resolve("project-main");
        Airflow.Result cloned = Airflow.run(List.of("git", "clone", "-q", "--branch", "main", fixture.stack.files().dataProject().toString(),
                clone.toString()), Map.of(), fixture.home.resolve("clone.log"), 120);
        assertThat(cloned.exitCode()).as("git clone of the data project:%n%s", cloned.log()).isZero();
        assertThat(clone.resolve("dags/" + MART + ".py")).exists();
        assertThat(clone.resolve("dags/dea_runs.py")).exists();
        return clone.resolve("dags");
    }

    /** The mart, read-only, against hand-written SQL over every file. */
    private void assertMartEqualsTheFiles() {
        Warehouse warehouse = new DuckDbWarehouse(fixture.stack.files().warehouse(), true, List.of(data));
        String expected = """
                WITH o AS (SELECT * FROM read_csv_auto('%1$s/orders/*.csv')),
                     p AS (SELECT * FROM read_csv_auto('%1$s/payments.csv'))
                SELECT o.order_date::DATE::VARCHAR, round(sum(p.amount), 2)::DOUBLE, count(DISTINCT o.id)
                FROM o JOIN p ON p.order_id = o.id GROUP BY 1 ORDER BY 1""".formatted(data);
        String got = "SELECT order_date::DATE::VARCHAR, round(revenue, 2)::DOUBLE, order_count FROM dev." + MART + " ORDER BY 1";
        assertThat(warehouse.query(got).rows().toString()).isEqualTo(warehouse.query(expected).rows().toString());
    }

    private Map<String, String> transformOutputs(String goalId) {
        return connection.planStates().get(goalId).getSteps().stream().filter(s -> s.getName().equals("transform")).findFirst()
                .orElseThrow().getOutputs();
    }

    private static Map<String, String> rowsLoaded(PlanState run) {
        Map<String, String> loaded = new LinkedHashMap<>();
        for (StepState step : run.getSteps()) {
            if (step.getName().startsWith("ingest_")) {
                loaded.put(step.getName().substring("ingest_".length()), step.getOutputs().get("rows_loaded"));
            }
        }
        return loaded;
    }

    private PlanState runState(RunRequested request) {
        PlanState state = connection.planStates().get(request.getRunId());
        assertThat(state).as("plan state of run %s", request.getRunId()).isNotNull();
        assertThat(state.getMeta().getGoalId()).isEqualTo(request.getGoalId());
        return state;
    }

    /** The last run request for the goal, decoded with the stack's own serde; checks what the DAG put in it. */
    private RunRequested lastRunRequest(String goalId) {
        List<RunRequested> requests = new ArrayList<>();
        try (KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(readerProperties())) {
            consumer.subscribe(List.of(Topics.RUN_REQUESTS));
            Instant deadline = Instant.now().plusSeconds(30);
            boolean drained = false;
            while (!drained && Instant.now().isBefore(deadline)) {
                var records = consumer.poll(Duration.ofMillis(1000));
                drained = records.isEmpty() && !requests.isEmpty();
                records.forEach(r -> {
                    if (r.value() instanceof RunRequested request && r.key().equals(goalId)) {
                        requests.add(request);
                    }
                });
            }
        }
        assertThat(requests).as("run requests for %s", goalId).isNotEmpty();
        RunRequested last = requests.get(requests.size() - 1);
        assertThat(last.getRunId()).matches("[A-Za-z0-9._:-]{1,128}");
        assertThat(last.getRequestedBy()).isEqualTo("submitter");
        assertThat(last.getTrigger()).startsWith("airflow dea_" + MART + " ");
        return last;
    }

    /** The operator's reader (the submitter may only write run requests). */
    private Properties readerProperties() {
        Properties p = new Properties();
        p.putAll(fixture.stack.adminClientProperties());
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, fixture.stack.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ConfluentAvroDeserializer.class);
        p.put(ConfluentAvroSerializer.REGISTRY_URL, fixture.stack.registryUrl());
        return p;
    }

    /** Airflow's own CLI from the project's virtualenv (DEA_PYTHON's bin dir), in a scratch AIRFLOW_HOME. */
    private static final class Airflow {

        record Result(int exitCode, String log) {
        }

        private final Path home;
        private final Map<String, String> env;
        private int runs;

        /** Migrates a fresh metadata database once; every DAG run reads the dags folder and the stack's settings. */
        Airflow(Path home, Path dags, Map<String, String> stackEnv) throws Exception {
            this.home = home;
            Map<String, String> env = new LinkedHashMap<>(stackEnv);
            env.put("AIRFLOW_HOME", home.toString());
            env.put("AIRFLOW__CORE__DAGS_FOLDER", dags.toString());
            env.put("AIRFLOW__CORE__LOAD_EXAMPLES", "False");
            this.env = Map.copyOf(env);
            Result migrated = airflow(List.of("db", "migrate"), 300);
            assertThat(migrated.exitCode()).as("airflow db migrate:%n%s", migrated.log()).isZero();
        }

        Result dagsTest(String dagId) throws Exception {
            return airflow(List.of("dags", "test", dagId), 900);
        }

        private Result airflow(List<String> args, int seconds) throws Exception {
            List<String> command = new ArrayList<>(List.of(bin("airflow")));
            command.addAll(args);
            return run(command, env, home.resolve("airflow-" + (++runs) + ".log"), seconds);
        }

        private static String bin(String tool) {
            String python = System.getenv("DEA_PYTHON");
            assertThat(python).as("DEA_PYTHON (the project's virtualenv python; ./dea test sets it)").isNotBlank();
            Path path = Path.of(python).getParent().resolve(tool);
            assertThat(path).as("%s in the virtualenv (requirements.txt installs it)", tool).isExecutable();
            return path.toString();
        }

        /** Runs a command with only the given settings added (no stack login of the developer's own). */
        static Result run(List<String> command, Map<String, String> env, Path log, int seconds) throws Exception {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().keySet().removeIf(name -> name.startsWith("KAFKA_") || name.startsWith("SCHEMA_REGISTRY_")
                    || name.startsWith("AIRFLOW"));
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(command + " did not finish in " + seconds + " s:\n" + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        }
    }
}
