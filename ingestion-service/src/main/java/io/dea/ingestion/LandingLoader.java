package io.dea.ingestion;

import io.dea.platform.warehouse.SqlText;
import io.dea.platform.artifact.DataProject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Stages a reader's rows as {@code landing.<source>}: a full load replaces the table; an incremental
 * load inserts only rows past the source's watermark and advances it in the same transaction, so a
 * crash or a re-delivered task never loads a row twice. Rows are new when their key is greater than
 * the watermark: a late row whose key equals or precedes it is taken as already loaded.
 */
final class LandingLoader {

    /** DuckDB type names as information_schema spells them; anything else is not cast to. */
    private static final Pattern TYPE_NAME = Pattern.compile("[A-Za-z0-9_ (),]+");

    /**
     * What a load did.
     *
     * @param table      the landing table
     * @param mode       full, incremental (first load) or incremental
     * @param rowsLoaded rows written by this load
     * @param rows       rows in the table after it
     * @param columns    the table's columns
     * @param watermark  the watermark after an incremental load, else null
     */
    record Load(String table, String mode, long rowsLoaded, long rows, List<String> columns, String watermark) {
    }

    private LandingLoader() {
    }

    static String table(String source) {
        return DataProject.LANDING_SCHEMA + "." + source;
    }

    /** The columns a reader yields, without loading anything. */
    static List<String> describe(Connection c, String reader) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("DESCRIBE SELECT * FROM " + reader)) {
            while (rs.next()) {
                columns.add(rs.getString("column_name"));
            }
        }
        return columns;
    }

    static String fullLoadSql(String source, String reader) {
        return "CREATE OR REPLACE TABLE " + table(source) + " AS SELECT * FROM " + reader;
    }

    static String incrementalSql(String source, String reader, String key) {
        return "INSERT INTO " + table(source) + " BY NAME SELECT * FROM " + reader + " WHERE " + SqlText.identifier(key)
                + " > CAST(? AS <key type>)";
    }

    static Load full(Connection c, String source, String reader) throws SQLException {
        return inTransaction(c, () -> {
            createLandingSchema(c);
            Watermarks.ensureTable(c);
            Watermarks.forget(c, source);
            update(c, fullLoadSql(source, reader));
            long rows = count(c, source);
            return new Load(table(source), "full", rows, rows, columns(c, source), null);
        });
    }

    static Load incremental(Connection c, String source, String reader, String key) throws SQLException {
        return inTransaction(c, () -> {
            createLandingSchema(c);
            Watermarks.ensureTable(c);
            Optional<Watermarks.Watermark> mark = Watermarks.find(c, source);
            boolean first = mark.isEmpty() || !mark.get().keyColumn().equalsIgnoreCase(key) || !exists(c, source);
            long loaded;
            if (first) {
                update(c, fullLoadSql(source, reader));
                loaded = count(c, source);
            } else if (mark.get().value() == null) {
                loaded = update(c, "INSERT INTO " + table(source) + " BY NAME SELECT * FROM " + reader);
            } else {
                String sql = incrementalSql(source, reader, key).replace("<key type>", keyType(c, source, key));
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setString(1, mark.get().value());
                    loaded = ps.executeUpdate();
                }
            }
            String watermark = Watermarks.advance(c, source, table(source), key);
            return new Load(table(source), first ? "incremental (first load)" : "incremental", loaded, count(c, source),
                    columns(c, source), watermark);
        });
    }

    private static void createLandingSchema(Connection c) throws SQLException {
        update(c, "CREATE SCHEMA IF NOT EXISTS " + DataProject.LANDING_SCHEMA);
    }

    private static boolean exists(Connection c, String source) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = ? AND table_name = ?")) {
            ps.setString(1, DataProject.LANDING_SCHEMA);
            ps.setString(2, source);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        }
    }

    private static String keyType(Connection c, String source, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT data_type FROM information_schema.columns "
                + "WHERE table_schema = ? AND table_name = ? AND lower(column_name) = lower(?)")) {
            ps.setString(1, DataProject.LANDING_SCHEMA);
            ps.setString(2, source);
            ps.setString(3, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException(table(source) + " has no column " + key + " to load incrementally by");
                }
                String type = rs.getString(1);
                if (!TYPE_NAME.matcher(type).matches()) {
                    throw new SQLException("unexpected type " + type + " of " + table(source) + "." + key);
                }
                return type;
            }
        }
    }

    private static List<String> columns(Connection c, String source) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT column_name FROM information_schema.columns "
                + "WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position")) {
            ps.setString(1, DataProject.LANDING_SCHEMA);
            ps.setString(2, source);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                }
            }
        }
        return columns;
    }

    private static long count(Connection c, String source) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table(source))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long update(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            return s.executeLargeUpdate(sql);
        }
    }

    private static <T> T inTransaction(Connection c, SqlCall<T> work) throws SQLException {
        c.setAutoCommit(false);
        try {
            T result = work.run();
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    @FunctionalInterface
    private interface SqlCall<T> {
        T run() throws SQLException;
    }
}
