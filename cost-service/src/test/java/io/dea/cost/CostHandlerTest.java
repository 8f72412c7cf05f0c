package io.dea.cost;

import static org.assertj.core.api.Assertions.assertThat;

import io.dea.events.v1.StepKind;
import io.dea.platform.step.StepRef;
import io.dea.events.v1.Outcome;
import io.dea.events.v1.TaskRequested;
import io.dea.events.v1.ToolCallAudited;
import io.dea.platform.agent.TaskOutcome;
import io.dea.platform.testing.TestTasks;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cost step on a real DuckDB warehouse and a real Git data project. */
class CostHandlerTest {

    /** What the transform step hands over: dbt's compiled mart SQL, sources resolved to the warehouse. */
    private static final String COMPILED = """
            with orders as (
                select * from "warehouse"."landing"."orders"
            ), paid as (
                select order_id, sum(amount) as amount from "warehouse"."landing"."payments" group by order_id
            )
            select orders.order_date, sum(paid.amount) as revenue, count(distinct orders.id) as order_count
            from orders left join paid on paid.order_id = orders.id
            where orders.status <> 'returned'
            group by orders.order_date
            """;

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
                        SELECT i AS id, DATE '2024-01-01' + (i % 30)::INTEGER AS order_date,
                               CASE WHEN i % 5 = 0 THEN 'returned' ELSE 'paid' END AS status,
                               'some long free text that the mart never reads ' || i AS note
                        FROM range(1, 1001) t(i)""");
                s.execute("""
                        CREATE TABLE landing.payments AS
                        SELECT i AS id, 1 + i % 1000 AS order_id, (i * 1.25)::DECIMAL(12, 2) AS amount
                        FROM range(1, 5001) t(i)""");
            }
            return null;
        });
    }

    @Test
    void shouldOpenACostReviewWhenTheEstimateIsOverATinyBudget() throws Exception {
        TaskOutcome outcome = handle(task("plan-tiny", "1KB"), CostProperties.defaults());

        assertThat(outcome.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(outcome.review()).isNotNull();
        assertThat(outcome.review().kind()).isEqualTo("COST");
        assertThat(outcome.review().requiredRole()).isEqualTo("cost-approver");
        assertThat(outcome.review().summary()).matches("daily_revenue: estimated [0-9.]+ KB scanned, over budget 1 KB");
        assertThat(outcome.review().diff()).contains("# Cost estimate: daily_revenue", "landing.orders", "landing.payments",
                "Seq Scan", "```sql");
        long bytes = Long.parseLong(outcome.outputs().get("estimated_bytes"));
        // orders: id 8 + order_date 4 + status ~4 bytes; payments: order_id 8 + amount 8. The note column is never read.
        assertThat(bytes).isBetween(1000L * 16 + 5000L * 16, 1000L * 17 + 5000L * 16);
        assertThat(outcome.summary()).contains("method: row count (duckdb_tables)");
        assertThat(outcome.artifacts()).extracting(a -> a.getKind() + ":" + a.getPath())
                .containsExactly("cost_report:models/daily_revenue/cost_report.md");
        assertThat(tasks.artifacts.files("plan/plan-tiny").get("models/daily_revenue/cost_report.md"))
                .contains("**over budget**", "status VARCHAR").doesNotContain("note VARCHAR");
        assertThat(tasks.sink.events(ToolCallAudited.class)).extracting(ToolCallAudited::getTool)
                .containsExactly("warehouse.explain", "warehouse.table_stats", "git.commit");
    }

    @Test
    void shouldSucceedWithoutReviewWithinAGenerousBudget() throws Exception {
        TaskOutcome outcome = handle(task("plan-generous", "10GB"), CostProperties.defaults());

        assertThat(outcome.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(outcome.review()).isNull();
        assertThat(outcome.summary()).startsWith("daily_revenue: estimated ").contains("within budget 10 GB", "at $6.25/TB");
        assertThat(outcome.outputs()).containsKey("estimated_bytes").containsEntry("budget_bytes", "10737418240");
    }

    @Test
    void shouldUseThePlatformDefaultBudgetWhenTheGoalHasNone() throws Exception {
        TaskOutcome outcome = handle(task("plan-default", null), new CostProperties("2KB", new BigDecimal("5")));

        assertThat(outcome.review()).isNotNull();
        assertThat(outcome.review().summary()).endsWith("over budget 2 KB");
        assertThat(outcome.review().diff()).contains("the platform default dea.cost.default-max-bytes", "at $5 per TB");
    }

    @Test
    void aGoalBudgetAboveThePlatformCeilingCountsOnlyUpToTheCeiling() throws Exception {
        CostProperties ceiling = new CostProperties("10GB", new BigDecimal("6.25"), "bigquery", java.util.Map.of(), 100, true,
                null, "2KB");

        TaskOutcome outcome = handle(task("plan-lifted", "100TB"), ceiling);

        assertThat(outcome.review()).as("the gate still opens at the ceiling").isNotNull();
        assertThat(outcome.review().summary()).endsWith("over budget 2 KB");
        assertThat(outcome.review().diff()).contains("dea.cost.max-budget", "the goal asked for 100TB");
    }

    @Test
    void shouldFailClearlyOnABadBudget() throws Exception {
        TaskOutcome outcome = handle(task("plan-bad", "ten gigs"), CostProperties.defaults());

        assertThat(outcome.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(outcome.summary()).isEqualTo("bad budget: budget.max_bytes_scanned 'ten gigs' is not a size");
        assertThat(outcome.error()).contains("e.g. 10GB, 500MB, 1.5TB or 1024");
    }

    @Test
    void shouldSucceedWithoutAskingAgainOnceApproved() throws Exception {
        TaskRequested approved = TestTasks.approved(task("plan-approved", "1KB"), "carol");

        TaskOutcome outcome = handle(approved, CostProperties.defaults());

        assertThat(outcome.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(outcome.review()).isNull();
        assertThat(outcome.summary()).contains("over budget 1 KB", "approved by carol");
    }

    @Test
    void shouldRefuseSqlThatIsNotOneQueryOrCannotBePlanned() throws Exception {
        TaskOutcome twoStatements = handle(task("plan-evil", "10GB", "select 1; drop table landing.orders"), CostProperties.defaults());
        TaskOutcome unknownTable = handle(task("plan-missing", "10GB", "select * from landing.refunds"), CostProperties.defaults());

        assertThat(twoStatements.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(twoStatements.error()).contains("more than one statement");
        assertThat(unknownTable.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(unknownTable.summary()).startsWith("daily_revenue: the warehouse cannot plan the compiled SQL of model daily_revenue "
                + "(models/daily_revenue/daily_revenue.sql): Catalog Error: ").contains("refunds");
        assertThat(unknownTable.error()).contains("refunds");
        assertThat(tasks.warehouse.query("SELECT count(*) FROM landing.orders").rows().get(0).get(0)).isEqualTo(1000L);
    }

    @Test
    void shouldNameTheModelAndDuckDbsOwnReasonWhenTheCompiledSqlCannotBePlanned() throws Exception {
        TaskOutcome sumOfText = handle(task("plan-text", "10GB", "select order_date, sum(note) as revenue from landing.orders group by 1"),
                CostProperties.defaults());

        assertThat(sumOfText.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(sumOfText.summary()).startsWith("daily_revenue: the warehouse cannot plan the compiled SQL of model daily_revenue "
                + "(models/daily_revenue/daily_revenue.sql): Binder Error: ").contains("sum(VARCHAR)");
        assertThat(sumOfText.error()).startsWith("DuckDB cannot plan the compiled SQL of model daily_revenue "
                + "(models/daily_revenue/daily_revenue.sql): Binder Error: ").contains("sum(VARCHAR)", "LINE 1:");
        assertThat(sumOfText.error()).as("planning reads no rows: no value of the column").doesNotContain("some long free text");
    }

    private TaskOutcome handle(TaskRequested task, CostProperties properties) throws Exception {
        return new CostHandler(properties).handle(tasks.context(task));
    }

    private TaskRequested task(String planId, String budget) {
        return task(planId, budget, COMPILED);
    }

    private TaskRequested task(String planId, String budget, String compiledSql) {
        String yaml = budget == null ? GOAL : GOAL + "budget:\n  max_bytes_scanned: \"" + budget + "\"\n";
        return tasks.task(planId, StepRef.of(StepKind.COST), "cost", TestTasks.goal(yaml),
                Map.of("transform.compiled_sql", compiledSql, "transform.model_path", "models/daily_revenue/daily_revenue.sql"));
    }
}
