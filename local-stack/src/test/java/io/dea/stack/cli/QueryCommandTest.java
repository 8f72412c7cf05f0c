package io.dea.stack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dea.platform.warehouse.DuckDbWarehouse;
import io.dea.stack.StackFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./dea query} as a user runs it (the CLI in its own process, on a real warehouse file): one
 * read runs; COPY, ATTACH, file reads, extension installs, SET, PRAGMA, writes and a second
 * statement are refused with a reason, and nothing is written.
 */
class QueryCommandTest {

    @TempDir
    Path home;
    Path warehouse;

    record Run(int exit, String out, String err) {
    }

    @BeforeEach
    void warehouseWithATable() {
        warehouse = new StackFiles(home).warehouse();
        new DuckDbWarehouse(warehouse).withConnection(c -> {
            try (var s = c.createStatement()) {
                s.execute("CREATE SCHEMA dev");
                s.execute("CREATE TABLE dev.daily_revenue AS SELECT DATE '2026-01-01' AS d, 12.5 AS revenue");
            }
            return null;
        });
    }

    @Test
    void oneReadRunsAndPrintsCsv() throws Exception {
        Run run = dea("SELECT d, revenue FROM dev.daily_revenue");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("d,revenue", "2026-01-01,12.5");
        assertThat(dea("WITH x AS (SELECT 1 AS n) SELECT n FROM x").out()).contains("n", "1");
        assertThat(dea("DESCRIBE dev.daily_revenue").exit()).isZero();
    }

    @Test
    void everyAttackIsRefusedAndWritesNothing() throws Exception {
        Path marker = home.resolve("w.csv");
        Path attached = home.resolve("other.duckdb");
        List<String> attacks = List.of(
                "COPY (SELECT 42 AS x) TO '" + marker + "'",
                "ATTACH '" + attached + "' AS o (READ_WRITE)",
                "SELECT * FROM read_text('/etc/hostname')",
                "SELECT * FROM read_csv('/etc/passwd')",
                "SELECT * FROM read_text('" + home.resolve("token") + "')",
                "INSTALL httpfs",
                "LOAD httpfs",
                "SET enable_external_access = true",
                "PRAGMA enable_profiling",
                "SELECT 1; COPY (SELECT 42) TO '" + marker + "'",
                "CREATE TABLE dev.x AS SELECT 1 AS n",
                "DELETE FROM dev.daily_revenue");
        Files.writeString(home.resolve("token"), "secret-token-value\n");
        for (String attack : attacks) {
            Run run = dea(attack);
            assertThat(run.exit()).as(attack + "\n" + run.out()).isEqualTo(1);
            assertThat(run.err()).as(attack).contains("refused").doesNotContain("secret-token-value");
            assertThat(run.out()).as(attack).isEmpty();
        }
        assertThat(marker).doesNotExist();
        assertThat(attached).doesNotExist();
        assertThat(new DuckDbWarehouse(warehouse, true).query(
                "SELECT table_schema || '.' || table_name FROM information_schema.tables ORDER BY 1").rows())
                .extracting(r -> r.get(0)).containsExactly("dev.daily_revenue");
        assertThat(new DuckDbWarehouse(warehouse, true).query("SELECT count(*) FROM dev.daily_revenue").rows().get(0).get(0))
                .isEqualTo(1L);
    }

    private Run dea(String sql) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Dea.class.getName(), "query", sql));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("DEA_HOME", home.toString());
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("dea query did not finish: " + sql);
        }
        return new Run(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
