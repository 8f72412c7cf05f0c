package io.dea.transform;

import static org.assertj.core.api.Assertions.assertThat;

import io.dea.events.v1.StepKind;
import io.dea.platform.step.StepRef;
import io.dea.events.v1.GoalSpec;
import io.dea.events.v1.Outcome;
import io.dea.events.v1.TaskRequested;
import io.dea.platform.agent.TaskContext;
import io.dea.platform.agent.TaskOutcome;
import io.dea.platform.artifact.DataProject;
import io.dea.platform.dbt.Dbt;
import io.dea.platform.testing.TestTasks;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The transform agent's marts, built by real dbt into a real DuckDB warehouse, checked against
 * hand-written SQL over the same generated data, at two sizes. Each shop's marts are transformed
 * on one plan branch and built with one dbt run, so dbt starts as few times as possible.
 */
class TransformHandlerTest {

    static final String DAILY_REVENUE = """
            mart:
              name: daily_revenue
              grain: [orders.order_date]
              time_grain: day
              measures:
                - {name: revenue, agg: sum, expr: payments.amount}
                - {name: order_count, agg: count_distinct, expr: orders.id}
              filters: ["orders.status <> 'returned'"]
            """;
    /** DAILY_REVENUE's rows, by hand. */
    static final String DAILY_REVENUE_SQL = """
            WITH kept AS (SELECT * FROM landing.orders WHERE status <> 'returned'),
            revenue AS (SELECT k.order_date, sum(p.amount) AS revenue FROM landing.payments p JOIN kept k ON p.order_id = k.id GROUP BY 1),
            counted AS (SELECT order_date, count(*) AS order_count FROM kept GROUP BY 1)
            SELECT c.order_date, coalesce(r.revenue, 0), c.order_count FROM counted c LEFT JOIN revenue r USING (order_date)""";
    private static final String CUSTOMER_ORDERS = """
            mart:
              name: customer_orders
              grain: [customers.id]
              measures:
                - {name: order_count, agg: count, expr: orders.id}
                - {name: revenue, agg: sum, expr: payments.amount}
                - {name: largest_payment, agg: max, expr: payments.amount}
            """;
    private static final String BUYERS_BY_COUNTRY = """
            mart:
              name: buyers_by_country
              grain: [customers.country]
              measures: [{name: buyers, agg: count, expr: customers.id}]
              filters: ["orders.status <> 'returned'"]
            """;
    private static final String WEEKLY_REVENUE = """
            mart:
              name: weekly_revenue
              grain: [orders.ordered_at]
              time_grain: week
              measures:
                - {name: revenue, agg: sum, expr: payments.amount}
                - {name: order_count, agg: count_distinct, expr: orders.id}
              filters: ["orders.status <> 'returned'"]
            """;

    @TempDir
    static Path root;

    private static final Shop SMALL = new Shop("small", new ShopData(30, 50, 7L));
    private static final Shop LARGE = new Shop("large", new ShopData(400, 2000, 11L));

    static Stream<Shop> shops() {
        return Stream.of(SMALL, LARGE);
    }

    @ParameterizedTest
    @MethodSource("shops")
    void shouldSumPaymentsOncePerDayWithTheOrderFilterReachingThePayments(Shop shop) throws Exception {
        shop.build();
        assertThat(shop.scalar("SELECT count(*) FROM (SELECT order_id FROM landing.payments GROUP BY 1 HAVING count(*) > 1)"))
                .as("orders with several payments").isPositive();

        shop.assertSameRows("daily_revenue", List.of("order_date", "revenue", "order_count"), DAILY_REVENUE_SQL);
    }

    @ParameterizedTest
    @MethodSource("shops")
    void shouldKeepCustomersWithoutOrdersWithZeroCountsAndSums(Shop shop) throws Exception {
        shop.build();

        shop.assertSameRows("customer_orders", List.of("id", "order_count", "revenue", "largest_payment"), """
                SELECT c.id,
                  (SELECT count(*) FROM landing.orders o WHERE o.customer_id = c.id),
                  coalesce((SELECT sum(p.amount) FROM landing.payments p JOIN landing.orders o ON p.order_id = o.id WHERE o.customer_id = c.id), 0),
                  (SELECT max(p.amount) FROM landing.payments p JOIN landing.orders o ON p.order_id = o.id WHERE o.customer_id = c.id)
                FROM landing.customers c""");
        assertThat(shop.scalar("SELECT count(*) FROM " + shop.schema() + ".customer_orders WHERE order_count = 0 AND revenue = 0"))
                .as("customers without orders").isPositive();
    }

