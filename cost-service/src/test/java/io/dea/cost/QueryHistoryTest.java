package io.dea.cost;

import static org.assertj.core.api.Assertions.assertThat;

import io.dea.events.v1.StepKind;
import io.dea.platform.step.StepRef;
import io.dea.events.v1.Outcome;
import io.dea.events.v1.TaskRequested;
import io.dea.events.v1.ToolCallAudited;
import io.dea.platform.agent.TaskOutcome;
import io.dea.platform.testing.TestTasks;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** "Watch what ran": real queries on a real DuckDB file, profiled, recorded, priced and metered. */
class QueryHistoryTest {

    private static final String MART_SQL = """
            with paid as (select order_id, sum(amount) as amount from "warehouse"."landing"."payments" group by order_id)
            select orders.order_date, sum(paid.amount) as revenue
            from "warehouse"."landing"."orders" orders left join paid on paid.order_id = orders.id
            group by orders.order_date""";

    private static final String GOAL = """
            goal: Daily revenue
            sources:
              - { name: orders, format: csv, location: data/orders.csv }
              - { name: payments, format: csv, location: data/payments.csv }
            mart:
              name: daily_revenue
              grain: [orders.order_date]
              measures:
                - { name: revenue, agg: sum, expr: payments.amount }
            owner: analytics-team
            """;

    @TempDir
    Path home;
    private TestTasks tasks;

