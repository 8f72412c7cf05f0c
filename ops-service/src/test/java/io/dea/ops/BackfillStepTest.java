package io.dea.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dea.events.v1.StepKind;
import io.dea.platform.step.StepRef;
import io.dea.events.v1.Outcome;
import io.dea.events.v1.TaskProgress;
import io.dea.events.v1.TaskRequested;
import io.dea.platform.agent.TaskOutcome;
import io.dea.platform.testing.TestTasks;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/**
 * The backfill step on a real DuckDB warehouse: an applied mart whose past days are stale is rebuilt
 * day by day from the mart's own SQL, each day recorded once, and a re-sent step skips done days.
 */
class BackfillStepTest {

    private static final String GOAL = """
            goal: daily revenue
            sources:
              - { name: orders, format: csv, location: data/orders.csv }
            mart:
              name: daily_revenue
              grain: [orders.order_date]
              measures:
                - { name: revenue, agg: sum, expr: orders.amount }
            environment: dev
            backfill: { start: 2024-01-02, end: 2024-01-04 }
            """;
    /** What the transform step would have compiled: the mart's SQL over the landing table. */
    private static final String MART_SQL = """
            select order_date, sum(amount) as revenue, count(*) as orders
            from landing.orders
            group by order_date;
            """;

    @TempDir
    Path home;
    private TestTasks tasks;

