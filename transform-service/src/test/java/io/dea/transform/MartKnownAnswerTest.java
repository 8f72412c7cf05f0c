package io.dea.transform;

import static org.assertj.core.api.Assertions.assertThat;

import io.dea.events.v1.GoalSpec;
import io.dea.platform.agent.TaskOutcome;
import io.dea.platform.testing.TestTasks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Known answers: generated shops of several shapes and sizes go through the real ingest, model and
 * transform steps and one real dbt build into a real DuckDB file; every mart must equal a query
 * written by hand over the raw CSV files. The shapes: 3 seeds x 10, 1000 and 20000 orders, and one
 * whose payment and item files are empty; every shape has customers without orders, null amounts
 * and quantities, and payment and item lines exported twice. Two marts per shape: one row per
 * customer (kept when it has no orders) and revenue by day, week or month over three joined sources
 * where orders fan out to payments and to items and the filter on orders must reach both.
 */
class MartKnownAnswerTest {

    @TempDir
    static Path root;

    private static final List<GeneratedShop> SHAPES = new ArrayList<>();
    private static final Map<String, String> TIME_GRAIN = new LinkedHashMap<>();
    private static final Map<String, TaskOutcome> OUTCOMES = new LinkedHashMap<>();
    /** Each dbt compile costs seconds, so the per-customer mart covers every size and seed once rather than all nine pairs. */
    private static final List<String> CUSTOMER_SHAPES = List.of("s1_n10", "s1_n1000", "s1_n20000", "s2_n1000", "s3_n20000", "empty");
    private static Pipeline pipeline;

    @BeforeAll
    static void buildEveryShape() throws Exception {
        String[] grains = {"day", "week", "month"};
        int g = 0;
        for (long seed = 1; seed <= 3; seed++) {
            for (int orders : new int[] {10, 1000, 20_000}) {
                GeneratedShop shop = new GeneratedShop("s" + seed + "_n" + orders, seed, orders, false);
                SHAPES.add(shop);
                TIME_GRAIN.put(shop.tag(), grains[g++ % 3]);
            }
        }
        GeneratedShop empty = new GeneratedShop("empty", 4, 200, true);
        SHAPES.add(empty);
        TIME_GRAIN.put(empty.tag(), "week");

        pipeline = new Pipeline(new TestTasks(root.resolve("home"), root), "known-answers");
        Path data = root.resolve("data");
        for (GeneratedShop shop : SHAPES) {
            shop.write(data);
            pipeline.ingest(customerGoal(shop, data));
            if (CUSTOMER_SHAPES.contains(shop.tag())) {
                OUTCOMES.put(shop.tag() + "_customer_value", pipeline.modelAndTransform(customerGoal(shop, data), new TransformHandler()));
            }
            OUTCOMES.put(shop.tag() + "_revenue", pipeline.modelAndTransform(revenueGoal(shop, data, "", TIME_GRAIN.get(shop.tag())),
                    new TransformHandler()));
        }
        pipeline.build();
    }

    static GoalSpec customerGoal(GeneratedShop shop, Path data) {
        return TestTasks.goal("goal: customer value\n" + shop.sourcesYaml(data) + """
                mart:
                  name: %1$s_customer_value
                  grain: [%1$s_customers.id]
                  measures:
                    - {name: order_count, agg: count, expr: %1$s_orders.id}
                    - {name: revenue, agg: sum, expr: %1$s_payments.amount}
                    - {name: items, agg: sum, expr: %1$s_order_items.quantity}
                    - {name: avg_payment, agg: avg, expr: %1$s_payments.amount}
                    - {name: largest_payment, agg: max, expr: %1$s_payments.amount}
                    - {name: first_order, agg: min, expr: %1$s_orders.order_date}
                    - {name: payment_methods, agg: count_distinct, expr: %1$s_payments.method}
                  filters: ["%1$s_orders.status <> 'returned'"]
                """.formatted(shop.tag()));
    }

    static GoalSpec revenueGoal(GeneratedShop shop, Path data, String extra, String timeGrain) {
        String column = timeGrain.equals("day") ? "order_date" : "ordered_at";
        return TestTasks.goal("goal: revenue\n" + shop.sourcesYaml(data) + extra + """
                mart:
                  name: %1$s_revenue
                  grain: [%1$s_orders.%2$s]
                  time_grain: %3$s
                  measures:
                    - {name: revenue, agg: sum, expr: %1$s_payments.amount}
                    - {name: order_count, agg: count_distinct, expr: %1$s_orders.id}
                    - {name: items_sold, agg: sum, expr: %1$s_order_items.quantity}
                    - {name: avg_unit_price, agg: avg, expr: %1$s_order_items.unit_price}
                    - {name: buyers, agg: count_distinct, expr: %1$s_orders.customer_id}
                  filters: ["%1$s_orders.status <> 'returned'"]
                """.formatted(shop.tag(), column, timeGrain));
    }

