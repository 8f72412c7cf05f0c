package io.dea.transform;

import static org.assertj.core.api.Assertions.assertThat;

import io.dea.events.v1.GoalSpec;
import io.dea.events.v1.Outcome;
import io.dea.events.v1.StepKind;
import io.dea.events.v1.TaskRequested;
import io.dea.platform.agent.TaskContext;
import io.dea.platform.agent.TaskOutcome;
import io.dea.platform.artifact.ArtifactStore;
import io.dea.platform.artifact.DataProject;
import io.dea.platform.dbt.Dbt;
import io.dea.platform.step.StepRef;
import io.dea.platform.testing.TestTasks;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second mart over sources another mart's merged plan staged already selects from that mart's
 * staging models instead of writing its own, cites them, and builds from a fresh schema with real dbt
 * into real DuckDB; a source whose staging would differ (another column name) gets its own model.
 */
class StagingReuseTest {

    @TempDir
    static Path home;
    private static TestTasks tasks;
    private static String merged;

    @BeforeAll
    static void mergeDailyRevenue() throws Exception {
        tasks = new TestTasks(home);
        new ShopData(30, 60, 5L).load(tasks.warehouse, home.resolve("data"));
        TaskOutcome first = transform("p1", "daily_revenue", Map.of());
        assertThat(first.outputs()).containsEntry("reused", "");
        // A test of daily_revenue's that reads a staging model a revenue mart does not read (customers):
        // a build of another revenue mart must not run it, or it finds no such table in a fresh schema.
        tasks.artifacts.commit(DataProject.branch("p1"), Map.of("tests/daily_revenue/orders_have_customers.sql", """
                select o.customer_id from {{ ref('stg_daily_revenue__orders') }} as o
                where o.customer_id not in (select c.id from {{ ref('stg_daily_revenue__customers') }} as c)
                """), "a test of daily_revenue", "test");
        merged = tasks.artifacts.merge(DataProject.branch("p1"), "alice");
    }

    @Test
    void shouldSelectFromTheMergedStagingModelsCiteThemAndBuildInAFreshSandbox() throws Exception {
        TaskOutcome second = transform("p2", "revenue_by_day", Map.of());

        String commit = merged.substring(0, 10);
        assertThat(second.outputs().get("reused")).isEqualTo(String.join(",",
                "customers <- models/daily_revenue/staging/stg_daily_revenue__customers.sql (merged in " + commit + ")",
                "orders <- models/daily_revenue/staging/stg_daily_revenue__orders.sql (merged in " + commit + ")",
                "payments <- models/daily_revenue/staging/stg_daily_revenue__payments.sql (merged in " + commit + ")"));
        assertThat(second.summary()).contains("over 0 staging views and 3 reused");
        String diff = tasks.artifacts.diff(DataProject.branch("p2"));
        assertThat(diff).contains("models/revenue_by_day/revenue_by_day.sql").doesNotContain("/staging/");
        String model = tasks.artifacts.files(DataProject.branch("p2")).get("models/revenue_by_day/revenue_by_day.sql");
        assertThat(model).contains("{{ ref('stg_daily_revenue__payments') }}", "{{ ref('stg_daily_revenue__orders') }}");
        assertThat(second.outputs().get("compiled_sql")).contains("\"landing\".\"payments\"").doesNotContain("stg_daily_revenue");

        build("p2", "revenue_by_day");
        assertSameRows("p2", "revenue_by_day", List.of("order_date", "revenue", "order_count"), TransformHandlerTest.DAILY_REVENUE_SQL);
    }

    @Test
    void shouldWriteItsOwnStagingModelForASourceWhoseNamesDiffer() throws Exception {
        TaskOutcome renamed = transform("p3", "revenue_by_order_day", Map.of("model.column_names", "orders.order_date->ordered_on"));

        assertThat(renamed.outputs().get("reused")).contains("payments <- models/daily_revenue/staging/stg_daily_revenue__payments.sql")
                .doesNotContain("orders <-");
        assertThat(renamed.outputs()).containsEntry("staging_paths", "models/revenue_by_order_day/staging/stg_revenue_by_order_day__orders.sql");
        assertThat(tasks.artifacts.files(DataProject.branch("p3")).get("models/revenue_by_order_day/revenue_by_order_day.sql"))
                .contains("{{ ref('stg_revenue_by_order_day__orders') }}", "{{ ref('stg_daily_revenue__payments') }}");

        build("p3", "revenue_by_order_day");
        assertSameRows("p3", "revenue_by_order_day", List.of("order_date", "revenue", "order_count"), TransformHandlerTest.DAILY_REVENUE_SQL);
    }

