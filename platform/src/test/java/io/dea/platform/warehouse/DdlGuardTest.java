package io.dea.platform.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dea.events.v1.StepKind;
import io.dea.platform.step.StepRef;
import io.dea.events.v1.TaskRequested;
import io.dea.platform.agent.TaskContext;
import io.dea.platform.testing.TestTasks;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The write gate on a real DuckDB file, reached the only way agents reach it: through
 * {@link TaskContext#warehouse()}. Each bypass attempt must be refused and must leave
 * {@code prod.orders}, {@code prod.orders_v} and {@code landing.orders} exactly as they were.
 */
class DdlGuardTest {

    private static final String GOAL = """
            goal: Daily revenue
            sources:
              - { name: orders, format: csv, location: data/orders.csv }
            mart:
              name: daily_revenue
              grain: [orders.order_date]
              measures:
                - { name: revenue, agg: sum, expr: orders.amount }
            owner: analytics-team
            environment: prod
            """;

    @TempDir
    Path home;
    private TestTasks tasks;
    private String before;

    @BeforeEach
    void buildAWarehouse() {
        tasks = new TestTasks(home);
        tasks.warehouse.withConnection(c -> {
            try (Statement s = c.createStatement()) {
                for (String schema : List.of("prod", "staging", "dev", "landing", "sandbox_other_plan")) {
                    s.execute("CREATE SCHEMA " + schema);
                }
                s.execute("CREATE TABLE prod.orders AS SELECT i AS id, i * 2.5 AS amount FROM range(1, 101) t(i)");
                s.execute("CREATE VIEW prod.orders_v AS SELECT id, amount FROM prod.orders");
                s.execute("CREATE TABLE landing.orders AS SELECT i AS id, i * 2.5 AS amount FROM range(1, 51) t(i)");
                s.execute("CREATE TABLE sandbox_other_plan.t AS SELECT 1 AS x");
            }
            return null;
        });
        before = fingerprint();
    }

    /** Everything a bypass could change: tables, columns, rows, values and view definitions. */
    private String fingerprint() {
        return tasks.warehouse.withConnection(c -> {
            StringBuilder all = new StringBuilder();
            for (String sql : List.of(
                    "SELECT table_schema, table_name, table_type FROM information_schema.tables ORDER BY ALL",
                    "SELECT table_schema, table_name, column_name, data_type FROM information_schema.columns ORDER BY ALL",
                    "SELECT view_definition FROM information_schema.views WHERE table_schema = 'prod'",
                    "SELECT count(*), sum(id), sum(amount) FROM prod.orders",
                    "SELECT count(*), sum(id), sum(amount) FROM landing.orders")) {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                    all.append(DuckDbWarehouse.read(rs).rows()).append('\n');
                }
            }
            return all.toString();
        });
    }

    private TaskContext context(String plan, String agent, String approvedBy) {
        TaskRequested task = tasks.task(plan, StepRef.of(StepKind.QUALITY), agent, TestTasks.goal(GOAL), Map.of());
        return tasks.context(approvedBy == null ? task : TestTasks.approved(task, approvedBy));
    }

    private Warehouse unapproved() {
        return context("plan-1", "transform", null).warehouse();
    }

    private void assertRefusedAndUnchanged(Warehouse warehouse, Warehouse.SqlWork<?> attempt) {
        assertThatThrownBy(() -> warehouse.withConnection(attempt))
                .hasRootCauseInstanceOf(WriteRefusedException.class)
                .rootCause().hasMessageStartingWith("refused by the warehouse write gate: ");
        assertThat(fingerprint()).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "DROP TABLE prod.orders",
        "drop table PROD.ORDERS",
        "DrOp TaBlE \"prod\".\"orders\"",
        "DROP TABLE \"PROD\".\"Orders\"",
        "DROP VIEW prod.orders_v",
        "DROP SCHEMA prod CASCADE",
        "DROP TABLE warehouse.prod.orders",
        "SELECT 1; DROP TABLE prod.orders",
        "SELECT 1;\n/* harmless */ DROP TABLE prod.orders -- bye",
        "/* comment */ CREATE /* x */ OR -- y\n REPLACE TABLE prod.orders AS SELECT 1 AS id, 0.0 AS amount",
        "   \n\t create or replace view prod.orders_v as select 1 as id",
        "CREATE OR REPLACE TABLE landing.orders AS SELECT 1 AS id, 0.0 AS amount",
        "TRUNCATE prod.orders",
        "TRUNCATE TABLE landing.orders",
        "DELETE FROM prod.orders",
        "DELETE FROM landing.orders",
        "UPDATE landing.orders SET amount = 0",
        "ALTER TABLE prod.orders DROP COLUMN amount",
        "ALTER TABLE landing.orders DROP COLUMN amount",
        "ALTER TABLE landing.orders RENAME COLUMN amount TO a",
        "ALTER TABLE landing.orders RENAME TO gone",
        "ALTER TABLE landing.orders ALTER COLUMN amount SET DATA TYPE INTEGER",
        "INSERT INTO prod.orders SELECT * FROM prod.orders",
        "UPDATE prod.orders SET amount = 0 WHERE id = 1",
        "CREATE TABLE prod.extra AS SELECT 1 AS x",
        "CREATE TABLE staging.extra AS SELECT 1 AS x",
        "CREATE TABLE dev.extra AS SELECT 1 AS x",
        "CREATE TABLE unqualified AS SELECT 1 AS x",
        "DROP TABLE sandbox_other_plan.t",
        "SELECT '\\'; DROP TABLE prod.orders; --'",
        "SELECT E'\\''; DROP TABLE prod.orders",
        "SELECT $$ ; $$; DROP TABLE prod.orders",
        "SELECT $tag$ ' $tag$; DROP TABLE prod.orders",
        "/* /* nested */ SELECT 1; */ DROP TABLE prod.orders",
        "EXPLAIN ANALYZE DELETE FROM prod.orders",
        "EXPLAIN (ANALYZE, FORMAT JSON) DROP TABLE prod.orders",
        "INSERT INTO landing.orders BY NAME SELECT 1 AS id, 1.0 AS amount; DROP TABLE prod.orders",
        "INSERT OR REPLACE INTO prod.orders VALUES (1, 1.0)",
        "COPY prod.orders FROM '/dev/null'",
        "ATTACH ':memory:' AS other",
        "SET schema = 'prod'",
        "USE prod",
        "PRAGMA disable_checkpoint_on_shutdown",
        "CHECKPOINT",
        "EXPORT DATABASE '/tmp/never'",
        "INSTALL httpfs",
        "CREATE MACRO m(x) AS x",
        "WITH gone AS (DELETE FROM prod.orders RETURNING *) SELECT * FROM gone",
        "SELECT 'unclosed",
    })
    void shouldRefuseEveryAttemptToChangeASharedOrStagedTableFromAnUnapprovedStep(String sql) {
        assertRefusedAndUnchanged(unapproved(), c -> {
            try (Statement s = c.createStatement()) {
                return s.execute(sql);
            }
        });
    }

    @Test
    void shouldRefuseThroughEveryJdbcEntryPoint() {
        Warehouse warehouse = unapproved();
        String drop = "DROP TABLE prod.orders";
        assertRefusedAndUnchanged(warehouse, c -> c.prepareStatement(drop)); // DuckDB would run it while preparing
        assertRefusedAndUnchanged(warehouse, c -> c.prepareStatement("SELECT 1; " + drop));
        assertRefusedAndUnchanged(warehouse, c -> c.prepareCall(drop));
        assertRefusedAndUnchanged(warehouse, c -> c.createStatement().executeQuery(drop));
        assertRefusedAndUnchanged(warehouse, c -> c.createStatement().executeUpdate(drop));
        assertRefusedAndUnchanged(warehouse, c -> c.createStatement().executeLargeUpdate(drop));
        assertRefusedAndUnchanged(warehouse, c -> {
            Statement s = c.createStatement();
            s.addBatch(drop);
            return s.executeBatch();
        });
    }

    @Test
    void shouldNeverHandOutTheRawConnection() {
        Warehouse warehouse = unapproved();
        String drop = "DROP TABLE prod.orders";
        assertRefusedAndUnchanged(warehouse, c -> c.unwrap(DuckDBConnection.class).createStatement().execute(drop));
        assertRefusedAndUnchanged(warehouse, c -> c.createStatement().getConnection().createStatement().execute(drop));
        assertRefusedAndUnchanged(warehouse, c -> c.getMetaData().getConnection().createStatement().execute(drop));
        assertRefusedAndUnchanged(warehouse, c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
                return rs.getStatement().getConnection().createStatement().execute(drop);
            }
        });
        assertRefusedAndUnchanged(warehouse, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1")) {
                return ps.unwrap(org.duckdb.DuckDBPreparedStatement.class).execute(drop);
            }
        });
        assertRefusedAndUnchanged(warehouse, c -> {
            c.setSchema("prod");
            return null;
        });
        assertRefusedAndUnchanged(warehouse, c -> Appenders.open(c, "prod", "orders"));
        boolean wraps = warehouse.withConnection(c -> c.isWrapperFor(DuckDBConnection.class));
        assertThat(wraps).isFalse();
    }

    @Test
    void shouldLetDdlHiddenInAStringReachDuckDbOnlyAsAStringItRefuses() {
        // query() runs SQL text through a different entry point; DuckDB itself takes only a SELECT there.
        assertThatThrownBy(() -> unapproved().query("SELECT * FROM query('DROP TABLE prod.orders')"))
                .hasMessageContaining("Expected a single SELECT statement");
        assertThat(fingerprint()).isEqualTo(before);
    }

    @Test
    void shouldLetAgentsReadAndWriteWhereNothingSharedLives() {
        Warehouse warehouse = unapproved();
        String sandbox = "sandbox_plan_1";
        assertThat(warehouse.query("SELECT count(*) AS n FROM prod.orders").rows()).containsExactly(List.of(100L));
        assertThat(warehouse.query("DESCRIBE SELECT * FROM prod.orders").rows()).hasSize(2);
        assertThat(warehouse.query("SELECT * FROM prod.orders USING SAMPLE reservoir(10 ROWS) REPEATABLE (7)").rows()).hasSize(10);
        assertThat(warehouse.query("EXPLAIN (FORMAT JSON) SELECT sum(amount) FROM prod.orders").rows()).isNotEmpty();
        assertThat(warehouse.query("FROM prod.orders LIMIT 3").rows()).hasSize(3);
        warehouse.withConnection(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA IF NOT EXISTS " + sandbox);
                s.execute("CREATE TABLE " + sandbox + ".scratch AS SELECT * FROM prod.orders");
                s.execute("CREATE OR REPLACE TABLE " + sandbox + ".scratch AS SELECT * FROM prod.orders WHERE id < 10");
                s.execute("DROP TABLE " + sandbox + ".scratch");
                s.execute("INSERT INTO landing.orders BY NAME SELECT 1000 AS id, 1.0 AS amount");
                s.execute("DELETE FROM landing.orders WHERE id = 1000");
                s.execute("ALTER TABLE landing.orders ADD COLUMN note VARCHAR");
                s.execute("COMMENT ON COLUMN landing.orders.amount IS 'pii: none'");
                s.execute("CREATE SCHEMA IF NOT EXISTS dea_meta");
                s.execute("CREATE TABLE IF NOT EXISTS dea_meta.notes (n INTEGER)");
                // No SET: the warehouse sets progress tracking itself and locks the configuration.
            }
            return null;
        });
        assertThat(tasks.warehouse.query("SELECT count(*) FROM landing.orders").rows()).containsExactly(List.of(50L));
    }

    @Test
    void shouldLetIngestionReloadOnlyTheLandingTablesOfItsOwnSources() {
        Warehouse ingestion = context("plan-1", "ingestion", null).warehouse();
        ingestion.withConnection(c -> c.createStatement().execute("CREATE OR REPLACE TABLE landing.orders AS SELECT 7 AS id, 7.0 AS amount"));
        assertThat(tasks.warehouse.query("SELECT count(*) FROM landing.orders").rows()).containsExactly(List.of(1L));

        before = fingerprint();
        assertRefusedAndUnchanged(ingestion, c -> c.createStatement().execute("DROP TABLE landing.orders"));
        tasks.warehouse.withConnection(c -> c.createStatement().execute("CREATE TABLE landing.customers AS SELECT 1 AS id"));
        before = fingerprint();
        assertRefusedAndUnchanged(ingestion, c -> c.createStatement().execute("CREATE OR REPLACE TABLE landing.customers AS SELECT 2 AS id"));
    }

    @Test
    void shouldLetAnApprovedStepChangeOnlyTheEnvironmentItWasApprovedFor() {
        Warehouse approvedForProd = context("plan-1", "transform", "alice").warehouse();
        assertRefusedAndUnchanged(approvedForProd, c -> c.createStatement().execute("DROP TABLE staging.anything"));
        assertRefusedAndUnchanged(approvedForProd, c -> c.createStatement().execute("CREATE TABLE dev.t AS SELECT 1 AS x"));

        approvedForProd.withConnection(c -> c.createStatement().execute("ALTER TABLE prod.orders DROP COLUMN amount"));
        approvedForProd.withConnection(c -> c.createStatement().execute("DROP VIEW prod.orders_v"));
        assertThat(tasks.warehouse.query("SELECT count(*) FROM information_schema.columns WHERE table_schema = 'prod'").rows())
                .containsExactly(List.of(1L));
    }
}
