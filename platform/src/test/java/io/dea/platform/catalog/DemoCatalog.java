package io.dea.platform.catalog;

import io.dea.events.v1.GoalSpec;
import io.dea.events.v1.StepKind;
import io.dea.platform.agent.TaskContext;
import io.dea.platform.artifact.ArtifactStore;
import io.dea.platform.step.StepRef;
import io.dea.platform.testing.TestTasks;
import io.dea.platform.warehouse.SqlText;
import java.nio.file.Path;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

/**
 * The demo's catalog, built the way the agents build it: the three CSVs of examples/daily-revenue
 * landed (ingestion's hook), profiled (modeling's), the PII tagged (governance's), and the mart and its
 * staging views in dev with the data project's documents on main (transform's apply). Real DuckDB,
 * the real embedding model, each hook through a task's guarded warehouse.
 */
final class DemoCatalog {

    static final Path DATA = Path.of("..", "examples", "daily-revenue", "data").toAbsolutePath().normalize();
    static final String GOAL = """
            goal: Build a daily revenue mart from the shop's order exports
            sources:
              - {name: orders, format: csv, location: data/orders.csv, primary_key: id}
              - {name: payments, format: csv, location: data/payments.csv}
              - {name: customers, format: csv, location: data/customers.csv}
            mart:
              name: daily_revenue
              grain: [orders.order_date]
              time_grain: day
              measures:
                - {name: revenue, agg: sum, expr: payments.amount}
                - {name: order_count, agg: count_distinct, expr: orders.id}
            freshness: 24h
            owner: analytics-team
            environment: dev
            """;
    static final List<String> SOURCES = List.of("orders", "payments", "customers");
    static final List<String> MART_RELATIONS = List.of("daily_revenue", "stg_daily_revenue__orders",
            "stg_daily_revenue__payments", "stg_daily_revenue__customers");
    static final Map<String, String> DOCUMENTS = Map.of(
            "docs/refunds.md", """
                    # Refunds runbook
                    When a customer returns an order, the order's status becomes returned and its payments are refunded
                    within five business days. Returned orders never count as revenue.
                    ## Who to call
                    The payments team handles chargebacks and disputed card payments.
                    """,
            "docs/sla.md", """
                    # Service levels
                    Marts in prod are refreshed daily by 06:00 UTC; a mart older than 24 hours pages the data on-call engineer.
                    """,
            "docs/pii-policy.md", """
                    # Personal data policy
                    Email addresses and names of customers are personal data: analysts read them only through masked views.
                    """);

    final TestTasks tasks;
    final GoalSpec goal = TestTasks.goal(GOAL);

    DemoCatalog(Path home) {
        this.tasks = new TestTasks(home, DATA);
    }

    Catalog catalog() {
        return new Catalog(tasks.warehouse);
    }

    TaskContext context(StepKind kind, String source) {
        StepRef step = kind == StepKind.INGEST ? StepRef.ingest(source) : StepRef.of(kind);
        return tasks.context(tasks.task("demo-plan", step, "test", goal, Map.of()));
    }

    /** Everything the demo's plan indexes, in its order. */
    DemoCatalog build() throws Exception {
        SOURCES.forEach(this::land);
        profile();
        CatalogUpdates.described(context(StepKind.GOVERNANCE, null),
                List.of(new ColumnFacts("landing.customers", "email", Map.of("pii", "email")),
                        new ColumnFacts("landing.customers", "name", Map.of("pii", "name"))));
        apply();
        return this;
    }

    void land(String source) {
        sql("CREATE SCHEMA IF NOT EXISTS landing",
                "CREATE OR REPLACE TABLE landing." + source + " AS SELECT * FROM read_csv("
                        + SqlText.literal(DATA.resolve(source + ".csv").toString()) + ")");
        CatalogUpdates.landed(context(StepKind.INGEST, source), "landing", source);
    }

    private void profile() {
        CatalogUpdates.described(context(StepKind.MODEL, null), List.of(
                new ColumnFacts("landing.orders", "id", Map.of("key", "primary key")),
                new ColumnFacts("landing.orders", "status", Map.of("values", "completed, returned, shipped")),
                new ColumnFacts("landing.payments", "method", Map.of("values", "card, invoice, voucher")),
                new ColumnFacts("landing.payments", "order_id", Map.of("references", "orders.id")),
                new ColumnFacts("landing.orders", "customer_id", Map.of("references", "customers.id"))));
    }

    void apply() throws Exception {
        sql("CREATE SCHEMA IF NOT EXISTS dev",
                "CREATE OR REPLACE VIEW dev.stg_daily_revenue__orders AS SELECT id AS order_id, customer_id, order_date, status FROM landing.orders",
                "CREATE OR REPLACE VIEW dev.stg_daily_revenue__payments AS SELECT id AS payment_id, order_id, method,"
                        + " CAST(amount AS DECIMAL(18,2)) AS amount, paid_at FROM landing.payments",
                "CREATE OR REPLACE VIEW dev.stg_daily_revenue__customers AS SELECT id AS customer_id, country, signed_up FROM landing.customers",
                "CREATE OR REPLACE TABLE dev.daily_revenue AS SELECT o.order_date, sum(p.amount) AS revenue,"
                        + " count(DISTINCT o.order_id) AS order_count FROM dev.stg_daily_revenue__orders o"
                        + " JOIN dev.stg_daily_revenue__payments p USING (order_id) WHERE o.status <> 'returned' GROUP BY 1");
        tasks.artifacts.commit(ArtifactStore.MAIN, DOCUMENTS, "docs", "test");
        // What the transform step found and the apply step reads from it: amount is money (at most two decimals).
        Map<String, String> transform = Map.of("transform.casts",
                "payments.amount DOUBLE -> DECIMAL(18,2) (every value has at most 2 decimals: money, summed exactly)");
        CatalogUpdates.applied(tasks.context(tasks.task("demo-plan", StepRef.of(StepKind.APPLY), "transform", goal, transform)),
                "dev", MART_RELATIONS);
    }

    void sql(String... statements) {
        tasks.warehouse.withConnection(c -> {
            try (Statement s = c.createStatement()) {
                for (String statement : statements) {
                    s.execute(statement);
                }
            }
            return null;
        });
    }
}
