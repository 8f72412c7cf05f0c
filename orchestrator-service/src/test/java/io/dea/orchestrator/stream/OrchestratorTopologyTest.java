package io.dea.orchestrator.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.dea.events.v1.Decision;
import io.dea.events.v1.GoalRejected;
import io.dea.events.v1.GoalRequested;
import io.dea.events.v1.Outcome;
import io.dea.events.v1.PlanKind;
import io.dea.events.v1.PlanState;
import io.dea.events.v1.ReviewDecided;
import io.dea.events.v1.ReviewNeed;
import io.dea.events.v1.RunRequested;
import io.dea.events.v1.StepKind;
import io.dea.events.v1.StepState;
import io.dea.events.v1.TaskRequested;
import io.dea.events.v1.TaskResult;
import io.dea.orchestrator.plan.GoalValidator;
import io.dea.orchestrator.plan.PlanMachine;
import io.dea.orchestrator.plan.Planner;
import io.dea.platform.avro.AvroSerde;
import io.dea.platform.event.EventFactory;
import io.dea.platform.goal.GoalYaml;
import io.dea.platform.kafka.AgentKind;
import io.dea.platform.kafka.Topics;
import io.opentelemetry.api.OpenTelemetry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The orchestrator's topology without a broker (Kafka Streams' TopologyTestDriver), with the real
 * Avro serdes over a loopback registry: what goes in on the request, result and progress topics and
 * what comes out on the task, rejection, plan-state and dead-letter topics.
 */
class OrchestratorTopologyTest {

    /** The goal ./dea demo runs: three loads, then model, transform and the rest. */
    private static final Path EXAMPLE = Path.of("../examples/daily-revenue/goal.yaml");
    private static final Duration BACKOFF = Duration.ofSeconds(2);
    private static final Duration TASK_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path state;
    private LoopbackRegistry registry;
    private TopologyTestDriver driver;
    private Serializer<Object> avroOut;
    private Deserializer<Object> avroIn;
    /** Every plan's latest state read so far: output topics hand each record out once. */
    private final Map<String, PlanState> statesSeen = new java.util.HashMap<>();

