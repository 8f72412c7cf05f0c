package io.dea.platform.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.duckdb.QueryProgress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A long load behind the write gate still reports DuckDB's progress, and the reader runs no SQL. */
class StatementProgressTest {

    @Test
    void aGuardedStatementsProgressIsReadWhileItRuns(@TempDir Path dir) throws Exception {
        Warehouse guarded = new GuardedWarehouse(new DuckDbWarehouse(dir.resolve("w.duckdb")),
                WriteScope.forTask("p1", "dev", null, "ingestion", Set.of()));
        List<Double> seen = new ArrayList<>();
        guarded.withConnection(c -> {
            // No SET here: the warehouse switches progress tracking on before it locks the configuration.
            try (PreparedStatement heavy = c.prepareStatement(
                    "SELECT count(DISTINCT (a * 7919) % 1000003) FROM range(60000000) t(a)")) {
                StatementProgress.Reader reader = StatementProgress.of(heavy);
                assertThat(reader).as("a guarded DuckDB statement has a progress reader").isNotNull();
                AtomicBoolean running = new AtomicBoolean(true);
                Thread poller = new Thread(() -> {
                    while (running.get()) {
                        try {
                            QueryProgress p = reader.read();
                            if (p != null && p.getPercentage() >= 0) {
                                synchronized (seen) {
                                    seen.add(p.getPercentage());
                                }
                            }
                            Thread.sleep(50);
                        } catch (Exception e) {
                            // between states: the next read tries again
                        }
                    }
                });
                poller.start();
                try (ResultSet rs = heavy.executeQuery()) {
                    rs.next();
                } finally {
                    running.set(false);
                }
                try {
                    poller.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return null;
        });
        assertThat(seen).as("progress read while the statement ran").isNotEmpty();
        assertThat(seen).allSatisfy(p -> assertThat(p).isBetween(0.0, 100.0));
    }
}
