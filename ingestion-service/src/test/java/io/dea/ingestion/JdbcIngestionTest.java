package io.dea.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import io.dea.platform.step.StepRef;
import io.dea.events.v1.GoalSpec;
import io.dea.events.v1.Outcome;
import io.dea.events.v1.TaskProgress;
import io.dea.events.v1.TaskRequested;
import io.dea.events.v1.ToolCallAudited;
import io.dea.platform.agent.TaskOutcome;
import io.dea.platform.source.PathPolicy;
import io.dea.platform.source.SourcePolicy;
import io.dea.platform.source.SourceSettings;
import io.dea.platform.testing.TestTasks;
import java.net.InetAddress;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real H2 database file as the source, a real DuckDB warehouse and Git data project; nothing mocked. */
class JdbcIngestionTest {

    @TempDir
    Path home;

    private TestTasks tasks;
    private String url;

    @BeforeEach
    void setUp() throws SQLException {
        tasks = new TestTasks(home);
        url = "jdbc:h2:file:" + home.resolve("shop");
        sql("CREATE TABLE orders (id INTEGER PRIMARY KEY, customer VARCHAR(40), amount DECIMAL(10,2), qty INTEGER, updated_at TIMESTAMP)");
    }

    @Test
    void shouldStreamATableWithItsTypesAndReportProgressEveryNRows() throws Exception {
        insertOrders(1, 2500);

        TaskOutcome outcome = ingest("p1", handler(1000), goal("table: orders", null));

        assertThat(outcome.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(outcome.outputs()).containsEntry("rows", "2500").containsEntry("rows_read", "2500")
                .containsEntry("columns", "id,customer,amount,qty,updated_at");
        assertThat(Long.parseLong(outcome.outputs().get("bytes"))).isGreaterThan(2500L * 30);
        assertThat(tasks.warehouse.query("SELECT column_name, data_type FROM information_schema.columns "
                + "WHERE table_schema = 'landing' AND table_name = 'orders' ORDER BY ordinal_position").rows())
                .containsExactly(List.of("id", "INTEGER"), List.of("customer", "VARCHAR"), List.of("amount", "DECIMAL(10,2)"),
                        List.of("qty", "INTEGER"), List.of("updated_at", "TIMESTAMP"));
        assertThat(first("SELECT sum(amount) FROM landing.orders")).isEqualTo(sourceValue("SELECT sum(amount) FROM orders"));
        assertThat(tasks.sink.events(TaskProgress.class)).extracting(TaskProgress::getMessage)
                .contains("reading orders over JDBC: 1000 rows, " + bytesOfRows(1, 1000) + " bytes so far")
                .anyMatch(m -> m.startsWith("reading orders over JDBC: 2000 rows"));
        assertThat(tasks.warehouse.query("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'dea_stage'").rows())
                .as("the staging table is dropped after the load").containsExactly(List.of(0L));
    }

    @Test
    void shouldLoadWhatAQueryReturns() throws Exception {
        insertOrders(1, 20);

        TaskOutcome outcome = ingest("p1", handler(1000),
                goal("query: \"SELECT id, amount * qty AS total FROM orders WHERE qty > 2\"", null));

        assertThat(outcome.outputs()).containsEntry("columns", "id,total")
                .containsEntry("rows", sourceValue("SELECT count(*) FROM orders WHERE qty > 2").toString());
    }

    @Test
    void shouldReadOnlyNewRowsPastTheWatermarkAndResumeAfterARestart() throws Exception {
        GoalSpec goal = goal("table: orders", "updated_at");
        insertOrders(1, 3);
        assertThat(ingest("p1", handler(1000), goal).outputs()).containsEntry("rows_loaded", "3")
                .containsEntry("watermark", "2024-01-01 03:00:00");

        insertOrders(4, 5);
        TaskRequested second = OneGoal.task(tasks, "p2", StepRef.ingest("orders"), "ingestion", goal, Map.of());
        TaskOutcome secondOutcome = handler(1000).handle(tasks.context(second));
        TaskOutcome redelivered = handler(1000).handle(tasks.context(second));

        assertThat(secondOutcome.outputs()).as("the watermark is pushed to the source: only new rows are read")
                .containsEntry("rows_read", "2").containsEntry("rows_loaded", "2").containsEntry("rows", "5");
        assertThat(redelivered.outputs()).containsEntry("rows_read", "0").containsEntry("rows_loaded", "0").containsEntry("rows", "5");
        assertThat(tasks.sink.events(ToolCallAudited.class)).extracting(ToolCallAudited::getArguments)
                .contains("SELECT * FROM orders WHERE updated_at > ? (source orders, connection shop)");

        insertOrders(6, 6);
        TestTasks restarted = new TestTasks(home);
        TaskOutcome afterRestart = handler(1000).handle(restarted.context(OneGoal.task(restarted, "p3", StepRef.ingest("orders"), "ingestion", goal, Map.of())));

        assertThat(afterRestart.outputs()).containsEntry("rows_read", "1").containsEntry("rows_loaded", "1").containsEntry("rows", "6")
                .containsEntry("watermark", "2024-01-01 06:00:00");
        assertThat(tasks.warehouse.query("SELECT count(DISTINCT id), count(*) FROM landing.orders").rows())
                .containsExactly(List.of(6L, 6L));
    }

    @Test
    void shouldWidenAColumnAtOnceButHoldADroppedColumnForReviewUntilApproved() throws Exception {
        GoalSpec goal = goal("table: orders", "updated_at");
        insertOrders(1, 3);
        ingest("p1", handler(1000), goal);

        sql("ALTER TABLE orders ALTER COLUMN qty BIGINT");
        insertOrders(4, 4);
        TaskOutcome widened = ingest("p2", handler(1000), goal);
        assertThat(widened.review()).isNull();
        assertThat(widened.outputs()).containsEntry("schema_drift", "widened qty INTEGER -> BIGINT").containsEntry("rows_loaded", "1");
        assertThat(type("qty")).isEqualTo("BIGINT");

        sql("ALTER TABLE orders DROP COLUMN customer");
        insertOrders(5, 5);
        TaskRequested task = OneGoal.task(tasks, "p3", StepRef.ingest("orders"), "ingestion", goal, Map.of());
        TaskOutcome held = handler(1000).handle(tasks.context(task));

        assertThat(held.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(held.review()).isNotNull();
        assertThat(held.review().kind()).isEqualTo("SCHEMA_DRIFT");
        assertThat(held.review().requiredRole()).isEqualTo("reviewer");
        assertThat(held.review().summary()).isEqualTo("landing.orders: dropped customer");
        assertThat(held.review().diff()).contains("- column customer VARCHAR (no longer in the source; approving drops it");
        assertThat(held.summary()).startsWith("schema drift of landing.orders needs review, nothing loaded");
        assertThat(held.outputs()).containsEntry("rows_loaded", "0").containsEntry("rows", "4");
        assertThat(type("customer")).as("nothing changed before approval").isEqualTo("VARCHAR");

        TaskOutcome applied = handler(1000).handle(tasks.context(TestTasks.approved(task, "ann")));

        assertThat(applied.review()).isNull();
        assertThat(applied.summary()).contains("schema drift dropped customer (approved by ann)");
        assertThat(applied.outputs()).containsEntry("rows_loaded", "1").containsEntry("rows", "5")
                .containsEntry("columns", "id,amount,qty,updated_at");
    }

    @Test
    void shouldFailClearlyOnATableThatIsNotThereOrAStatementThatIsNotAQuery() throws Exception {
        TaskOutcome missing = ingest("p1", handler(1000), goal("table: nope", null));
        TaskOutcome notAQuery = ingest("p1", handler(1000), goal("query: \"DELETE FROM orders\"", null));
        TaskOutcome badName = ingest("p1", handler(1000), goal("table: \"orders; DROP TABLE orders\"", null));
        TaskOutcome noDriver = ingest("p1", handler(1000),
                TestTasks.goal("goal: g\nsources:\n  - {name: orders, format: jdbc, connection: other, table: orders}\n"));

        assertThat(missing.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(missing.error()).contains("source orders: SELECT * FROM nope failed", "NOPE");
        assertThat(notAQuery.error()).isEqualTo("source orders: query must be a SELECT (found DELETE)");
        assertThat(badName.error()).contains("must be a plain name like orders or sales.orders");
        assertThat(noDriver.error()).contains("connection other: only H2 (jdbc:h2:) and DuckDB (jdbc:duckdb:) URLs are accepted");
        assertThat(sourceValue("SELECT count(*) FROM information_schema.tables WHERE table_name = 'ORDERS'")).isEqualTo(1L);
    }

    // --- helpers ---------------------------------------------------------------------------------

    private IngestionHandler handler(long progressRows) {
        return new IngestionHandler(IngestionSettings.defaults(home.toString()).withProgressRows(progressRows), policy(url));
    }

    /** The operator's connection "shop" to the H2 file, and "other" to a URL no driver takes. */
    private SourcePolicy policy(String shopUrl) {
        return new SourcePolicy(SourceSettings.of(Map.of("shop", SourceSettings.Connection.jdbc(shopUrl, null, null, Map.of()),
                "other", SourceSettings.Connection.jdbc("jdbc:nosuchdb://x", null, null, Map.of())), SourceSettings.RawLocations.FILES),
                new PathPolicy(List.of(home.resolve("project"), home.resolve("warehouse.duckdb"))), InetAddress::getAllByName);
    }

    private TaskOutcome ingest(String planId, IngestionHandler handler, GoalSpec goal) throws Exception {
        return handler.handle(tasks.context(OneGoal.task(tasks, planId, StepRef.ingest("orders"), "ingestion", goal, Map.of())));
    }

    private GoalSpec goal(String what, String incrementalKey) {
        return TestTasks.goal("goal: load the shop database\nsources:\n  - {name: orders, format: jdbc, connection: shop, " + what
                + (incrementalKey == null ? "" : ", incremental_key: " + incrementalKey) + "}\n");
    }

    /** Inserts orders from..to, with or without the customer column (a test drops it). */
    private void insertOrders(int from, int to) throws SQLException {
        try (Connection c = DriverManager.getConnection(url)) {
            boolean customer = hasColumn(c, "CUSTOMER");
            try (PreparedStatement ps = c.prepareStatement(customer
                    ? "INSERT INTO orders (id, amount, qty, updated_at, customer) VALUES (?, ?, ?, ?, ?)"
                    : "INSERT INTO orders (id, amount, qty, updated_at) VALUES (?, ?, ?, ?)")) {
                for (int id = from; id <= to; id++) {
                    ps.setInt(1, id);
                    ps.setBigDecimal(2, amount(id));
                    ps.setInt(3, id % 5);
                    ps.setTimestamp(4, updatedAt(id));
                    if (customer) {
                        ps.setString(5, customer(id));
                    }
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }

    private static boolean hasColumn(Connection c, String column) throws SQLException {
        try (var rs = c.getMetaData().getColumns(null, null, "ORDERS", column)) {
            return rs.next();
        }
    }

    private static String customer(int id) {
        return "customer " + (id % 17);
    }

    private static BigDecimal amount(int id) {
        return BigDecimal.valueOf(id * 137L % 10_000, 2);
    }

    private static Timestamp updatedAt(int id) {
        return Timestamp.valueOf(LocalDateTime.of(2024, 1, 1, 0, 0).plusHours(id));
    }

    /** What the meter counts for rows from..to: the text's length, 16 per decimal, 4 per int, 8 per timestamp. */
    private static long bytesOfRows(int from, int to) {
        long bytes = 0;
        for (int id = from; id <= to; id++) {
            bytes += 4 + customer(id).length() + 16 + 4 + 8;
        }
        return bytes;
    }

    private void sql(String statement) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private Object sourceValue(String query) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement(); var rs = s.executeQuery(query)) {
            rs.next();
            return rs.getObject(1);
        }
    }

    private Object first(String query) {
        return tasks.warehouse.query(query).rows().get(0).get(0);
    }

    private String type(String column) {
        return (String) tasks.warehouse.query("SELECT data_type FROM information_schema.columns WHERE table_schema = 'landing' "
                + "AND table_name = 'orders' AND column_name = '" + column + "'").rows().get(0).get(0);
    }
}
