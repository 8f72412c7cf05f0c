package io.dea.ops;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/**
 * What a backfill would scan, estimated before it runs: each day's chunk reads the mart's sources
 * (the day filter applies to the mart's rows, so the sources are read whole), and a source's size is
 * its row count ({@code duckdb_tables().estimated_size}) times its row width (fixed-width types by
 * their size, strings and other variable types at 16 bytes, DuckDB's in-memory string header). It is
 * cost-service's method made small: no EXPLAIN, since every chunk runs the same query.
 *
 * @param bytesPerChunk the estimated bytes one day's rebuild scans
 * @param chunks        the number of days
 */
record BackfillEstimate(long bytesPerChunk, int chunks) {

    long totalBytes() {
        return Math.multiplyExact(bytesPerChunk, (long) chunks);
    }

    static BackfillEstimate of(Connection c, List<String> sources, int chunks) throws SQLException {
        long bytes = 0;
        for (String source : sources) {
            bytes += tableBytes(c, "landing", source);
        }
        return new BackfillEstimate(bytes, chunks);
    }

    static long tableBytes(Connection c, String schema, String table) throws SQLException {
        long rows = 0;
        try (PreparedStatement s = c.prepareStatement(
                "SELECT estimated_size FROM duckdb_tables() WHERE schema_name = ? AND table_name = ?")) {
            s.setString(1, schema);
            s.setString(2, table);
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next()) {
                    rows = rs.getLong(1);
                }
            }
        }
        long width = 0;
        try (PreparedStatement s = c.prepareStatement(
                "SELECT data_type FROM duckdb_columns() WHERE schema_name = ? AND table_name = ?")) {
            s.setString(1, schema);
            s.setString(2, table);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    width += width(rs.getString(1));
                }
            }
        }
        return rows * width;
    }

    static int width(String type) {
        String t = type.toUpperCase(Locale.ROOT);
        if (t.startsWith("DECIMAL")) {
            return 16;
        }
        return switch (t) {
            case "BOOLEAN", "TINYINT", "UTINYINT" -> 1;
            case "SMALLINT", "USMALLINT" -> 2;
            case "INTEGER", "UINTEGER", "FLOAT", "DATE" -> 4;
            case "BIGINT", "UBIGINT", "DOUBLE", "TIMESTAMP", "TIMESTAMP WITH TIME ZONE", "TIME" -> 8;
            default -> 16;
        };
    }
}
