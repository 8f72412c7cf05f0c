package io.dea.stack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dea.events.v1.PlanState;
import io.dea.events.v1.StepState;
import io.dea.platform.warehouse.DuckDbWarehouse;
import io.dea.platform.warehouse.Warehouse;
import io.dea.stack.StackFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * What a platform team relies on when things are not tidy: a client nobody here wrote (Confluent's
 * Python client) submits goals and reads our records, and an orchestrator that restarts mid-plan
 * finishes the plan without running any step twice.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ForeignClientAndRestartTest {

    private static final Set<String> GATED = Set.of("apply", "governance");

    private StackFixture fixture;
    private StackConnection connection;

    @BeforeAll
    void startStack() throws Exception {
        fixture = new StackFixture();
        connection = Connections.to(fixture);
    }

    @AfterAll
    void stopStack() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void confluentsPythonClientPublishesAGoalThatIsPlannedAndDecodesThePlanWeWrote() throws Exception {
        String python = System.getenv("DEA_PYTHON");
        assertThat(python).as("DEA_PYTHON (set by ./dea test) must name the virtualenv's python").isNotBlank();
        String goalId = "py-" + System.currentTimeMillis();
        ProcessBuilder client = new ProcessBuilder(python, "src/test/python/confluent_client.py", fixture.stack.bootstrapServers(),
                fixture.stack.registryUrl(), "../examples/daily-revenue/goal.yaml",
                Path.of("../examples/daily-revenue/data").toAbsolutePath().toString(), goalId)
                .redirectErrorStream(true);
        // It logs in as the submitter, with what ./dea env prints.
        client.environment().putAll(EnvCommand.env(fixture.stack.files()));
        Process process = client.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();

        JsonNode seen = PlanPrinter.JSON.readTree(output.lines().reduce((a, b) -> b).orElseThrow());
        assertThat(seen.path("goal_id").asString()).isEqualTo(goalId);
        assertThat(seen.path("mart").asString()).isEqualTo("daily_revenue");
        assertThat(seen.path("produced_by").asString()).isEqualTo("orchestrator-service");
        assertThat(seen.path("steps").values()).extracting(JsonNode::asString)
                .contains("ingest_orders", "ingest_payments", "ingest_customers", "model", "transform", "apply");
        assertThat(connection.planStates().get(goalId)).isNotNull();
    }

    @Test
    void anOrchestratorRestartedMidPlanFinishesThePlanWithNoStepRunTwice() throws Exception {
        String goalId = GoalSubmission.submit(connection, Path.of("../examples/daily-revenue/goal.yaml"));
        waitFor(goalId, p -> p.getSteps().stream().anyMatch(s -> s.getName().equals("model") && s.getState().equals("SUCCEEDED")));

        fixture.stack.restart("orchestrator-service");

        PlanState end = new PlanFollower(connection, goalId, true, true).follow();
        assertThat(end.getState()).as("ended: %s", end.getReason()).isEqualTo("COMPLETED");
        for (StepState step : end.getSteps()) {
            int expected = GATED.contains(step.getName()) && step.getApprovedBy() != null ? 2 : 1;
            assertThat(step.getAttempt()).as("attempts of %s", step.getName()).isEqualTo(expected);
        }
        Warehouse warehouse = new DuckDbWarehouse(fixture.stack.files().warehouse(), true);
        List<List<Object>> runs = warehouse.query("""
                SELECT task_id, count(*) FROM dea_meta.task_ledger WHERE task_id LIKE '%s:%%' GROUP BY task_id""".formatted(goalId)).rows();
        for (List<Object> run : runs) {
            String step = run.get(0).toString().substring(goalId.length() + 1);
            long expected = end.getSteps().stream().filter(s -> s.getName().equals(step)).findFirst().orElseThrow().getAttempt();
            assertThat(((Number) run.get(1)).longValue()).as("runs of %s", step).isEqualTo(expected);
        }
        assertThat(runs).hasSize(end.getSteps().size());
    }

    @Test
    void theWholeStackStoppedMidPlanStartsAgainWhereItWasAndFinishesThePlan() throws Exception {
        String goalId = GoalSubmission.submit(connection, Path.of("../examples/daily-revenue/goal.yaml"));
        waitFor(goalId, p -> p.getSteps().stream().anyMatch(s -> s.getName().equals("transform") && s.getState().equals("SUCCEEDED")));

        fixture.restart();
        connection = Connections.to(fixture);

        PlanState end = new PlanFollower(connection, goalId, true, true).follow();
        assertThat(end.getState()).as("ended: %s", end.getReason()).isEqualTo("COMPLETED");
        assertThat(end.getSteps().stream().filter(s -> s.getName().startsWith("ingest_")))
                .allMatch(s -> s.getAttempt() == 1);
        assertThat(connection.reviews(false, goalId)).isNotEmpty();
    }

    private PlanState waitFor(String goalId, java.util.function.Predicate<PlanState> done) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline)) {
            PlanState state = connection.planStates().get(goalId);
            if (state != null && done.test(state)) {
                return state;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("goal " + goalId + " did not get there in 120 s: " + connection.planStates().get(goalId));
    }
}