    @Test
    void shouldListTheReusedModelsInTheChangeReviewAndBuildThemIntoAnEnvironmentThatLacksThem() throws Exception {
        TaskOutcome transformed = transform("p4", "revenue_per_day", Map.of());
        Map<String, String> inputs = new HashMap<>();
        transformed.outputs().forEach((key, value) -> inputs.put("transform." + key, value));
        TaskRequested apply = tasks.task("p4", StepRef.of(StepKind.APPLY), "transform", goal("revenue_per_day", "staging"), inputs);

        TaskOutcome proposed = new TransformHandler().handle(tasks.context(apply));

        assertThat(proposed.review().kind()).isEqualTo("CHANGE");
        assertThat(proposed.review().summary()).contains("reuses staging: customers <- models/daily_revenue/staging/stg_daily_revenue__customers.sql");
        assertThat(proposed.review().diff()).contains("staging models of other marts this mart selects from")
                .contains("  orders <- models/daily_revenue/staging/stg_daily_revenue__orders.sql (merged in " + merged.substring(0, 10) + ")")
                .doesNotContain("stg_revenue_per_day__");
        String before = tasks.artifacts.files(ArtifactStore.MAIN).get("models/daily_revenue/staging/stg_daily_revenue__orders.sql");

        TaskOutcome applied = new TransformHandler().handle(tasks.context(TestTasks.approved(apply, "alice")));

        assertThat(applied.outcome()).as(applied.summary() + "\n" + applied.error()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(count("SELECT count(*) FROM staging.revenue_per_day")).isPositive();
        assertThat(count("SELECT count(*) FROM staging.stg_daily_revenue__orders")).isEqualTo(count("SELECT count(*) FROM landing.orders"));
        assertThat(tasks.artifacts.files(ArtifactStore.MAIN).get("models/daily_revenue/staging/stg_daily_revenue__orders.sql")).isEqualTo(before);
    }

    private static TaskOutcome transform(String planId, String mart, Map<String, String> extra) throws Exception {
        tasks.artifacts.commit(DataProject.branch(planId), Map.of(DataProject.modelDir(mart) + "/sources.yml", ShopData.sourcesYml(mart)),
                "sources of " + mart, "test");
        Map<String, String> inputs = new HashMap<>(TransformHandlerTest.Shop.inputs());
        inputs.putAll(extra);
        TaskRequested task = tasks.task(planId, StepRef.of(StepKind.TRANSFORM), "transform", goal(mart), inputs);
        TaskOutcome outcome = new TransformHandler().handle(tasks.context(task));
        assertThat(outcome.outcome()).as(outcome.summary() + "\n" + outcome.error()).isEqualTo(Outcome.SUCCEEDED);
        return outcome;
    }

    static GoalSpec goal(String mart) {
        return goal(mart, "dev");
    }

    static GoalSpec goal(String mart, String environment) {
        return TestTasks.goal("goal: g\n" + ShopData.SOURCES + TransformHandlerTest.DAILY_REVENUE.replace("name: daily_revenue", "name: " + mart)
                + "environment: " + environment + "\n");
    }

    /** The mart and everything upstream of it, into the plan's sandbox, which nothing was built into before. */
    private static void build(String planId, String mart) throws Exception {
        String schema = DataProject.sandboxSchema(planId);
        assertThat(count("SELECT count(*) FROM information_schema.tables WHERE table_schema = '" + schema + "'")).as("relations in " + schema).isZero();
        TaskContext context = tasks.context(tasks.task(planId, StepRef.of(StepKind.QUALITY), "quality", goal(mart), Map.of()));
        Dbt.DbtResult built = context.dbt(schema, TransformStep.withUpstream("build", mart));
        assertThat(built.ok()).as(built.tail(60)).isTrue();
        assertThat(tasks.artifacts.files(ArtifactStore.MAIN)).containsKey("models/daily_revenue/staging/stg_daily_revenue__orders.sql");
    }

    private static void assertSameRows(String planId, String mart, List<String> columns, String expectedSql) {
        String table = DataProject.sandboxSchema(planId) + "." + mart;
        assertThat(tasks.warehouse.query("SELECT * FROM " + table + " LIMIT 0").columns()).containsExactlyElementsOf(columns);
        String difference = "(FROM " + table + " EXCEPT ALL FROM (" + expectedSql + ")) UNION ALL (FROM (" + expectedSql + ") EXCEPT ALL FROM " + table + ")";
        assertThat(count("SELECT count(*) FROM (" + difference + ")")).as("rows that differ").isZero();
        assertThat(count("SELECT count(*) FROM " + table)).isPositive();
    }

    private static long count(String sql) {
        return ((Number) tasks.warehouse.query(sql).rows().get(0).get(0)).longValue();
    }
}