    @ParameterizedTest
    @MethodSource("shops")
    void shouldTurnAFilterOnOrdersIntoAnExistsTestForAMeasureOnCustomers(Shop shop) throws Exception {
        shop.build();

        shop.assertSameRows("buyers_by_country", List.of("country", "buyers"), """
                SELECT c.country, count(*) FROM landing.customers c
                WHERE EXISTS (SELECT 1 FROM landing.orders o WHERE o.customer_id = c.id AND o.status <> 'returned')
                GROUP BY 1""");
    }

    @Test
    void shouldTruncateATimestampGrainToTheWeekAsADate() throws Exception {
        LARGE.build();

        LARGE.assertSameRows("weekly_revenue", List.of("ordered_at", "revenue", "order_count"), """
                WITH kept AS (SELECT *, CAST(date_trunc('week', ordered_at) AS DATE) AS week FROM landing.orders WHERE status <> 'returned'),
                revenue AS (SELECT k.week, sum(p.amount) AS revenue FROM landing.payments p JOIN kept k ON p.order_id = k.id GROUP BY 1),
                counted AS (SELECT week, count(*) AS order_count FROM kept GROUP BY 1)
                SELECT c.week, coalesce(r.revenue, 0), c.order_count FROM counted c LEFT JOIN revenue r USING (week)""");
        assertThat(LARGE.tasks().warehouse.query("SELECT typeof(ordered_at) FROM " + LARGE.schema() + ".weekly_revenue LIMIT 1")
                .rows().get(0).get(0)).isEqualTo("DATE");
    }

