package io.dea.cost;

import io.dea.platform.warehouse.Warehouse;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;

/**
 * Watches what ran: each profiled query becomes a row of {@code dea_meta.query_history} (in the
 * warehouse, beside the ledger, so the history survives the service and anyone can query it) and a
 * sample of the Micrometer meters {@code dea.query.duration} (a timer), {@code dea.query.bytes.scanned}
 * and {@code dea.query.rows.scanned} (distribution summaries), tagged by query kind.
 */
public final class QueryHistory {

    static final String TABLE = "dea_meta.query_history";

    private final MeterRegistry meters;

    public QueryHistory(MeterRegistry meters) {
        this.meters = meters;
    }

    public void record(Warehouse warehouse, String planId, QueryRun run, BigDecimal usd, String sql, String advice) {
        warehouse.withConnection(connection -> {
            try (Statement s = connection.createStatement()) {
                s.execute("CREATE SCHEMA IF NOT EXISTS dea_meta");
                s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (ran_at TIMESTAMP, plan_id VARCHAR, kind VARCHAR, subject VARCHAR,"
                        + " seconds DOUBLE, rows_scanned BIGINT, rows_returned BIGINT, bytes_scanned BIGINT, bytes_from_disk BIGINT,"
                        + " scan_ratio DOUBLE, usd DECIMAL(18, 6), advice VARCHAR, sql VARCHAR)");
            }
            try (PreparedStatement ps = connection.prepareStatement("INSERT INTO " + TABLE
                    + " VALUES (now(), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, planId);
                ps.setString(2, run.kind());
                ps.setString(3, run.subject());
                ps.setDouble(4, run.seconds());
                ps.setLong(5, run.rowsScanned());
                ps.setLong(6, run.rowsReturned());
                ps.setLong(7, run.bytesScanned());
                ps.setLong(8, run.bytesFromDisk());
                ps.setDouble(9, run.scanRatio());
                ps.setBigDecimal(10, usd);
                ps.setString(11, advice);
                ps.setString(12, sql);
                ps.executeUpdate();
            }
            return null;
        });
        Timer.builder("dea.query.duration").description("Time DuckDB took to run a query, from its profile")
                .tag("kind", run.kind()).register(meters).record(Duration.ofNanos((long) (run.seconds() * 1e9)));
        DistributionSummary.builder("dea.query.bytes.scanned").description("Bytes the table scans of a query read")
                .baseUnit("bytes").tag("kind", run.kind()).register(meters).record(run.bytesScanned());
        DistributionSummary.builder("dea.query.rows.scanned").description("Rows the table scans of a query read")
                .baseUnit("rows").tag("kind", run.kind()).register(meters).record(run.rowsScanned());
    }
}