    /** The raw files as typed relations, written by hand: money as DECIMAL(18,2), returned orders dropped. */
    static String raw(GeneratedShop shop, Path data, String timeGrain) {
        String column = timeGrain.equals("day") ? "order_date" : "ordered_at";
        return """
                WITH c AS (FROM read_csv('%1$s')),
                o AS (SELECT *, CAST(date_trunc('%5$s', %6$s) AS DATE) AS k FROM read_csv('%2$s') WHERE status <> 'returned'),
                p AS (SELECT order_id, CAST(amount AS DECIMAL(18,2)) AS amount, method FROM read_csv('%3$s')),
                i AS (SELECT order_id, CAST(quantity AS BIGINT) AS quantity, CAST(unit_price AS DECIMAL(18,2)) AS unit_price FROM read_csv('%4$s'))
                """.formatted(shop.file(data, "customers"), shop.file(data, "orders"), shop.file(data, "payments"),
                shop.file(data, "order_items"), timeGrain, column);
    }

    static String expectedCustomerValue(GeneratedShop shop, Path data) {
        return raw(shop, data, "day") + """
                SELECT c.id,
                  (SELECT count(*) FROM o WHERE o.customer_id = c.id) AS order_count,
                  coalesce((SELECT sum(p.amount) FROM p JOIN o ON p.order_id = o.id WHERE o.customer_id = c.id), 0) AS revenue,
                  coalesce((SELECT sum(i.quantity) FROM i JOIN o ON i.order_id = o.id WHERE o.customer_id = c.id), 0) AS items,
                  (SELECT avg(p.amount) FROM p JOIN o ON p.order_id = o.id WHERE o.customer_id = c.id) AS avg_payment,
                  (SELECT max(p.amount) FROM p JOIN o ON p.order_id = o.id WHERE o.customer_id = c.id) AS largest_payment,
                  (SELECT min(o.order_date) FROM o WHERE o.customer_id = c.id) AS first_order,
                  (SELECT count(DISTINCT p.method) FROM p JOIN o ON p.order_id = o.id WHERE o.customer_id = c.id) AS payment_methods
                FROM c""";
    }

    static String expectedRevenue(GeneratedShop shop, Path data, String timeGrain) {
        String column = timeGrain.equals("day") ? "order_date" : "ordered_at";
        return raw(shop, data, timeGrain) + """
                , periods AS (SELECT DISTINCT k FROM o),
                paid AS (SELECT o.k, sum(p.amount) AS revenue FROM p JOIN o ON p.order_id = o.id GROUP BY 1),
                counted AS (SELECT k, count(DISTINCT id) AS order_count, count(DISTINCT customer_id) AS buyers FROM o GROUP BY 1),
                sold AS (SELECT o.k, sum(i.quantity) AS items_sold, avg(i.unit_price) AS avg_unit_price FROM i JOIN o ON i.order_id = o.id GROUP BY 1)
                SELECT periods.k AS %s, coalesce(paid.revenue, 0) AS revenue, counted.order_count, coalesce(sold.items_sold, 0) AS items_sold,
                  sold.avg_unit_price, counted.buyers
                FROM periods LEFT JOIN paid USING (k) LEFT JOIN counted USING (k) LEFT JOIN sold USING (k)""".formatted(column);
    }

    @Test
    void shouldGiveEveryCustomerOneRowWithTheFiguresOfHandWrittenSqlWhateverTheShape() {
        Path data = root.resolve("data");
        for (GeneratedShop shop : SHAPES.stream().filter(s -> CUSTOMER_SHAPES.contains(s.tag())).toList()) {
            pipeline.assertSameRows(shop.tag() + "_customer_value", List.of("id", "order_count", "revenue", "items", "avg_payment",
                    "largest_payment", "first_order", "payment_methods"), expectedCustomerValue(shop, data));
            assertThat(pipeline.scalar("SELECT count(*) FROM " + pipeline.schema() + "." + shop.tag() + "_customer_value"))
                    .as("every customer, with or without orders").isEqualTo((long) shop.customers());
        }
        assertThat(pipeline.scalar("SELECT count(*) FROM " + pipeline.schema() + ".s1_n1000_customer_value WHERE order_count = 0 AND revenue = 0"))
                .as("customers without orders kept with zero counts and sums").isNotEqualTo(0L);
    }