    @Test
    void shouldCommitTheModelAndAnswerWithItsCompiledSql() throws Exception {
        SMALL.build();
        TaskOutcome outcome = SMALL.outcomes.get("daily_revenue");

        assertThat(outcome.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(outcome.outputs()).containsEntry("model_path", "models/daily_revenue/daily_revenue.sql")
                .containsEntry("grain_columns", "order_date");
        assertThat(outcome.outputs().get("compiled_sql")).contains("\"landing\".\"payments\"", "'returned'").doesNotContain("{{");
        String model = SMALL.tasks().artifacts.files(DataProject.branch(SMALL.planId())).get("models/daily_revenue/daily_revenue.sql");
        assertThat(model).contains("{{ config(materialized='table',", "{{ ref('stg_daily_revenue__payments') }}",
                "\"orders\".\"status\" <> 'returned'");
        // Partitioned and clustered by the time grain where the warehouse has partitions (BigQuery);
        // the same model built on DuckDB above, where the expressions give none.
        assertThat(model).contains("partition_by=({'field': 'order_date', 'data_type': 'date', 'granularity': 'day'} if target.type == 'bigquery' else none)",
                "cluster_by=(['order_date'] if target.type == 'bigquery' else none)");
        assertThat(outcome.outputs().get("materialization_reason")).contains("partitioned and clustered by order_date on BigQuery");
    }

    @Test
    void shouldRefuseMeasuresThatWouldFanOutOrCannotReachTheGrain(@TempDir Path home) throws Exception {
        TestTasks tasks = new TestTasks(home);
        new ShopData(5, 5, 1L).load(tasks.warehouse, home.resolve("data"));

        TaskOutcome downward = transform(tasks, "p1", """
                mart:
                  name: m
                  grain: [orders.order_date]
                  measures: [{name: n, agg: count, expr: customers.id}]
                """);
        GoalSpec unrelated = TestTasks.goal("goal: g\n" + ShopData.SOURCES + """
                mart:
                  name: m
                  grain: [orders.order_date]
                  measures: [{name: n, agg: sum, expr: payments.amount * orders.id}]
                """);
        TaskOutcome withoutRelationships = handle(tasks, tasks.task("p2", StepRef.of(StepKind.TRANSFORM), "transform", unrelated,
                Map.of("model.primary_keys", ShopData.PRIMARY_KEYS, "model.relationships", "")));

        assertThat(downward.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(downward.summary()).contains("measure n is on customers", "orders cannot be reached");
        assertThat(withoutRelationships.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(withoutRelationships.summary()).contains("measure n combines [payments, orders], which are not related many-to-one");
        assertThat(tasks.artifacts.branchExists(DataProject.branch("p1"))).isFalse();
    }

    @Test
    void shouldRejectGoalTextThatIsNotAPlainColumnExpression(@TempDir Path home) throws Exception {
        TestTasks tasks = new TestTasks(home);
        new ShopData(5, 5, 1L).load(tasks.warehouse, home.resolve("data"));

        TaskOutcome injected = transform(tasks, "p1", DAILY_REVENUE.replace("orders.status <> 'returned'",
                "orders.status <> 'x' OR (SELECT 1) = 1"));
        TaskOutcome jinja = transform(tasks, "p2", DAILY_REVENUE.replace("'returned'", "'{{ run_query(1) }}'"));
        TaskOutcome unknown = transform(tasks, "p3", DAILY_REVENUE.replace("orders.status", "orders.state"));

        assertThat(injected.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(injected.summary()).contains("is not allowed");
        assertThat(jinja.summary()).contains("Jinja delimiter");
        assertThat(unknown.summary()).contains("orders has no column state");
        assertThat(tasks.artifacts.files(DataProject.branch("p1"))).doesNotContainKey("models/daily_revenue/daily_revenue.sql");
    }

    @Test
    void shouldAskForAReviewWithTheDiffAndApplyOnlyOnceApproved(@TempDir Path home) throws Exception {
        TestTasks tasks = new TestTasks(home);
        new ShopData(10, 20, 3L).load(tasks.warehouse, home.resolve("data"));
        GoalSpec goal = TestTasks.goal("goal: daily revenue\n" + ShopData.SOURCES + DAILY_REVENUE + "environment: staging\n");
        tasks.artifacts.commit(DataProject.branch("p1"), Map.of("models/daily_revenue/sources.yml", ShopData.sourcesYml("daily_revenue")),
                "sources", "test");
        assertThat(handle(tasks, tasks.task("p1", StepRef.of(StepKind.TRANSFORM), "transform", goal, Shop.inputs())).outcome()).isEqualTo(Outcome.SUCCEEDED);
        TaskRequested apply = tasks.task("p1", StepRef.of(StepKind.APPLY), "transform", goal, Map.of());

        TaskOutcome proposed = handle(tasks, apply);

        assertThat(proposed.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(proposed.review().kind()).isEqualTo("CHANGE");
        assertThat(proposed.review().summary()).isEqualTo("Apply daily_revenue to staging: 5 files");
        assertThat(proposed.review().diff()).contains("models/daily_revenue/daily_revenue.sql");
        assertThat(proposed.review().requiredRole()).isEqualTo("reviewer");
        assertThat(tasks.artifacts.files("main")).doesNotContainKey("models/daily_revenue/daily_revenue.sql");

        TaskOutcome applied = handle(tasks, TestTasks.approved(apply, "alice"));

        assertThat(applied.outcome()).as(applied.error()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(applied.review()).isNull();
        assertThat(applied.outputs()).containsEntry("mart_table", "staging.daily_revenue").containsKey("merge_commit");
        assertThat(tasks.artifacts.files("main")).containsKey("models/daily_revenue/daily_revenue.sql");
        assertThat(((Number) tasks.warehouse.query("SELECT count(*) FROM staging.daily_revenue").rows().get(0).get(0)).longValue())
                .isPositive();
    }

    @Test
    void shouldCiteTheNamingStandardAndShowEveryDocumentAndModelWrittenPartAboveTheDiff(@TempDir Path home) throws Exception {
        TestTasks tasks = new TestTasks(home);
        new ShopData(10, 20, 3L).load(tasks.warehouse, home.resolve("data"));
        GoalSpec goal = TestTasks.goal("goal: daily revenue\n" + ShopData.SOURCES + DAILY_REVENUE + "environment: staging\n");
        String naming = "# The team's naming standard\nprefixes:\n  staging: stg_\n";
        tasks.artifacts.commit(DataProject.branch("p1"), Map.of("models/daily_revenue/sources.yml", ShopData.sourcesYml("daily_revenue"),
                "naming.yml", naming), "sources and naming", "test");
        Map<String, String> modeled = new java.util.HashMap<>(Shop.inputs());
        modeled.put("model.naming_path", "naming.yml");

        TaskOutcome transformed = handle(tasks, tasks.task("p1", StepRef.of(StepKind.TRANSFORM), "transform", goal, modeled));

        String cited = io.dea.platform.policy.PolicyDocuments.cite("naming.yml", naming);
        assertThat(transformed.outputs()).containsEntry("documents", cited);
        Map<String, String> earlier = new java.util.HashMap<>();
        transformed.outputs().forEach((k, v) -> earlier.put("transform." + k, v));
        io.dea.platform.step.StepOutputs.encode(new io.dea.platform.step.Outputs.Governance("", "", null, List.of("docs/pii.md@1234567")))
                .forEach((k, v) -> earlier.put("governance." + k, v));
        io.dea.platform.step.StepOutputs.encode(new io.dea.platform.step.Outputs.Schedule("dags/daily_revenue.py", "dea_daily_revenue",
                List.of("docs/slas.md@89abcde"))).forEach((k, v) -> earlier.put("schedule." + k, v));

        earlier.put("intake.read_by", "openai m, prompt measure@v1");
        earlier.put("intake.matches", "measure revenue: sum(payments.amount) from 'money paid' (written by openai m, prompt measure@v1)");
        TaskOutcome proposed = handle(tasks, tasks.task("p1", StepRef.of(StepKind.APPLY), "transform", goal, earlier));

        assertThat(proposed.review().summary())
                .isEqualTo("Apply daily_revenue to staging: 6 files; follows " + cited + ", docs/pii.md@1234567, docs/slas.md@89abcde"
                        + "; 1 part(s) written by a language model");
        assertThat(proposed.review().diff()).startsWith("written by a language model (from the goal's words; a person approved it in the "
                + "INTENT review):\n  measure revenue: sum(payments.amount) from 'money paid' (written by openai m, prompt measure@v1)\n\n"
                + "documents the plan's steps followed (path@blob, as on the plan's branch):\n  "
                + cited + "\n  docs/pii.md@1234567\n  docs/slas.md@89abcde\n\n");
    }

    private static TaskOutcome transform(TestTasks tasks, String planId, String mart) throws Exception {
        GoalSpec goal = TestTasks.goal("goal: g\n" + ShopData.SOURCES + mart);
        return handle(tasks, tasks.task(planId, StepRef.of(StepKind.TRANSFORM), "transform", goal, Shop.inputs()));
    }

    private static TaskOutcome handle(TestTasks tasks, TaskRequested task) throws Exception {
        return new TransformHandler().handle(tasks.context(task));
    }

    /** One generated shop in its own warehouse, its marts transformed on one plan and built once. */
    static final class Shop {
        private final String name;
        private final ShopData data;
        private TestTasks tasks;
        final Map<String, TaskOutcome> outcomes = new LinkedHashMap<>();

        Shop(String name, ShopData data) {
            this.name = name;
            this.data = data;
        }

        static Map<String, String> inputs() {
            return Map.of("model.primary_keys", ShopData.PRIMARY_KEYS, "model.relationships", ShopData.RELATIONSHIPS);
        }

        TestTasks tasks() {
            return tasks;
        }

        String planId() {
            return "plan-" + name;
        }

        String schema() {
            return DataProject.sandboxSchema(planId());
        }

        synchronized void build() throws Exception {
            if (tasks != null) {
                return;
            }
            TestTasks t = new TestTasks(root.resolve(name));
            data.load(t.warehouse, root.resolve(name).resolve("data"));
            List<String> marts = new ArrayList<>(List.of(DAILY_REVENUE, CUSTOMER_ORDERS, BUYERS_BY_COUNTRY));
            if (this == LARGE) {
                marts.add(WEEKLY_REVENUE);
            }
            TaskContext last = null;
            List<String> select = new ArrayList<>(List.of("build", "--select"));
            for (String mart : marts) {
                GoalSpec goal = TestTasks.goal("goal: g\n" + ShopData.SOURCES + mart);
                String martName = goal.getMart().getName();
                t.artifacts.commit(DataProject.branch(planId()), Map.of(DataProject.modelDir(martName) + "/sources.yml",
                        ShopData.sourcesYml(martName)), "sources of " + martName, "test");
                last = t.context(t.task(planId(), StepRef.of(StepKind.TRANSFORM), "transform", goal, inputs()));
                TaskOutcome outcome = new TransformHandler().handle(last);
                assertThat(outcome.outcome()).as(martName + ": " + outcome.summary() + "\n" + outcome.error()).isEqualTo(Outcome.SUCCEEDED);
                outcomes.put(martName, outcome);
                select.add(DataProject.modelDir(martName));
            }
            Dbt.DbtResult built = last.dbt(schema(), select);
            assertThat(built.ok()).as(built.output()).isTrue();
            tasks = t;
        }

        long scalar(String sql) {
            return ((Number) tasks.warehouse.query(sql).rows().get(0).get(0)).longValue();
        }

        /** The mart has these columns and exactly the rows of the hand-written query, no more and no fewer. */
        void assertSameRows(String mart, List<String> columns, String expectedSql) {
            String table = schema() + "." + mart;
            assertThat(tasks.warehouse.query("SELECT * FROM " + table + " LIMIT 0").columns()).containsExactlyElementsOf(columns);
            String difference = "(SELECT 'unexpected' AS side, * FROM (FROM " + table + " EXCEPT ALL FROM (" + expectedSql + ")))"
                    + " UNION ALL (SELECT 'missing' AS side, * FROM (FROM (" + expectedSql + ") EXCEPT ALL FROM " + table + "))";
            assertThat(tasks.warehouse.query("SELECT * FROM (" + difference + ") LIMIT 10").rows()).as("rows that differ").isEmpty();
            assertThat(scalar("SELECT count(*) FROM " + table)).isEqualTo(scalar("SELECT count(*) FROM (" + expectedSql + ")")).isPositive();
        }
    }
}