    @BeforeEach
    void start() throws Exception {
        registry = LoopbackRegistry.start();
        Map<String, Object> serde = Map.of("schema.registry.url", registry.url(), "auto.register.schemas", "true");
        avroOut = new AvroSerde<>(serde, false).serializer();
        avroIn = new AvroSerde<>(serde, false).deserializer();
        // Column checks need the files; the validator's other rules (names, grain, measures) still apply.
        GoalValidator validator = new GoalValidator(source -> Optional.empty());
        PlanMachine machine = new PlanMachine(3, BACKOFF, TASK_TIMEOUT);
        var topology = OrchestratorTopology.build(serde, validator, new Planner(), machine,
                new EventFactory("orchestrator-service", "test-1"), OpenTelemetry.noop());
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "dea-orchestrator-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
        config.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
        config.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetteringHandler.class);
        driver = new TopologyTestDriver(topology, config, Instant.parse("2026-01-01T00:00:00Z"));
    }

    @AfterEach
    void stop() {
        driver.close();
        registry.close();
    }

    @Test
    void aValidGoalIsAcceptedUnderItsGoalIdAndItsLoadsGoToTheIngestionTopic() {
        requests().pipeInput("some-client-key", goal("g1"));

        TestRecord<String, Object> accepted = output(Topics.GOALS_ACCEPTED).readRecord();
        assertThat(accepted.key()).isEqualTo("g1");
        assertThat(((GoalRequested) accepted.value()).getGoalId()).isEqualTo("g1");
        List<TaskRequested> loads = tasks(AgentKind.INGESTION);
        assertThat(loads).extracting(TaskRequested::getStep).containsExactlyInAnyOrder("ingest_orders", "ingest_payments", "ingest_customers");
        assertThat(loads).allSatisfy(task -> {
            assertThat(task.getAttempt()).isEqualTo(1);
            assertThat(task.getMeta().getPlanId()).isEqualTo("g1");
        });
        assertThat(tasks(AgentKind.MODELING)).as("the model step waits for the loads").isEmpty();
        assertThat(plan("g1").getState()).isEqualTo("RUNNING");
    }

    @Test
    void anInvalidGoalIsRejectedWithItsReasonsAndNeverPlanned() {
        requests().pipeInput("g2", goal("g2", example().replace("agg: sum", "agg: median").replace("orders.order_date", "nowhere.day")));

        TestRecord<String, Object> rejection = output(Topics.GOAL_REJECTIONS).readRecord();
        assertThat(rejection.key()).isEqualTo("g2");
        assertThat(((GoalRejected) rejection.value()).getReasons()).hasSizeGreaterThanOrEqualTo(2);
        PlanState plan = plan("g2");
        assertThat(plan.getState()).isEqualTo("REJECTED");
        assertThat(plan.getReason()).contains("median").contains("nowhere");
        assertThat(output(Topics.GOALS_ACCEPTED).isEmpty()).isTrue();
        assertThat(tasks(AgentKind.INGESTION)).isEmpty();
    }

    @Test
    void aRepeatedGoalIdIsPlannedOnce() {
        requests().pipeInput("g3", goal("g3"));
        requests().pipeInput("g3", goal("g3"));

        assertThat(tasks(AgentKind.INGESTION)).hasSize(3);
        assertThat(plan("g3").getState()).isEqualTo("RUNNING");
    }

    @Test
    void aResultForTheCurrentAttemptAdvancesThePlan() {
        requests().pipeInput("g4", goal("g4"));
        for (TaskRequested load : tasks(AgentKind.INGESTION)) {
            results().pipeInput("g4", result(load, load.getAttempt(), Outcome.SUCCEEDED));
        }

        assertThat(tasks(AgentKind.MODELING)).extracting(TaskRequested::getStep).containsExactly("model");
        assertThat(plan("g4").getSteps()).filteredOn(s -> s.getName().startsWith("ingest_"))
                .extracting(StepState::getState).containsOnly("SUCCEEDED");
    }

    @Test
    void aResultForAStaleAttemptAnUnknownStepOrAnUnknownPlanChangesNothing() {
        requests().pipeInput("g5", goal("g5"));
        TaskRequested load = tasks(AgentKind.INGESTION).get(0);
        TestOutputTopic<String, Object> states = output(Topics.PLAN_STATE);
        states.readRecordsToList();

        results().pipeInput("g5", result(load, load.getAttempt() + 6, Outcome.SUCCEEDED));
        results().pipeInput("g5", TaskResult.newBuilder(result(load, load.getAttempt(), Outcome.SUCCEEDED)).setStep("no_such_step").build());
        results().pipeInput("nobody", result(load, load.getAttempt(), Outcome.SUCCEEDED));

        assertThat(states.isEmpty()).as("no new plan state").isTrue();
        assertThat(tasks(AgentKind.INGESTION)).isEmpty();
        assertThat(tasks(AgentKind.MODELING)).isEmpty();
    }

    @Test
    void aSilentTaskIsRetriedOnceItsTimeoutHasPassed() {
        requests().pipeInput("g6", goal("g6"));
        assertThat(tasks(AgentKind.INGESTION)).hasSize(3);

        driver.advanceWallClockTime(TASK_TIMEOUT.plusSeconds(1));
        assertThat(plan("g6").getSteps()).filteredOn(s -> s.getName().startsWith("ingest_"))
                .extracting(StepState::getState).containsOnly("RETRY_WAIT");
        driver.advanceWallClockTime(BACKOFF);

        assertThat(tasks(AgentKind.INGESTION)).extracting(TaskRequested::getAttempt).containsOnly(2).hasSize(3);
    }

    @Test
    void aRetryWhoseTimeHasComeIsSent() {
        requests().pipeInput("g7", goal("g7"));
        TaskRequested orders = tasks(AgentKind.INGESTION).stream().filter(t -> t.getStep().equals("ingest_orders")).findFirst().orElseThrow();
        results().pipeInput("g7", result(orders, 1, Outcome.ERROR));
        assertThat(tasks(AgentKind.INGESTION)).as("backing off").isEmpty();

        driver.advanceWallClockTime(BACKOFF);

        List<TaskRequested> retried = tasks(AgentKind.INGESTION);
        assertThat(retried).extracting(TaskRequested::getStep).containsExactly("ingest_orders");
        assertThat(retried.get(0).getAttempt()).isEqualTo(2);
    }

    @Test
    void anUndecodableRecordIsDeadLetteredAndTheNextOneIsProcessed() {
        requests().pipeInput("g8", goal("g8"));
        List<TaskRequested> loads = tasks(AgentKind.INGESTION);
        TestInputTopic<String, byte[]> raw = driver.createInputTopic(Topics.TASK_RESULTS, new StringSerializer(), new ByteArraySerializer());

        raw.pipeInput("g8", "not avro".getBytes(StandardCharsets.UTF_8));
        loads.forEach(load -> results().pipeInput("g8", result(load, 1, Outcome.SUCCEEDED)));

        TestRecord<String, byte[]> dead = driver.createOutputTopic(Topics.deadLetter(Topics.TASK_RESULTS), new StringDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer()).readRecord();
        assertThat(dead.key()).isEqualTo("g8");
        assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("not avro");
        assertThat(dead.headers().lastHeader("dea-error")).isNotNull();
        assertThat(tasks(AgentKind.MODELING)).extracting(TaskRequested::getStep).containsExactly("model");
    }

    @Test
    void aRunOfAnAppliedGoalLoadsOnMainUnderTheApplysApprovalThenBuilds() {
        complete("g9");
        runs().pipeInput("g9", run("g9", "g9-run-1"));

        TestRecord<String, Object> checked = output(Topics.RUNS_CHECKED).readRecord();
        assertThat(checked.key()).as("re-keyed to the partition of the run").isEqualTo("g9-run-1");
        List<TaskRequested> loads = tasks(AgentKind.INGESTION);
        assertThat(loads).extracting(TaskRequested::getStep).containsExactlyInAnyOrder("ingest_orders", "ingest_payments", "ingest_customers");
        assertThat(loads).allSatisfy(task -> {
            assertThat(task.getMeta().getPlanId()).isEqualTo("g9-run-1");
            assertThat(task.getMeta().getGoalId()).isEqualTo("g9");
            assertThat(task.getPlanKind()).isEqualTo(PlanKind.RUN);
            assertThat(task.getBranch()).isEqualTo("main");
            assertThat(task.getWriteApproval()).isEqualTo("rita");
            assertThat(task.getApprovedBy()).as("the run's own steps are not approved: drift still needs a review").isNull();
        });
        loads.forEach(load -> results().pipeInput("g9-run-1", result(load, 1, Outcome.SUCCEEDED)));
        List<TaskRequested> builds = tasks(AgentKind.TRANSFORM);
        assertThat(builds).extracting(TaskRequested::getKind).containsExactly(StepKind.BUILD);
        results().pipeInput("g9-run-1", result(builds.get(0), 1, Outcome.SUCCEEDED));

        PlanState run = plan("g9-run-1");
        assertThat(run.getState()).isEqualTo("COMPLETED");
        assertThat(run.getKind()).isEqualTo(PlanKind.RUN);
        assertThat(run.getTrigger()).isEqualTo("test");
        assertThat(plan("g9").getState()).as("the goal's own plan is untouched").isEqualTo("COMPLETED");
    }

    @Test
    void aRunOfAGoalNotAppliedUnknownOrKeyedWronglyIsRefusedUnderItsRunId() {
        requests().pipeInput("g10", goal("g10"));
        tasks(AgentKind.INGESTION);
        runs().pipeInput("g10", run("g10", "r-running"));
        runs().pipeInput("nobody", run("nobody", "r-unknown"));
        complete("g11");
        runs().pipeInput("elsewhere", run("g11", "r-wrong-key"));
        runs().pipeInput("g11", run("g11", "bad id!"));

        assertThat(plan("r-running").getReason()).contains("g10 is RUNNING");
        assertThat(plan("r-unknown").getReason()).contains("no goal nobody is known");
        assertThat(plan("r-wrong-key").getReason()).contains("keyed 'elsewhere'");
        assertThat(plan("bad id!").getReason()).contains("is not 1-128 letters");
        assertThat(List.of("r-running", "r-unknown", "r-wrong-key", "bad id!"))
                .allSatisfy(id -> assertThat(plan(id).getState()).isEqualTo("REJECTED"));
        assertThat(tasks(AgentKind.INGESTION)).as("nothing runs").isEmpty();
    }

    @Test
    void aRepeatedRunIdStartsNothingAndIsNeverOverwrittenByARefusal() {
        complete("g12");
        runs().pipeInput("g12", run("g12", "g12-run-1"));
        assertThat(tasks(AgentKind.INGESTION)).hasSize(3);
        TestOutputTopic<String, Object> states = output(Topics.PLAN_STATE);
        states.readRecordsToList();

        runs().pipeInput("g12", run("g12", "g12-run-1"));
        runs().pipeInput("nobody", run("nobody", "g12-run-1"));

        assertThat(tasks(AgentKind.INGESTION)).isEmpty();
        assertThat(states.isEmpty()).as("the run's state is not overwritten").isTrue();
    }

    /** Drives a goal to COMPLETED: every step succeeds, and its apply is approved by rita and merges. */
    private void complete(String goalId) {
        requests().pipeInput(goalId, goal(goalId));
        for (int round = 0; round < 12 && !"COMPLETED".equals(plan(goalId) == null ? null : plan(goalId).getState()); round++) {
            for (AgentKind agent : AgentKind.values()) {
                for (TaskRequested task : tasks(agent)) {
                    results().pipeInput(goalId, task.getKind() == StepKind.APPLY ? applyResult(task) : result(task, task.getAttempt(),
                            Outcome.SUCCEEDED));
                }
            }
            PlanState state = plan(goalId);
            state.getSteps().stream().filter(s -> "AWAITING_REVIEW".equals(s.getState())).forEach(s -> decisions().pipeInput(goalId,
                    ReviewDecided.newBuilder().setMeta(state.getMeta()).setReviewId(s.getReviewId()).setDecision(Decision.APPROVED)
                            .setDecidedBy("rita").setDecidedAt(Instant.parse("2026-01-01T00:00:00Z")).setKind(s.getReviewKind())
                            .setAttempt(s.getAttempt()).setRole(s.getReviewRole()).build()));
        }
        assertThat(plan(goalId).getState()).isEqualTo("COMPLETED");
    }

    /** The apply asks for its CHANGE review first; approved, it merges. */
    private static TaskResult applyResult(TaskRequested task) {
        TaskResult done = result(task, task.getAttempt(), Outcome.SUCCEEDED);
        if (task.getApprovedBy() == null) {
            return TaskResult.newBuilder(done).setReview(new ReviewNeed("CHANGE", "merge the branch", "diff", "reviewer")).build();
        }
        return TaskResult.newBuilder(done).setOutputs(Map.of("merge_commit", "abc123", "approved_by", task.getApprovedBy())).build();
    }

    private static RunRequested run(String goalId, String runId) {
        return new RunRequested(goalId, runId, "ann", Instant.parse("2026-01-02T00:00:00Z"), "test");
    }

    private TestInputTopic<String, Object> runs() {
        return driver.createInputTopic(Topics.RUN_REQUESTS, new StringSerializer(), avroOut);
    }

    private TestInputTopic<String, Object> decisions() {
        return driver.createInputTopic(Topics.REVIEWS_DECIDED, new StringSerializer(), avroOut);
    }

    private TestInputTopic<String, Object> requests() {
        return driver.createInputTopic(Topics.GOAL_REQUESTS, new StringSerializer(), avroOut);
    }

    private TestInputTopic<String, Object> results() {
        return driver.createInputTopic(Topics.TASK_RESULTS, new StringSerializer(), avroOut);
    }

    private TestOutputTopic<String, Object> output(String topic) {
        return driver.createOutputTopic(topic, new StringDeserializer(), avroIn);
    }

    /** The tasks sent to an agent's topic since the last look, each keyed by its plan id. */
    private List<TaskRequested> tasks(AgentKind agent) {
        return output(Topics.tasks(agent)).readRecordsToList().stream().map(r -> {
            TaskRequested task = (TaskRequested) r.value();
            assertThat(r.key()).isEqualTo(task.getMeta().getPlanId());
            return task;
        }).toList();
    }

    /** The plan's latest state on the compacted plan-state topic (what ./dea status reads). */
    private PlanState plan(String planId) {
        output(Topics.PLAN_STATE).readKeyValuesToMap().forEach((key, value) -> statesSeen.put(key, (PlanState) value));
        return statesSeen.get(planId);
    }

    private static GoalRequested goal(String goalId) {
        return goal(goalId, example());
    }

    private static GoalRequested goal(String goalId, String yaml) {
        return new GoalRequested(goalId, "ann", Instant.parse("2026-01-01T00:00:00Z"), GoalYaml.parse(yaml));
    }

    private static String example() {
        try {
            return Files.readString(EXAMPLE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The agent's answer to a task, as TaskListener builds it. */
    private static TaskResult result(TaskRequested task, int attempt, Outcome outcome) {
        return TaskResult.newBuilder()
                .setMeta(task.getMeta())
                .setTaskId(task.getTaskId())
                .setAttempt(attempt)
                .setStep(task.getStep())
                .setAgent(task.getAgent())
                .setOutcome(outcome)
                .setSummary(outcome == Outcome.SUCCEEDED ? "done" : "could not run")
                .setError(outcome == Outcome.ERROR ? "source unreachable" : null)
                .build();
    }
}
