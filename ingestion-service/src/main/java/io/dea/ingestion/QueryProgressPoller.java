package io.dea.ingestion;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import io.dea.platform.warehouse.StatementProgress;
import org.duckdb.QueryProgress;

/**
 * Polls DuckDB's progress of a running statement from a second thread, as the DuckDB JDBC driver
 * intends {@code getQueryProgress()} to be used, and reports it. A statement that is not DuckDB's
 * (none here) or finishes before the first poll reports nothing. Works through the warehouse's
 * write gate ({@link StatementProgress}).
 */
final class QueryProgressPoller implements AutoCloseable {

    /** Often enough to show a multi-gigabyte load moving, rarely enough to cost nothing. */
    static final Duration INTERVAL = Duration.ofSeconds(2);

    private final ScheduledExecutorService poller;

    QueryProgressPoller(PreparedStatement statement, String what, Progress progress) throws SQLException {
        StatementProgress.Reader duck = StatementProgress.of(statement);
        if (duck == null) {
            poller = null;
            return;
        }
        // DuckDB tracks progress only with its progress bar on: the warehouse opens every connection so.
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "duckdb-progress");
            t.setDaemon(true);
            return t;
        });
        poller.scheduleAtFixedRate(() -> {
            try {
                QueryProgress p = duck.read();
                if (p != null && p.getPercentage() >= 0) {
                    // Only the percentage: DuckDB's row counter adds up rows over every operator, not source rows.
                    progress.report(String.format("%s: %.0f%% done (DuckDB's estimate)", what, p.getPercentage()),
                            p.getPercentage() / 100.0);
                }
            } catch (SQLException | RuntimeException e) {
                // No progress to tell (the statement is between states); the next poll tries again.
            }
        }, INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        if (poller == null) {
            return;
        }
        poller.shutdown();
        try {
            poller.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
