package io.dea.platform.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dea.events.v1.StepKind;
import io.dea.events.v1.TaskRequested;
import io.dea.platform.review.ReviewKind;
import io.dea.platform.step.StepRef;
import io.dea.platform.testing.TestTasks;
import io.dea.platform.warehouse.Warehouse;
import io.dea.platform.warehouse.WriteRefusedException;
import java.sql.Statement;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a handler learns from its task: the step's kind, and the approval its writes run under, as the orchestrator sent them. */
class TaskContextTest {

    private static final String GOAL = """
            goal: Daily revenue
            sources:
              - { name: orders, format: csv, location: data/orders.csv }
            mart:
              name: daily_revenue
              grain: [orders.order_date]
              measures:
                - { name: revenue, agg: sum, expr: orders.amount }
            environment: prod
            """;

    @TempDir
    Path home;
    private TestTasks tasks;

    @BeforeEach
    void aWarehouseWithAnEnvironment() {
        tasks = new TestTasks(home);
        run(tasks.warehouse, "CREATE SCHEMA prod");
    }

    private static void run(Warehouse warehouse, String sql) {
        warehouse.withConnection(c -> {
            try (Statement s = c.createStatement()) {
                s.execute(sql);
            }
            return null;
        });
    }

    private TaskRequested backfill() {
        return tasks.task("plan-1", StepRef.of(StepKind.BACKFILL), "ops", TestTasks.goal(GOAL), Map.of());
    }

    @Test
    void aTaskWithoutAKindIsRefusedAsUnusableNotGuessedFromItsName() {
        TaskContext context = tasks.context(TaskRequested.newBuilder(backfill()).setKind(null).build());

        assertThatThrownBy(context::kind).isInstanceOf(TaskContext.UnusableGoalException.class)
                .hasMessageContaining("names no step kind");
        assertThat(tasks.context(backfill()).kind()).isEqualTo(StepKind.BACKFILL);
    }

    @Test
    void anIngestTaskNamesItsSourceAsAnInput() {
        TaskRequested ingest = tasks.task("plan-1", StepRef.ingest("orders"), "ingestion", TestTasks.goal(GOAL), Map.of());

        assertThat(ingest.getStep()).isEqualTo("ingest_orders");
        assertThat(tasks.context(ingest).source()).isEqualTo("orders");
    }

    @Test
    void theWritesRunUnderTheApprovalTheOrchestratorPutOnTheTask() {
        TaskRequested underApply = TaskRequested.newBuilder(backfill()).setWriteApproval("ann").build();

        run(tasks.context(underApply).warehouse(), "CREATE TABLE prod.rebuilt AS SELECT 1 AS x");

        assertThat(tasks.context(underApply).approved()).as("the backfill's own approval").isFalse();
        assertThat(tasks.warehouse.query("SELECT count(*) FROM prod.rebuilt").rows()).containsExactly(java.util.List.of(1L));
    }

    @Test
    void aTaskFromAnOlderOrchestratorWithoutTheWriteApprovalWritesAsUnapprovedEvenWhenApproved() {
        TaskRequested old = TaskRequested.newBuilder(TestTasks.approved(backfill(), "ann")).setWriteApproval(null).build();

        assertThatThrownBy(() -> run(tasks.context(old).warehouse(), "CREATE TABLE prod.rebuilt AS SELECT 1 AS x"))
                .hasRootCauseInstanceOf(WriteRefusedException.class);
        assertThat(tasks.warehouse.query("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'prod'").rows())
                .containsExactly(java.util.List.of(0L));
    }

    @Test
    void dbtIsNotStartedIntoAnEnvironmentWithoutTheApprovalNorIntoAnyOtherSchema() {
        TaskContext unapproved = tasks.context(backfill());
        TaskContext underApply = tasks.context(TaskRequested.newBuilder(backfill()).setWriteApproval("ann").build());

        assertThatThrownBy(() -> unapproved.dbt("prod", java.util.List.of("build")))
                .isInstanceOf(WriteRefusedException.class).hasMessageContaining("only an approved step writes it");
        assertThatThrownBy(() -> underApply.dbt("staging", java.util.List.of("build")))
                .isInstanceOf(WriteRefusedException.class).hasMessageContaining("approved for prod, not for staging");
        assertThatThrownBy(() -> underApply.dbt("landing", java.util.List.of("build")))
                .isInstanceOf(WriteRefusedException.class).hasMessageContaining("dbt builds only into");
        assertThatThrownBy(() -> unapproved.dbtUnderPolicy("staging", java.util.List.of("build"), "some.policy"))
                .isInstanceOf(WriteRefusedException.class).as("a policy stands in for an approval of the task's own environment only")
                .hasMessageContaining("approved for prod, not for staging");
        assertThat(unapproved.workDir()).as("nothing was exported for dbt").doesNotExist();
    }

    @Test
    void aGatedStepAsksAPersonOnlyWhileItHasNoApprovalAndOnlyWhenItsDecisionNeedsOne() {
        TaskContext unapproved = tasks.context(backfill());
        TaskContext approved = tasks.context(TestTasks.approved(backfill(), "ann"));

        TaskOutcome held = TaskOutcome.succeeded("over the limit").heldForReview(unapproved, true, ReviewKind.BACKFILL, "rebuild 30 days", "plan");
        assertThat(held.review().kind()).isEqualTo("BACKFILL");
        assertThat(held.review().requiredRole()).isEqualTo(ReviewKind.BACKFILL.requiredRole());
        assertThat(TaskOutcome.succeeded("applied").heldForReview(approved, true, ReviewKind.BACKFILL, "rebuild 30 days", "plan").review())
                .as("the approved attempt applies and never asks twice").isNull();
        assertThat(TaskOutcome.succeeded("small").heldForReview(unapproved, false, ReviewKind.BACKFILL, "rebuild 1 day", "plan").review())
                .as("nothing to ask").isNull();
    }
}
