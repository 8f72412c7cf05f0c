package io.dea.stack.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dea.events.v1.PlanState;
import io.dea.platform.artifact.ArtifactStore;
import io.dea.platform.artifact.DataProject;
import io.dea.platform.warehouse.DuckDbWarehouse;
import io.dea.stack.StackFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * Plans clean up after themselves on a real stack: the ops agent drops a completed goal's sandbox and
 * deletes its branch (retention 0s by default), a rolled-back goal leaves neither sandbox nor rollback
 * copies, and {@code ./dea gc} lists and removes what a rejected goal keeps for its debugging window.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LifecycleTest {

    private static final Duration WEEK = Duration.ofDays(7);

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
    void aCompletedGoalLeavesNoSandboxAndARolledBackGoalNoRollbackCopies() throws Exception {
        String goalId = GoalSubmission.submit(connection, goal("lifecycle_revenue"));
        PlanState end = new PlanFollower(connection, goalId, true, false).follow();
        assertThat(end.getState()).as("goal %s: %s", goalId, end.getReason()).isEqualTo("COMPLETED");

        waitUntil("the sandbox and branch of " + goalId + " are removed", () -> !sandboxExists(goalId) && !branchExists(goalId));
        assertThat(rollbackPoints(goalId)).as("kept for their 7-day retention, so the goal can still be rolled back").isPositive();
        assertThat(gc(true)).as("./dea gc --dry-run after a clean run").isEmpty();

        PlanState undone = RollbackCommand.rollback(connection, goalId, "lifecycle test");
        assertThat(undone.getState()).as("rollback: %s", undone.getReason()).isEqualTo("ROLLED_BACK");

        waitUntil("the rollback copies of " + goalId + " are pruned", () -> rollbackPoints(goalId) == 0);
        assertThat(sandboxExists(goalId)).isFalse();
        assertThat(gc(true)).as("./dea gc --dry-run after a rollback").isEmpty();
        assertThatThrownBy(() -> RollbackCommand.checkNotPruned(fixture.stack.files().warehouse(), goalId))
                .hasMessageContaining("can no longer be rolled back").hasMessageContaining("pruned");
    }

    @Test
    void gcListsAndRemovesWhatARejectedGoalKeepsForDebugging() throws Exception {
        String goalId = GoalSubmission.submit(connection, goal("lifecycle_rejected"));
        JsonNode review = waitForReview(goalId);
        connection.decide(review.path("id").asString(), false, "not this one");
        waitUntil(goalId + " is rejected", () -> "REJECTED".equals(connection.planStates().get(goalId).getState()));
        Thread.sleep(12_000); // a lifecycle pass (every 10 s) has seen it ended, and keeps it for a day
        assertThat(sandboxExists(goalId)).as("a rejected goal's sandbox is kept for its debugging window").isTrue();

        List<String> listed = gc(true);
        assertThat(listed).containsExactly("would remove sandbox schema " + DataProject.sandboxSchema(goalId) + ": " + why(listed.get(0)),
                "would remove branch " + DataProject.branch(goalId) + ": " + why(listed.get(1)));
        assertThat(sandboxExists(goalId)).as("a dry run removes nothing").isTrue();

        List<String> removed = gc(false);
        assertThat(removed).hasSize(2).allMatch(line -> line.startsWith("removed "));
        assertThat(sandboxExists(goalId) || branchExists(goalId)).isFalse();
        assertThat(gc(true)).isEmpty();
    }

    private static String why(String line) {
        return line.substring(line.indexOf(": ") + 2);
    }

    private List<String> gc(boolean dryRun) {
        List<String> lines = new ArrayList<>();
        boolean clean = GcCommand.gc(connection.planStates(), fixture.stack.files(), WEEK, dryRun, lines);
        assertThat(clean).as("gc: %s", lines).isTrue();
        return lines;
    }

    private boolean sandboxExists(String goalId) {
        return count("SELECT count(*) FROM information_schema.schemata WHERE schema_name = '"
                + DataProject.sandboxSchema(goalId) + "'") > 0;
    }

    private boolean branchExists(String goalId) {
        return new ArtifactStore(fixture.stack.files().dataProject()).branchExists(DataProject.branch(goalId));
    }

    private long rollbackPoints(String goalId) {
        return count("SELECT count(*) FROM dea_meta.rollback_points WHERE plan_id = '" + goalId + "'");
    }

    private long count(String sql) {
        var rows = new DuckDbWarehouse(fixture.stack.files().warehouse(), true).query(sql).rows();
        return ((Number) rows.get(0).get(0)).longValue();
    }

    private JsonNode waitForReview(String goalId) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(10));
        while (Instant.now().isBefore(deadline)) {
            for (JsonNode review : connection.reviews(true, goalId)) {
                return review;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no review opened for " + goalId);
    }

    private static void waitUntil(String what, BooleanSupplier done) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            if (done.getAsBoolean()) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("not within 90 s: " + what);
    }

    /** A two-source revenue mart in dev. */
    private static Path goal(String mart) throws java.io.IOException {
        Path data = Path.of("../examples/daily-revenue/data").toAbsolutePath();
        Path goal = Files.createTempFile("lifecycle-goal", ".yaml");
        Files.writeString(goal, """
                goal: revenue for the lifecycle test
                sources:
                  - { name: orders, format: csv, location: %1$s/orders.csv, primary_key: id }
                  - { name: payments, format: csv, location: %1$s/payments.csv }
                relationships: [payments.order_id -> orders.id]
                mart:
                  name: %2$s
                  grain: [orders.order_date]
                  measures: [{ name: revenue, agg: sum, expr: payments.amount }]
                environment: dev
                """.formatted(data, mart));
        return goal;
    }
}
