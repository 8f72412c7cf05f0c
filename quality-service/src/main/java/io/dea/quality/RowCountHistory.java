package io.dea.quality;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The row counts of the loads that passed quality, per source, in {@code dea_meta.load_row_counts}
 * beside the data: the row-count test compares the current load with their mean and deviation. Only
 * passing loads are recorded, so an anomaly never becomes the new normal.
 */
final class RowCountHistory {

    static final String TABLE = "dea_meta.load_row_counts";
    /** Fewer earlier loads than this say too little about what is normal: the test passes. */
    static final int MIN_HISTORY = 3;

    private RowCountHistory() {
    }

    static void ensure(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS dea_meta");
            s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (source VARCHAR, plan_id VARCHAR, row_count BIGINT, recorded_at TIMESTAMP)");
        }
    }

    static void record(Connection c, String source, String planId, long rows) throws SQLException {
        ensure(c);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLE + " VALUES (?, ?, ?, now())")) {
            ps.setString(1, source);
            ps.setString(2, planId);
            ps.setLong(3, rows);
            ps.execute();
        }
    }

    /** Returns a row (the current count, mean, deviation) when the current load is an outlier. */
    static String testSql(String relation, String source) {
        return """
                with history as (
                    select count(*) as loads, avg(row_count) as mean_rows, coalesce(stddev_samp(row_count), 0) as stddev_rows
                    from %s where source = %s
                ),
                current_load as (select count(*) as row_count from %s)
                select current_load.row_count, history.mean_rows, history.stddev_rows, history.loads
                from current_load, history
                where history.loads >= %d
                  and abs(current_load.row_count - history.mean_rows) > 3 * greatest(history.stddev_rows, 0.05 * history.mean_rows)"""
                .formatted(TABLE, io.dea.platform.codegen.DbtSql.literal(source), relation, MIN_HISTORY);
    }
}
