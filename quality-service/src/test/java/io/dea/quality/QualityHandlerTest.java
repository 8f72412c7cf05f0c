package io.dea.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.dea.events.v1.StepKind;
import io.dea.platform.step.StepRef;
import io.dea.events.v1.GoalSpec;
import io.dea.events.v1.Outcome;
import io.dea.platform.agent.TaskOutcome;
import io.dea.platform.artifact.DataProject;
import io.dea.platform.testing.TestTasks;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Key tests written, built and run by real dbt in a real DuckDB sandbox, over a small shop whose
 * sources file and mart model are committed as the model and transform steps would.
 */
class QualityHandlerTest {

    private static final GoalSpec GOAL = TestTasks.goal("""
            goal: orders per day
            sources:
              - {name: orders, format: csv, location: orders.csv}
              - {name: customers, format: csv, location: customers.csv}
            mart:
              name: shop_daily
              grain: [orders.order_date]
              measures: [{name: order_count, agg: count, expr: orders.id}]
            """);
    private static final String SOURCES_YML = """
            version: 2
            sources:
              - name: shop_daily_landing
                schema: landing
                tables:
                  - name: orders
                    meta: {primary_key: id}
                  - name: customers
                    meta: {primary_key: id}
            """;
    private static final String MODEL = """
            {{ config(materialized='table') }}
            select order_date, count(id) as order_count
            from {{ source('shop_daily_landing', 'orders') }}
            group by 1
            """;

    @TempDir
    Path home;

    private TestTasks tasks;
    private final QualityHandler handler = new QualityHandler();

    @BeforeEach
    void setUp() {
        tasks = new TestTasks(home);
        sql("CREATE SCHEMA landing",
                "CREATE TABLE landing.customers AS SELECT range + 1 AS id, 'customer ' || range AS name FROM range(10)",
                "CREATE TABLE landing.orders AS SELECT range + 1 AS id, 1 + range % 10 AS customer_id, "
                        + "DATE '2024-03-01' + CAST(range % 5 AS INTEGER) AS order_date, 'paid' AS status FROM range(25)");
        tasks.artifacts.commit(DataProject.branch("p1"), Map.of(
                "models/shop_daily/sources.yml", SOURCES_YML,
                "models/shop_daily/shop_daily.sql", MODEL), "model step and transform step", "test");
    }

    @Test
    void shouldPassOnCleanDataAndCommitTheTests() throws Exception {
        TaskOutcome outcome = quality(Map.of("model.primary_keys", "orders:id,customers:id"));

        assertThat(outcome.outcome()).as(outcome.summary()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(outcome.outputs()).containsEntry("tests", "8").containsEntry("failures", "0");
        Map<String, String> files = tasks.artifacts.files(DataProject.branch("p1"));
        assertThat(files.get("models/shop_daily/shop_daily_tests.yml")).contains("name: shop_daily", "name: order_date",
                "data_tests:", "- not_null", "- unique");
        assertThat(files).containsKeys("tests/shop_daily/shop_daily__orders_id_unique.sql",
                "tests/shop_daily/shop_daily__customers_id_not_null.sql");
        assertThat(tasks.warehouse.query("SELECT count(*) FROM sandbox_p1.shop_daily").rows().get(0).get(0)).isEqualTo(5L);
    }

    @Test
    void shouldFailWithTheDuplicatedRowsWhenALandingKeyRepeats() throws Exception {
        sql("INSERT INTO landing.orders VALUES (3, 7, DATE '2024-03-09', 'duplicate')");

        TaskOutcome outcome = quality(Map.of());

        assertThat(outcome.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(outcome.outputs()).containsEntry("failures", "1");
        assertThat(outcome.summary()).contains("shop_daily__orders_id_unique (fail, 2 failing rows)",
                "id=3, customer_id=7, order_date=2024-03-09, status=duplicate", "id=3, customer_id=3, order_date=2024-03-03, status=paid", "(2 skipped)");
    }

    @Test
    void shouldFailWithTheRowsWhereAKeyIsNull() throws Exception {
        sql("INSERT INTO landing.orders VALUES (NULL, 2, DATE '2024-03-02', 'no key')",
                "INSERT INTO landing.orders VALUES (26, 2, NULL, 'no date')");

        TaskOutcome outcome = quality(Map.of("model.primary_keys", "orders:id,customers:id"));

        assertThat(outcome.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(outcome.error()).isEqualTo("shop_daily__orders_id_not_null");
        assertThat(outcome.summary()).contains("id=null, customer_id=2, order_date=2024-03-02, status=no key");
    }

    @Test
    void shouldFailWhenTheMartsGrainRepeatsOrIsNull() throws Exception {
        sql("INSERT INTO landing.orders VALUES (26, 2, NULL, 'no date')");

        TaskOutcome outcome = quality(Map.of("model.primary_keys", "orders:id,customers:id"));

        assertThat(outcome.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(outcome.error()).isEqualTo("not_null_shop_daily_order_date");
        assertThat(outcome.summary()).contains("not_null_shop_daily_order_date (fail, 1 failing rows)", "order_date=null");
    }

    @Test
    void shouldTestAGrainOfSeveralColumnsAsACombination() {
        GoalSpec goal = TestTasks.goal("""
                goal: g
                sources: [{name: orders, format: csv, location: o.csv}, {name: customers, format: csv, location: c.csv}]
                mart:
                  name: m
                  grain: [orders.id, customers.id, orders.order_date]
                  measures: [{name: n, agg: count, expr: orders.id}]
                """);

        MartKeys keys = MartKeys.of(goal, null, null, null);
        var files = KeyTests.files("m", keys);

        assertThat(keys.grain()).containsExactly("orders_id", "customers_id", "order_date");
        assertThat(files).extracting(f -> f.path()).containsExactly("models/m/m_tests.yml", "tests/m/m__grain_unique.sql");
        assertThat(files.get(0).content()).doesNotContain("unique");
        assertThat(files.get(1).content()).contains("group by \"orders_id\", \"customers_id\", \"order_date\"", "{{ ref('m') }}");
    }

    private TaskOutcome quality(Map<String, String> inputs) throws Exception {
        return handler.handle(tasks.context(tasks.task("p1", StepRef.of(StepKind.QUALITY), "quality", GOAL, inputs)));
    }

    private void sql(String... statements) {
        tasks.warehouse.withConnection(c -> {
            for (String s : statements) {
                c.createStatement().execute(s);
            }
            return null;
        });
    }
}
