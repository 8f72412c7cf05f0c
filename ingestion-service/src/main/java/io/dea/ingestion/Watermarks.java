package io.dea.ingestion;

import io.dea.platform.warehouse.SqlText;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * The highest incremental key loaded per source, in {@code dea_meta.watermarks} beside the data it
 * describes, so the watermark and the rows it covers change in one DuckDB transaction.
 */
final class Watermarks {

    static final String TABLE = "dea_meta.watermarks";

    /** A source's watermark: the key column it is over and the highest value loaded (null when none). */
    record Watermark(String keyColumn, String value) {
    }

    private Watermarks() {
    }

    static void ensureTable(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS dea_meta");
            s.execute("CREATE TABLE IF NOT EXISTS " + TABLE
                    + " (source VARCHAR PRIMARY KEY, key_column VARCHAR, watermark VARCHAR, updated_at TIMESTAMP)");
        }
    }

    static Optional<Watermark> find(Connection c, String source) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT key_column, watermark FROM " + TABLE + " WHERE source = ?")) {
            ps.setString(1, source);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Watermark(rs.getString(1), rs.getString(2))) : Optional.empty();
            }
        }
    }

    /** Sets the watermark to the highest key now in the table; returns it. */
    static String advance(Connection c, String source, String table, String keyColumn) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLE + " VALUES (?, ?, (SELECT CAST(max("
                + SqlText.identifier(keyColumn) + ") AS VARCHAR) FROM " + table + "), now()) ON CONFLICT (source) DO UPDATE SET "
                + "key_column = excluded.key_column, watermark = excluded.watermark, updated_at = excluded.updated_at")) {
            ps.setString(1, source);
            ps.setString(2, keyColumn);
            ps.executeUpdate();
        }
        return find(c, source).map(Watermark::value).orElse(null);
    }

    /** Forgets a source's watermark: after a full reload it no longer says what was loaded. */
    static void forget(Connection c, String source) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + TABLE + " WHERE source = ?")) {
            ps.setString(1, source);
            ps.executeUpdate();
        }
    }
}