    @BeforeEach
    void landTables() {
        tasks = new TestTasks(home);
        tasks.warehouse.withConnection(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA landing");
                s.execute("""
                        CREATE TABLE landing.orders AS
                        SELECT i AS id, DATE '2024-01-01' + (i % 30)::INTEGER AS order_date FROM range(1, 20001) t(i)""");
                s.execute("""
                        CREATE TABLE landing.payments AS
                        SELECT i AS id, 1 + i % 20000 AS order_id, (i * 1.25)::DECIMAL(12, 2) AS amount FROM range(1, 100001) t(i)""");
            }
            return null;
        });
    }

    @Test
    void shouldRecordWhatTheMartQueryDidAndAdviseIncrementalWhenItReadsFarMoreThanItReturns() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        CostProperties properties = new CostProperties("10GB", new BigDecimal("6.25"), "bigquery",
                Map.of("bigquery", new BigDecimal("5.00")), 100, true);
        TaskRequested task = tasks.task("plan-ran", StepRef.of(StepKind.COST), "cost", TestTasks.goal(GOAL), Map.of("transform.compiled_sql", MART_SQL));

        TaskOutcome outcome = new CostHandler(properties, meters).handle(tasks.context(task));

        assertThat(outcome.outcome()).isEqualTo(Outcome.SUCCEEDED);
        // 20,000 orders + 100,000 payments read to return 30 days.
        assertThat(outcome.outputs()).containsEntry("ran_rows_scanned", "120000").containsEntry("ran_rows_returned", "30");
        long bytes = Long.parseLong(outcome.outputs().get("ran_bytes_scanned"));
        // orders: id 8 + order_date 4; payments: order_id 8 + amount 8, every row read once.
        assertThat(bytes).isEqualTo(20000L * 12 + 100000L * 16);
        assertThat(bytes).isEqualTo(Long.parseLong(outcome.outputs().get("estimated_bytes")));
        assertThat(outcome.outputs().get("advice")).startsWith("materialize daily_revenue as incremental on orders.order_date")
                .contains("reads 120000 rows to return 30 (4000 per row returned, threshold 100)");

        List<List<Object>> rows = tasks.warehouse.query("SELECT plan_id, kind, subject, rows_scanned, rows_returned, bytes_scanned,"
                + " usd, seconds > 0, advice LIKE 'materialize%' FROM dea_meta.query_history").rows();
        BigDecimal usd = new BigDecimal("5.00").multiply(BigDecimal.valueOf(bytes))
                .divide(BigDecimal.valueOf(1024).pow(4), 6, java.math.RoundingMode.HALF_UP);
        assertThat(rows).containsExactly(List.of("plan-ran", "mart", "daily_revenue", 120000L, 30L, bytes, usd, true, true));

        Timer timer = meters.get("dea.query.duration").tag("kind", "mart").timer();
        assertThat(timer.count()).isEqualTo(1);
        assertThat(timer.totalTime(TimeUnit.NANOSECONDS)).isPositive();
        DistributionSummary scanned = meters.get("dea.query.bytes.scanned").tag("kind", "mart").summary();
        assertThat(scanned.totalAmount()).isEqualTo(bytes);
        assertThat(tasks.sink.events(ToolCallAudited.class)).extracting(ToolCallAudited::getTool)
                .containsExactly("warehouse.explain", "warehouse.table_stats", "warehouse.profile", "warehouse.query_history", "git.commit");
        assertThat(tasks.artifacts.files("plan/plan-ran").get("models/daily_revenue/cost_report.md"))
                .contains("## What ran (EXPLAIN ANALYZE)", "Rows scanned: 120000, returned: 30", "### Advice");
    }

    @Test
    void shouldCountTheRowsAQueryWithMaterializedCtesReturns() {
        // DuckDB puts a CTE operator (0 rows of its own) above the query when a CTE is used twice.
        QueryRun run = new QueryProfiler().run(tasks.context(tasks.task("plan-c", StepRef.of(StepKind.COST), "cost", TestTasks.goal(GOAL), Map.of()))
                .warehouse(), "adhoc", "ctes", """
                WITH per_day AS MATERIALIZED (SELECT order_date, count(*) AS n FROM landing.orders GROUP BY order_date)
                SELECT a.order_date, a.n FROM per_day a JOIN per_day b USING (order_date) ORDER BY 1""");

        assertThat(run.rowsReturned()).isEqualTo(30);
    }

    @Test
    void shouldAdvisePartitioningByTheFilteredColumnWhenAScanIsFiltered() {
        QueryRun run = new QueryProfiler().run(tasks.context(tasks.task("plan-f", StepRef.of(StepKind.COST), "cost", TestTasks.goal(GOAL), Map.of()))
                .warehouse(), "adhoc", "one_day", "SELECT count(*) FROM landing.orders WHERE order_date = DATE '2024-01-05'");

        assertThat(run.rowsReturned()).isEqualTo(1);
        assertThat(run.tables()).singleElement().satisfies(t -> assertThat(t.filters()).isNotEmpty());
        assertThat(ScanAdvice.advise(run, 100, null)).singleElement().asString()
                .startsWith("partition or cluster landing.orders by order_date");
        assertThat(ScanAdvice.advise(run, 1e9, null)).isEmpty();
    }

    @Test
    void shouldNotRunAQueryOverBudgetBeforeItIsApproved() throws Exception {
        String yaml = GOAL + "budget:\n  max_bytes_scanned: \"1KB\"\n";
        TaskRequested task = tasks.task("plan-big", StepRef.of(StepKind.COST), "cost", TestTasks.goal(yaml), Map.of("transform.compiled_sql", MART_SQL));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();

        TaskOutcome outcome = new CostHandler(CostProperties.defaults(), meters).handle(tasks.context(task));

        assertThat(outcome.review()).isNotNull();
        assertThat(outcome.outputs()).doesNotContainKey("ran_bytes_scanned");
        assertThat(meters.find("dea.query.duration").timer()).isNull();
        assertThat(tasks.warehouse.query("SELECT count(*) FROM information_schema.tables WHERE table_name = 'query_history'").rows())
                .containsExactly(List.of(0L));

        TaskOutcome approved = new CostHandler(CostProperties.defaults(), meters).handle(tasks.context(TestTasks.approved(task, "carol")));
        assertThat(approved.outputs()).containsEntry("ran_rows_returned", "30");
        assertThat(meters.get("dea.query.duration").timer().count()).isEqualTo(1);
    }
}