    @Test
    void shouldSumRevenueByDayWeekAndMonthOverThreeFanningOutSourcesLikeHandWrittenSql() {
        Path data = root.resolve("data");
        for (GeneratedShop shop : SHAPES) {
            String grain = TIME_GRAIN.get(shop.tag());
            pipeline.assertSameRows(shop.tag() + "_revenue", List.of(grain.equals("day") ? "order_date" : "ordered_at", "revenue",
                    "order_count", "items_sold", "avg_unit_price", "buyers"), expectedRevenue(shop, data, grain));
        }
        assertThat(TIME_GRAIN.values()).contains("day", "week", "month");
    }

    @Test
    void shouldSumMoneyExactlyAsDecimalThroughTheStagingViews() {
        assertThat(pipeline.scalar("SELECT typeof(revenue) FROM " + pipeline.schema() + ".s2_n20000_revenue LIMIT 1")).isEqualTo("DECIMAL(38,2)");
        assertThat(pipeline.scalar("SELECT table_type FROM information_schema.tables WHERE table_schema = '" + pipeline.schema()
                + "' AND table_name = 'stg_s2_n20000_revenue__s2_n20000_payments'")).isEqualTo("VIEW");
        TaskOutcome outcome = OUTCOMES.get("s2_n20000_revenue");
        assertThat(outcome.outputs().get("casts")).contains("s2_n20000_payments.amount DOUBLE -> DECIMAL(18,2)");
        assertThat(outcome.outputs().get("materialization")).contains("stg_s2_n20000_revenue__s2_n20000_orders=view", "s2_n20000_revenue=table");
        assertThat(outcome.outputs().get("materialization_reason")).contains("s2_n20000_order_items has", "a full rebuild is cheap");
        assertThat(outcome.outputs().get("compiled_sql")).contains("\"landing\".\"s2_n20000_payments\"").doesNotContain("stg_");
    }

    @Test
    void shouldBuildALargeScheduledMartIncrementallyAndStillMatchTheRawFilesAfterLateRows() throws Exception {
        Path data = root.resolve("inc-data");
        GeneratedShop shop = new GeneratedShop("inc", 5, 4000, false);
        shop.write(data);
        GoalSpec goal = revenueGoal(shop, data, "schedule: \"0 2 * * *\"\n", "day");
        Pipeline inc = new Pipeline(new TestTasks(root.resolve("inc-home"), root), "incremental");
        inc.ingest(goal);
        TaskOutcome outcome = inc.modelAndTransform(goal, new TransformHandler(5_000));
        inc.build();
        assertThat(outcome.outputs().get("materialization")).contains("inc_revenue=incremental");
        assertThat(outcome.outputs().get("materialization_reason")).contains("at least 5000", "schedule '0 2 * * *'", "last 3 periods");
        inc.assertSameRows("inc_revenue", List.of("order_date", "revenue", "order_count", "items_sold", "avg_unit_price", "buyers"),
                expectedRevenue(shop, data, "day"));

        // An old period is marked: an incremental run must leave it alone and recompute only the recent ones.
        String oldest = inc.scalar("SELECT CAST(min(order_date) AS VARCHAR) FROM " + inc.schema() + ".inc_revenue").toString();
        inc.tasks.warehouse.withConnection(c -> c.createStatement().execute("UPDATE " + inc.schema()
                + ".inc_revenue SET buyers = -1 WHERE order_date = DATE '" + oldest + "'"));
        String latest = inc.scalar("SELECT CAST(max(order_date) AS VARCHAR) FROM read_csv('" + shop.file(data, "orders") + "')").toString();
        Files.writeString(shop.file(data, "orders"), "4001,1,%1$s,%1$s 10:00:00,paid\n4002,2,%2$s,%2$s 09:00:00,paid\n"
                .formatted(latest, java.time.LocalDate.parse(latest).plusDays(1)), StandardOpenOption.APPEND);
        Files.writeString(shop.file(data, "payments"), "90001,4001,12.34,card\n90002,4002,0.10,cash\n90003,4002,0.20,cash\n",
                StandardOpenOption.APPEND);
        inc.ingest(goal);
        inc.build("inc_revenue");

        assertThat(inc.scalar("SELECT buyers FROM " + inc.schema() + ".inc_revenue WHERE order_date = DATE '" + oldest + "'"))
                .as("an old period is not rebuilt").isEqualTo(-1L);
        inc.tasks.warehouse.withConnection(c -> c.createStatement().execute("DELETE FROM " + inc.schema()
                + ".inc_revenue WHERE order_date = DATE '" + oldest + "'"));
        inc.assertSameRows("inc_revenue", List.of("order_date", "revenue", "order_count", "items_sold", "avg_unit_price", "buyers"),
                expectedRevenue(shop, data, "day") + " WHERE periods.k <> DATE '" + oldest + "'");
    }
}