    @BeforeEach
    void appliedMartWithStaleDays() {
        tasks = new TestTasks(home);
        tasks.warehouse.withConnection(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA landing");
                s.execute("CREATE TABLE landing.orders AS SELECT i AS id, DATE '2024-01-01' + (i % 5)::INTEGER AS order_date,"
                        + " (i * 1.5)::DOUBLE AS amount FROM range(1, 101) t(i)");
                s.execute("CREATE SCHEMA dev");
                s.execute("CREATE TABLE dev.daily_revenue AS " + MART_SQL.replace(";", ""));
                // Late data arrived: the applied mart's days are stale by one order each.
                s.execute("UPDATE dev.daily_revenue SET revenue = revenue - 1000, orders = orders - 1");
            }
            return null;
        });
    }

    @Test
    void shouldRebuildEachAskedDayOnceLeaveOtherDaysAloneAndReportProgressPerDay() throws Exception {
        TaskOutcome outcome = new OpsHandler().handle(tasks.context(task("plan-bf", 1, null)));

        assertThat(outcome.outcome()).as(outcome.summary()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(outcome.outputs()).containsEntry("chunks", "3").containsEntry("chunks_run", "3")
                .containsEntry("mart_table", "dev.daily_revenue");
        assertThat(rows("SELECT order_date::VARCHAR, revenue = expected_revenue, orders FROM dev.daily_revenue m JOIN ("
                + "SELECT order_date, sum(amount) AS expected_revenue FROM landing.orders GROUP BY 1) e USING (order_date) ORDER BY 1"))
                .containsExactly(
                        List.of("2024-01-01", false, 19L),
                        List.of("2024-01-02", true, 20L),
                        List.of("2024-01-03", true, 20L),
                        List.of("2024-01-04", true, 20L),
                        List.of("2024-01-05", false, 19L));
        assertThat(rows("SELECT chunk_day::VARCHAR, rows_written, runner, task_attempt FROM dea_meta.backfill_chunks ORDER BY 1"))
                .containsExactly(List.of("2024-01-02", 1L, "warehouse", 1), List.of("2024-01-03", 1L, "warehouse", 1),
                        List.of("2024-01-04", 1L, "warehouse", 1));
        assertThat(tasks.sink.events(TaskProgress.class)).extracting(TaskProgress::getMessage).containsExactly(
                "backfilled dev.daily_revenue 2024-01-02: 1 rows (1 of 3 days)",
                "backfilled dev.daily_revenue 2024-01-03: 1 rows (2 of 3 days)",
                "backfilled dev.daily_revenue 2024-01-04: 1 rows (3 of 3 days)");
    }

    @Test
    void shouldSkipDaysAnEarlierAttemptFinishedWhenTheStepIsSentAgain() throws Exception {
        // An earlier attempt finished 2024-01-02 and stopped; make that day stale again to see it is not redone.
        tasks.warehouse.withConnection(c -> {
            BackfillChunks.create(c);
            BackfillChunks.record(c, "plan-resume", java.time.LocalDate.parse("2024-01-02"), "dev.daily_revenue", 1L, "warehouse", null, 1);
            return null;
        });

        TaskOutcome outcome = new OpsHandler().handle(tasks.context(task("plan-resume", 2, null)));

        assertThat(outcome.outputs()).containsEntry("chunks_run", "2");
        assertThat(outcome.summary()).contains("2 days run, 1 already done");
        assertThat(rows("SELECT chunk_day::VARCHAR, task_attempt FROM dea_meta.backfill_chunks ORDER BY 1"))
                .containsExactly(List.of("2024-01-02", 1), List.of("2024-01-03", 2), List.of("2024-01-04", 2));
        assertThat(rows("SELECT orders FROM dev.daily_revenue WHERE order_date = DATE '2024-01-02'"))
                .as("the finished day is not rebuilt").containsExactly(List.of(19L));

        TaskOutcome again = new OpsHandler().handle(tasks.context(task("plan-resume", 3, null)));
        assertThat(again.outputs()).containsEntry("chunks_run", "0");
    }

    @Test
    void shouldAskAReviewerFirstWhenTheEstimatedScanIsOverTheLimitAndRunOnceApproved() throws Exception {
        OpsProperties strict = new OpsProperties(OpsProperties.defaults().airflow(),
                new OpsProperties.Backfill(DataSize.ofBytes(1000), Duration.ZERO));
        OpsHandler handler = new OpsHandler(strict, new ShutdownSignal());

        TaskOutcome outcome = handler.handle(tasks.context(task("plan-big", 1, null)));

        // 100 rows x (8 id + 4 date + 8 amount) = 2,000 bytes a day, 3 days.
        assertThat(outcome.review()).isNotNull();
        assertThat(outcome.review().kind()).isEqualTo("BACKFILL");
        assertThat(outcome.review().requiredRole()).isEqualTo("reviewer");
        assertThat(outcome.review().summary()).isEqualTo("Backfill dev.daily_revenue 2024-01-02..2024-01-04 (3 days): about 5.9 KB"
                + " scanned, over 1000 B");
        assertThat(outcome.outputs()).containsEntry("estimated_bytes", "6000");
        assertThat(rows("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'backfill_chunks'")).containsExactly(List.of(0L));

        TaskOutcome approved = handler.handle(tasks.context(TestTasks.approved(task("plan-big", 1, null), "rita")));
        assertThat(approved.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(approved.review()).isNull();
        assertThat(approved.outputs()).containsEntry("chunks_run", "3");
    }

    @Test
    void shouldStopBetweenDaysWhenItsServiceIsStoppingSoTheRetryResumes() {
        ShutdownSignal signal = new ShutdownSignal();
        signal.onApplicationEvent(null);

        assertThatThrownBy(() -> new OpsHandler(OpsProperties.defaults(), signal).handle(tasks.context(task("plan-stop", 1, null))))
                .hasMessage("the ops service is stopping after 0 of 3 days; the retried step resumes from the next day");
        assertThat(rows("SELECT count(*) FROM dea_meta.backfill_chunks")).containsExactly(List.of(0L));
    }

    private TaskRequested task(String planId, int attempt, String approvedBy) {
        TaskRequested task = tasks.task(planId, StepRef.of(StepKind.BACKFILL), "ops", TestTasks.goal(GOAL), Map.of(
                "transform.compiled_sql", MART_SQL,
                "transform.grain_columns", "order_date",
                "apply.mart_table", "dev.daily_revenue",
                "schedule.dag_id", "dea_daily_revenue"));
        // the apply step's approver: the orchestrator sends a backfill to write the environment under that approval
        return TaskRequested.newBuilder(task).setAttempt(attempt).setApprovedBy(approvedBy).setWriteApproval("ann").build();
    }

    @Test
    void shouldBeRefusedByTheWriteGateWhenThePlansApplyWasNeverApproved() {
        TaskRequested approved = task("plan-unapproved", 1, null);
        TaskRequested task = TaskRequested.newBuilder(approved).setWriteApproval(null).build();

        assertThatThrownBy(() -> new OpsHandler(OpsProperties.defaults(), new ShutdownSignal()).handle(tasks.context(task)))
                .hasStackTraceContaining("schema dev is a shared environment: only an approved step writes it");
        assertThat(rows("SELECT count(*) FROM dea_meta.backfill_chunks WHERE plan_id = 'plan-unapproved'")).containsExactly(List.of(0L));
    }

    private List<List<Object>> rows(String sql) {
        return tasks.warehouse.query(sql).rows();
    }
}
