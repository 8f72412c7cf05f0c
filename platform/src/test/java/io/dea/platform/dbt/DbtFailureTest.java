package io.dea.platform.dbt;

import static org.assertj.core.api.Assertions.assertThat;

import io.dea.platform.testing.TestTasks;
import io.dea.platform.warehouse.DuckDbWarehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real dbt and real DuckDB: a failed build says which model, where, and DuckDB's reason, never the data. */
class DbtFailureTest {

    private static Dbt.DbtResult build(Path home, String model) throws Exception {
        Path work = home.resolve("work");
        Files.createDirectories(work.resolve("models/m"));
        Files.writeString(work.resolve("dbt_project.yml"), "name: t\nversion: '1.0.0'\nconfig-version: 2\nprofile: dea\n");
        Files.writeString(work.resolve("models/m/base.sql"), "select 1 as a,\n  2 as b\n");
        Files.writeString(work.resolve("models/m/bad.sql"), model);
        return new Dbt(TestTasks.dbtExecutable(), new DuckDbWarehouse(home.resolve("w.duckdb")))
                .run(work, "dev", List.of("build", "--select", "models/m"));
    }

    @Test
    void aMissingColumnNamesTheModelItsFileTheLineAndDuckDbsMessage(@TempDir Path home) throws Exception {
        Dbt.DbtResult result = build(home, "select a,\n  missing_col\nfrom {{ ref('base') }}\n");

        assertThat(result.ok()).isFalse();
        assertThat(result.reason("generic")).isEqualTo("bad (models/m/bad.sql, line 2 of the compiled model): "
                + "Binder Error: Referenced column \"missing_col\" not found in FROM clause!");
        assertThat(result.detail()).contains("Referenced column \"missing_col\" not found", "Candidate bindings: \"a\"")
                .doesNotContain("PASS=", "base");
    }

    @Test
    void aValueDuckDbCannotConvertIsNotQuoted(@TempDir Path home) throws Exception {
        Dbt.DbtResult result = build(home, "{{ config(materialized='table') }}\nselect cast(v as integer) as n from (select 'secret-value-42' as v)\n");

        assertThat(result.reason("generic")).startsWith("bad (models/m/bad.sql): Conversion Error: Could not convert string")
                .doesNotContain("secret-value-42");
        assertThat(result.detail()).doesNotContain("secret-value-42");
    }

    @Test
    void aCompilationErrorIsReadFromTheLogAndNotFromAnEarlierRunsResults(@TempDir Path home) throws Exception {
        assertThat(build(home, "select a,\n  missing_col\nfrom {{ ref('base') }}\n").ok()).isFalse();
        Files.writeString(home.resolve("work/models/m/bad.sql"), "select {{ no_such_macro() }} as a\n");

        Dbt.DbtResult result = new Dbt(TestTasks.dbtExecutable(), new DuckDbWarehouse(home.resolve("w.duckdb")))
                .run(home.resolve("work"), "dev", List.of("compile", "--select", "models/m"));

        assertThat(result.ok()).isFalse();
        assertThat(result.reason("generic")).isEqualTo("bad (models/m/bad.sql): 'no_such_macro' is undefined. This can happen when calling"
                + " a macro that does not exist. Check for typos and/or install package dependencies with \"dbt deps\".");
        assertThat(result.detail()).doesNotContain("missing_col");
    }

    @Test
    void aModelNamingASourceTheProjectDoesNotDeclareIsNamedWithItsFile(@TempDir Path home) throws Exception {
        assertThat(build(home, "select a from {{ ref('base') }}\n").ok()).isTrue();
        Files.writeString(home.resolve("work/models/m/stale.sql"), "select * from {{ source('m', 'customers') }}\n");

        Dbt.DbtResult result = new Dbt(TestTasks.dbtExecutable(), new DuckDbWarehouse(home.resolve("w.duckdb")))
                .run(home.resolve("work"), "dev", List.of("compile", "--select", "models/m"));

        assertThat(result.ok()).isFalse();
        assertThat(result.reason("generic")).startsWith("stale (models/m/stale.sql): ").contains("depends on a source named 'm.customers'");
    }

    @Test
    void aSuccessfulRunNamesNoFailure(@TempDir Path home) throws Exception {
        Dbt.DbtResult result = build(home, "select a from {{ ref('base') }}\n");

        assertThat(result.ok()).as(result.tail(30)).isTrue();
        assertThat(result.failures()).isEmpty();
        assertThat(result.reason("generic")).isEqualTo("generic");
    }
}
