package io.dea.cost;

import io.dea.platform.warehouse.Warehouse;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * Watches what ran: each profiled query becomes a row of {@code dea_meta.query_history} (in the
 * warehouse, beside the ledger, so the history survives the service and anyone can query it) and a
 * sample of the Micrometer meters {@code dea.query.duration} (a timer), {@code dea.query.bytes.scanned}
 * and {@code dea.query.rows.scanned} (distribution summaries), tagged by query kind.
 *
 * <p>Jobs read from BigQuery's {@code INFORMATION_SCHEMA.JOBS} land in the same table with kind
 * {@code bigquery}, the job id as subject, their creation time as {@code ran_at} and no plan id (the
 * plan whose step read them did not run them); BigQuery reports no rows for a job, so those stay null.
 */
public final class QueryHistory {

    static final String TABLE = "dea_meta.query_history";

    private final MeterRegistry meters;

    public QueryHistory(MeterRegistry meters) {
        this.meters = meters;
    }

    static final String BIGQUERY_KIND = "bigquery";
    private static final String DURATION_DESCRIPTION = "Time a query took: DuckDB's profile, or a BigQuery job's creation to end";

    /** Creates the table, or adds the columns a history from before BigQuery jobs lacks. */
    private static void ensureTable(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS dea_meta");
            s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (ran_at TIMESTAMP, plan_id VARCHAR, kind VARCHAR, subject VARCHAR,"
                    + " seconds DOUBLE, rows_scanned BIGINT, rows_returned BIGINT, bytes_scanned BIGINT, bytes_from_disk BIGINT,"
                    + " scan_ratio DOUBLE, usd DECIMAL(18, 6), advice VARCHAR, sql VARCHAR)");
            s.execute("ALTER TABLE " + TABLE + " ADD COLUMN IF NOT EXISTS slot_ms BIGINT");
            s.execute("ALTER TABLE " + TABLE + " ADD COLUMN IF NOT EXISTS statement_type VARCHAR");
        }
    }

    public void record(Warehouse warehouse, String planId, QueryRun run, BigDecimal usd, String sql, String advice) {
        warehouse.withConnection(connection -> {
            ensureTable(connection);
            try (PreparedStatement ps = connection.prepareStatement("INSERT INTO " + TABLE + " (ran_at, plan_id, kind, subject,"
                    + " seconds, rows_scanned, rows_returned, bytes_scanned, bytes_from_disk, scan_ratio, usd, advice, sql)"
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
        Timer.builder("dea.query.duration").description(DURATION_DESCRIPTION)
                .tag("kind", run.kind()).register(meters).record(Duration.ofNanos((long) (run.seconds() * 1e9)));
        DistributionSummary.builder("dea.query.bytes.scanned").description("Bytes the table scans of a query read")
                .baseUnit("bytes").tag("kind", run.kind()).register(meters).record(run.bytesScanned());
        DistributionSummary.builder("dea.query.rows.scanned").description("Rows the table scans of a query read")
                .baseUnit("rows").tag("kind", run.kind()).register(meters).record(run.rowsScanned());
    }

    /** When the newest BigQuery job recorded was created: the next history read starts there. */
    public Optional<Instant> newestBigQueryJob(Warehouse warehouse) {
        return warehouse.withConnection(connection -> {
            ensureTable(connection);
            try (PreparedStatement ps = connection.prepareStatement("SELECT max(ran_at) FROM " + TABLE + " WHERE kind = ?")) {
                ps.setString(1, BIGQUERY_KIND);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    Timestamp newest = rs.getTimestamp(1);
                    return Optional.ofNullable(newest).map(Timestamp::toInstant);
                }
            }
        });
    }

    /**
     * Records the BigQuery jobs not recorded yet (history reads overlap at their start) and meters them.
     *
     * @return how many were new
     */
    public int recordJobs(Warehouse warehouse, List<BigQueryJob> jobs, LongFunction<BigDecimal> usdForBytes) {
        List<BigQueryJob> added = warehouse.withConnection(connection -> {
            ensureTable(connection);
            List<BigQueryJob> fresh = new java.util.ArrayList<>();
            try (PreparedStatement ps = connection.prepareStatement("INSERT INTO " + TABLE + " (ran_at, kind, subject, seconds,"
                    + " bytes_scanned, usd, slot_ms, statement_type) SELECT ?, ?, ?, ?, ?, ?, ?, ? WHERE NOT EXISTS"
                    + " (SELECT 1 FROM " + TABLE + " WHERE kind = ? AND subject = ?)")) {
                for (BigQueryJob job : jobs) {
                    ps.setTimestamp(1, Timestamp.from(job.created()));
                    ps.setString(2, BIGQUERY_KIND);
                    ps.setString(3, job.jobId());
                    ps.setDouble(4, job.seconds());
                    ps.setLong(5, job.bytes());
                    ps.setBigDecimal(6, usdForBytes.apply(job.bytes()));
                    ps.setLong(7, job.slotMs());
                    ps.setString(8, job.statementType());
                    ps.setString(9, BIGQUERY_KIND);
                    ps.setString(10, job.jobId());
                    if (ps.executeUpdate() > 0) {
                        fresh.add(job);
                    }
                }
            }
            return fresh;
        });
        for (BigQueryJob job : added) {
            Timer.builder("dea.query.duration").description(DURATION_DESCRIPTION)
                    .tag("kind", BIGQUERY_KIND).register(meters).record(Duration.ofNanos((long) (job.seconds() * 1e9)));
            DistributionSummary.builder("dea.query.bytes.scanned").description("Bytes the table scans of a query read")
                    .baseUnit("bytes").tag("kind", BIGQUERY_KIND).register(meters).record(job.bytes());
        }
        return added.size();
    }
}
