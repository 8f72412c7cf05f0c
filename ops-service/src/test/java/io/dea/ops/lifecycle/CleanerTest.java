package io.dea.ops.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dea.platform.artifact.ArtifactStore;
import io.dea.platform.warehouse.DuckDbWarehouse;
import io.dea.platform.warehouse.GuardedWarehouse;
import io.dea.platform.warehouse.Warehouse;
import io.dea.platform.warehouse.WriteScope;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cleaner on a real DuckDB warehouse and a real Git data project: an ended plan's sandbox,
 * branch and old rollback copies go, through the write gate; a plan still going, the environments
 * and landing stay; a second pass finds nothing.
 */
class CleanerTest {

    private static final Retention DEFAULTS = new Retention(Duration.ZERO, Duration.ofDays(1), Duration.ofDays(7));
    private static final String COPY = "rollback__done__mart";

    @TempDir
    Path home;
    private Warehouse warehouse;
    private ArtifactStore artifacts;
    private Cleaner cleaner;
    private Map<String, PlanEnd> plans;

    @BeforeEach
    void twoPlansOneEnded() {
        warehouse = new DuckDbWarehouse(home.resolve("warehouse.duckdb"));
        artifacts = new ArtifactStore(home.resolve("project"));
        warehouse.withConnection(c -> {
            try (Statement s = c.createStatement()) {
                for (String schema : List.of("sandbox_done", "sandbox_running", "dev", "landing", "dea_meta")) {
                    s.execute("CREATE SCHEMA " + schema);
                }
                s.execute("CREATE TABLE sandbox_done.mart AS SELECT 1 AS x");
                s.execute("CREATE VIEW sandbox_done.mart_masked AS SELECT x FROM sandbox_done.mart");
                s.execute("CREATE TABLE sandbox_running.mart AS SELECT 1 AS x");
                s.execute("CREATE TABLE dev.mart AS SELECT 2 AS x");
                s.execute("CREATE TABLE landing.orders AS SELECT 3 AS x");
                s.execute("CREATE TABLE dea_meta.\"" + COPY + "\" AS SELECT 1 AS x");
                s.execute("CREATE TABLE dea_meta.rollback_points (plan_id VARCHAR, environment VARCHAR, relation VARCHAR, "
                        + "kind VARCHAR, view_sql VARCHAR, backup_table VARCHAR, captured_at TIMESTAMP)");
                s.execute("INSERT INTO dea_meta.rollback_points VALUES ('done', 'dev', 'mart', 'table', NULL, 'dea_meta.\"" + COPY
                        + "\"', now() - INTERVAL 8 DAY), ('running', 'dev', 'other', 'absent', NULL, NULL, now() - INTERVAL 8 DAY)");
            }
            return null;
        });
        for (String plan : List.of("done", "running")) {
            artifacts.commit("plan/" + plan, Map.of("models/" + plan + ".sql", "select 1"), "work of " + plan, "test");
        }
        cleaner = new Cleaner(warehouse, artifacts);
        plans = Map.of("done", new PlanEnd("done", "COMPLETED", Instant.now().minusSeconds(5)),
                "running", new PlanEnd("running", "RUNNING", Instant.now().minus(Duration.ofDays(9))));
    }

    @Test
    void anEndedPlansSandboxBranchAndOldRollbackCopiesGoAndNothingElse() {
        List<Removal> due = cleaner.eligible(plans, DEFAULTS, Instant.now());
        assertThat(due).extracting(Removal::line).containsExactly(
                "sandbox schema sandbox_done: " + due.get(0).why(), "branch plan/done: " + due.get(1).why(),
                "rollback copies of done (1 tables): " + due.get(2).why());

        List<Cleaner.Outcome> outcomes = cleaner.remove(due);

        assertThat(outcomes).extracting(Cleaner.Outcome::error).containsOnlyNulls();
        assertThat(WarehouseLeftovers.sandboxSchemas(warehouse)).containsExactly("sandbox_running");
        assertThat(artifacts.branches("plan/")).containsExactly("plan/running");
        assertThat(count("SELECT count(*) FROM information_schema.tables WHERE table_name = '" + COPY + "'")).isZero();
        assertThat(WarehouseLeftovers.rollbackPoints(warehouse)).extracting(Leftovers.RollbackPoint::planId)
                .containsExactly("running");
        assertThat(count("SELECT count(*) FROM dev.mart") + count("SELECT count(*) FROM landing.orders")).isEqualTo(2);
        assertThat(WarehouseLeftovers.prunedAt(warehouse, "done")).isNotBlank();
        assertThat(WarehouseLeftovers.prunedAt(warehouse, "running")).isNull();
        assertThat(artifacts.files("main")).as("main keeps its files").containsKey("dbt_project.yml");

        assertThat(cleaner.eligible(plans, DEFAULTS, Instant.now())).as("a second pass").isEmpty();
        assertThat(cleaner.remove(due)).as("the same removals again change nothing and fail nothing")
                .extracting(Cleaner.Outcome::error).containsOnlyNulls();
    }

    @Test
    void theCleanupScopeDropsOnlyThePlansOwnSandboxAndListedCopies() {
        Warehouse gate = new GuardedWarehouse(warehouse, WriteScope.forCleanup("done", Set.of(COPY)));

        for (String refused : List.of("DROP SCHEMA dev CASCADE", "DROP TABLE dev.mart", "DROP TABLE landing.orders",
                "DROP SCHEMA landing CASCADE", "DROP SCHEMA sandbox_running CASCADE", "DROP TABLE dea_meta.rollback_points",
                "DROP SCHEMA dea_meta CASCADE", "CREATE OR REPLACE TABLE dev.mart AS SELECT 0 AS x", "DELETE FROM landing.orders")) {
            assertThatThrownBy(() -> gate.withConnection(c -> c.createStatement().execute(refused)))
                    .as(refused).hasMessageContaining("refused by the warehouse write gate");
        }
        gate.withConnection(c -> c.createStatement().execute("DROP TABLE dea_meta.\"" + COPY + "\""));
        gate.withConnection(c -> c.createStatement().execute("DROP SCHEMA sandbox_done CASCADE"));

        assertThat(WarehouseLeftovers.sandboxSchemas(warehouse)).containsExactly("sandbox_running");
        assertThat(count("SELECT count(*) FROM dev.mart")).isEqualTo(1);
    }

    @Test
    void aRemovalThatFailsIsReportedAndTheOthersStillHappen() {
        Removal main = new Removal(Removal.Kind.BRANCH, "main", "done", "a wrong rule", Set.of());
        Removal sandbox = new Removal(Removal.Kind.SANDBOX, "sandbox_done", "done", "ended", Set.of());

        List<Cleaner.Outcome> outcomes = cleaner.remove(List.of(main, sandbox));

        assertThat(outcomes.get(0).error()).contains("never deleted");
        assertThat(outcomes.get(1).error()).isNull();
        assertThat(artifacts.branches("")).contains("main");
        assertThat(WarehouseLeftovers.sandboxSchemas(warehouse)).containsExactly("sandbox_running");
    }

    @Test
    void aSandboxRemovalNamedForAnotherPlanIsRefusedByTheGate() {
        Removal wrong = new Removal(Removal.Kind.SANDBOX, "sandbox_running", "done", "a wrong rule", Set.of());

        assertThat(cleaner.remove(List.of(wrong)).get(0).error()).contains("refused by the warehouse write gate");
        assertThat(WarehouseLeftovers.sandboxSchemas(warehouse)).contains("sandbox_running");
    }

    private long count(String sql) {
        return ((Number) warehouse.query(sql).rows().get(0).get(0)).longValue();
    }
}
