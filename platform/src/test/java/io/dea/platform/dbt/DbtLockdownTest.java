package io.dea.platform.dbt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dea.platform.artifact.ArtifactStore;
import io.dea.platform.codegen.DbtSql;
import io.dea.platform.codegen.JinjaCheck;
import io.dea.platform.testing.TestTasks;
import io.dea.platform.warehouse.DuckDbWarehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real dbt and real DuckDB: a hostile value from data stays data in a generated test, dbt cannot
 * reach files or turn the lockdown off, gets no secrets from the environment, and a hand-written
 * file with other Jinja never reaches the data project.
 */
class DbtLockdownTest {

    static final String PAYLOAD = "{{ run_query(\"COPY (SELECT 42) TO '%s'\") if execute is defined and execute else \"ok\" }}";

    @Test
    void aHostileCategoryValueIsTestedAsDataAndRunsNothing(@TempDir Path home) throws Exception {
        Path marker = home.resolve("marker.csv");
        String value = PAYLOAD.formatted(marker);
        DuckDbWarehouse warehouse = new DuckDbWarehouse(home.resolve("w.duckdb"));
        warehouse.withConnection(c -> {
            try (var s = c.createStatement()) {
                s.execute("CREATE SCHEMA landing");
                s.execute("CREATE TABLE landing.orders AS SELECT * FROM (VALUES (1, 'ok'), (2, "
                        + io.dea.platform.codegen.Sql.literal(value) + ")) t(id, status)");
            }
            return null;
        });
        ArtifactStore project = new ArtifactStore(home.resolve("project"));
        String accepted = List.of("ok", value).stream().map(DbtSql::literal).reduce((a, b) -> a + ", " + b).orElseThrow();
        project.commit("plan/p1", Map.of(
                "models/m/sources.yml", io.dea.platform.codegen.Yaml.dbt(Map.of("version", 2, "sources", List.of(Map.of(
                        "name", "m_landing", "schema", "landing", "tables", List.of(Map.of("name", "orders",
                                "description", value)))))),
                "tests/m/status_accepted.sql", "-- " + DbtSql.comment(value) + "\nselect * from {{ source('m_landing', 'orders') }}\n"
                        + "where cast(status as varchar) not in (" + accepted + ")\n",
                "tests/m/status_is_data.sql", "select * from {{ source('m_landing', 'orders') }} where id = 2 and status <> "
                        + DbtSql.literal(value) + "\n"), "tests", "quality");
        Path work = home.resolve("work");
        project.export("plan/p1", work);

        Dbt.DbtResult result = new Dbt(TestTasks.dbtExecutable(), warehouse).run(work, "dev", List.of("test", "--select", "tests/m"));

        assertThat(result.ok()).as(result.tail(40)).isTrue();
        assertThat(result.output()).contains("PASS=2");
        assertThat(marker).as("the COPY in the value never ran").doesNotExist();
    }

    @Test
    void aModelCannotReachFilesNorUnlockDuckDb(@TempDir Path home) throws Exception {
        Path marker = home.resolve("copied.csv");
        Path work = home.resolve("work");
        Files.createDirectories(work.resolve("models"));
        Files.writeString(work.resolve("dbt_project.yml"), "name: t\nversion: '1.0.0'\nconfig-version: 2\nprofile: dea\n");
        Files.writeString(work.resolve("models/copy.sql"), "{{ config(pre_hook=\"COPY (SELECT 42) TO '" + marker + "'\") }} select 1 as x");
        Files.writeString(work.resolve("models/read.sql"), "select * from read_text('/etc/hostname')");
        Files.writeString(work.resolve("models/unlock.sql"), "{{ config(pre_hook='SET enable_external_access = true') }} select 1 as x");
        Files.writeString(work.resolve("models/attach.sql"), "{{ config(pre_hook=\"ATTACH '" + home.resolve("o.duckdb") + "'\") }} select 1 as x");
        Files.writeString(work.resolve("models/ok.sql"), "select 1 as x");
        Dbt.DbtResult result = new Dbt(TestTasks.dbtExecutable(), new DuckDbWarehouse(home.resolve("w.duckdb")))
                .run(work, "dev", List.of("run"));

        assertThat(result.output()).contains("PASS=1", "ERROR=4")
                .contains("file system operations are disabled by configuration", "the configuration has been locked");
        assertThat(marker).doesNotExist();
        assertThat(home.resolve("o.duckdb")).doesNotExist();
    }

    @Test
    void dbtSeesNoVariableOfTheServiceBeyondPathLocaleHomeAndWarehouse(@TempDir Path home) {
        Dbt dbt = new Dbt("dbt", new DuckDbWarehouse(home.resolve("w.duckdb")));
        Map<String, String> env = dbt.environment(home, "dev");
        assertThat(env.keySet()).isSubsetOf(Set.of("PATH", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR", "SYSTEMROOT", "HOME",
                "DEA_WAREHOUSE", "DEA_SCHEMA", "DBT_SEND_ANONYMOUS_USAGE_STATS", "DO_NOT_TRACK"));
        assertThat(env).containsEntry("HOME", home.toString()).containsEntry("DEA_SCHEMA", "dev");
    }

    @Test
    void theDataProjectRefusesAFileWithOtherJinjaAndWritesNothing(@TempDir Path home) {
        ArtifactStore project = new ArtifactStore(home.resolve("project"));
        assertThatThrownBy(() -> project.commit("plan/p1", Map.of("models/m/x.sql", "select {{ run_query('select 1') }}"), "m", "a"))
                .isInstanceOf(JinjaCheck.RefusedJinja.class)
                .hasMessageContaining("models/m/x.sql line 1: the name 'run_query'");
        assertThat(project.branchExists("plan/p1")).isFalse();
    }

    @Test
    void theWarehouseReadsOnlyItsDirectoriesAndStaysLocked(@TempDir Path home) throws Exception {
        Path sources = Files.createDirectories(home.resolve("sources"));
        Files.writeString(sources.resolve("a.csv"), "x\n1\n");
        Files.writeString(home.resolve("secret.csv"), "token\nabc\n");
        DuckDbWarehouse warehouse = new DuckDbWarehouse(home.resolve("w.duckdb"), false, List.of(sources));
        assertThat(warehouse.query("SELECT count(*) FROM read_csv_auto('" + sources.resolve("a.csv") + "')").rows().get(0).get(0))
                .isEqualTo(1L);
        for (String sql : List.of("SELECT * FROM read_csv_auto('" + home.resolve("secret.csv") + "')",
                "SELECT * FROM read_csv_auto('" + sources.resolve("../secret.csv") + "')",
                "SELECT * FROM read_text('/etc/hostname')",
                "COPY (SELECT 42) TO '" + home.resolve("m.csv") + "'",
                "SET enable_external_access = true", "SET lock_configuration = false",
                "INSTALL httpfs", "LOAD httpfs", "ATTACH '" + home.resolve("o.duckdb") + "'")) {
            assertThatThrownBy(() -> warehouse.query(sql)).as(sql).isInstanceOf(DuckDbWarehouse.WarehouseException.class);
        }
        assertThat(home.resolve("m.csv")).doesNotExist();
        assertThat(home.resolve("o.duckdb")).doesNotExist();
    }
}
