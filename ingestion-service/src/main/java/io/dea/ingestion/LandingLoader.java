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
 * the watermark: a late row whose key equals or precedes it is taken as already loaded. A reader is
 * any table expression: a DuckDB file reader, or the staging table a JDBC or HTTP source filled.
 */
final class LandingLoader {

    /** DuckDB type names as information_schema spells them; anything else is not cast to. */
    private static final Pattern TYPE_NAME = Pattern.compile("[A-Za-z0-9_ (),]+");

    /**
     * What a load did.
     *
     * @param table      the landing table
     * @param mode       full, incremental (first load), incremental, or held for review
     * @param rowsLoaded rows written by this load
     * @param rows       rows in the table after it
     * @param columns    the table's columns
     * @param watermark  the watermark after an incremental load, else null
     * @param drift      how the source's columns differ from the table's before this load
     * @param held       true when nothing was loaded because the drift is breaking and not yet approved
     * @param filesLoaded files read by this load of a file source without a key ({@link FileLoader}), else null
     */
    record Load(String table, String mode, long rowsLoaded, long rows, List<String> columns, String watermark, SchemaDrift drift,
                boolean held, Long filesLoaded) {

        Load(String table, String mode, long rowsLoaded, long rows, List<String> columns, String watermark, SchemaDrift drift,
             boolean held) {
            this(table, mode, rowsLoaded, rows, columns, watermark, drift, held, null);
        }
    }

    private LandingLoader() {
    }

    static String table(String source) {
        return DataProject.LANDING_SCHEMA + "." + source;
    }

    /** The columns a reader yields, without loading anything. */
    static List<String> describe(Connection c, String reader) throws SQLException {
        return describeTyped(c, reader).stream().map(SchemaDrift.Column::name).toList();
    }

    static List<SchemaDrift.Column> describeTyped(Connection c, String reader) throws SQLException {
        List<SchemaDrift.Column> columns = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("DESCRIBE SELECT * FROM " + reader)) {
            while (rs.next()) {
                columns.add(new SchemaDrift.Column(rs.getString("column_name"), rs.getString("column_type")));
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

    /** A full load: the table becomes the reader's rows. Kept for callers that need no drift check. */
    static Load full(Connection c, String source, String reader) throws SQLException {
        return load(c, source, reader, null, true, Progress.NONE, null);
    }

    static Load incremental(Connection c, String source, String reader, String key) throws SQLException {
        return load(c, source, reader, key, true, Progress.NONE, null);
    }

    /**
     * Loads a reader into the landing table in one transaction: full (replace) without a key, else
     * the rows past the watermark. When the table exists its columns are compared with the
     * reader's first: additive drift is applied, breaking drift only when {@code approved}; without
     * approval nothing is written and the load comes back {@code held}. With a {@code claim}, a table
     * another goal owns for other data is refused ({@link LandingOwners}), any drift of a table other
     * goals also read is held like a breaking one, and the claim is recorded with the load.
     */
    static Load load(Connection c, String source, String reader, String key, boolean approved, Progress progress,
                     LandingOwners.Claim claim) throws SQLException {
        return inTransaction(c, () -> {
            prepare(c);
            boolean shared = claim != null && claim(c, claim);
            boolean exists = exists(c, source);
            SchemaDrift drift = exists ? SchemaDrift.between(tableColumns(c, source), describeTyped(c, reader)) : SchemaDrift.NONE;
            if (needsReview(drift, shared, approved)) {
                Optional<Watermarks.Watermark> mark = key == null ? Optional.empty() : Watermarks.find(c, source);
                return held(c, source, drift, mark.map(Watermarks.Watermark::value).orElse(null));
            }
            // Not loaded by files: the files recorded for the table no longer say what it holds.
            LoadedFiles.forget(c, source);
            if (key == null) {
                Watermarks.forget(c, source);
                long rows = replace(c, source, reader, progress);
                return new Load(table(source), "full", rows, rows, columns(c, source), null, drift, false);
            }
            return incremental(c, source, reader, key, approved, exists, drift, progress);
        });
    }

    /** The landing schema and the tables of what was loaded, created when missing. */
    static void prepare(Connection c) throws SQLException {
        createLandingSchema(c);
        Watermarks.ensureTable(c);
        LoadedFiles.ensureTable(c);
    }

    /** A breaking drift, or any drift of a table other goals also read, waits for a person. */
    static boolean needsReview(SchemaDrift drift, boolean shared, boolean approved) {
        return (drift.breaking() || (shared && !drift.none())) && !approved;
    }

    /** Nothing loaded: the drift waits for review. */
    static Load held(Connection c, String source, SchemaDrift drift, String watermark) throws SQLException {
        return new Load(table(source), "held for review", 0, count(c, source), columns(c, source), watermark, drift, true);
    }

    /** Refuses a table another goal owns for other data, records the claim, and answers whether other goals also read it. */
    static boolean claim(Connection c, LandingOwners.Claim claim) throws SQLException {
        Optional<String> refusal = LandingOwners.refusal(c, claim);
        if (refusal.isPresent()) {
            throw new LandingOwners.OwnedByAnotherGoal(refusal.get());
        }
        boolean shared = LandingOwners.readByOthers(c, claim);
        LandingOwners.record(c, claim);
        return shared;
    }

    /** An incremental load: the whole reader the first time (or when the key changed), else the rows past the watermark. */
    private static Load incremental(Connection c, String source, String reader, String key, boolean approved, boolean exists,
                                    SchemaDrift drift, Progress progress) throws SQLException {
        Optional<Watermarks.Watermark> mark = Watermarks.find(c, source);
        boolean first = mark.isEmpty() || !mark.get().keyColumn().equalsIgnoreCase(key) || !exists;
        long loaded;
        if (first) {
            loaded = replace(c, source, reader, progress);
        } else {
            Optional<String> rebuild = drift.rebuildSql(table(source), tableColumns(c, source), approved);
            if (rebuild.isPresent()) {
                update(c, rebuild.get());
            }
            if (mark.get().value() == null) {
                loaded = execute(c, "INSERT INTO " + table(source) + " BY NAME SELECT * FROM " + reader, null, source, progress);
            } else {
                String sql = incrementalSql(source, reader, key).replace("<key type>", keyType(c, source, key));
                loaded = execute(c, sql, mark.get().value(), source, progress);
            }
        }
        String watermark = Watermarks.advance(c, source, table(source), key);
        return new Load(table(source), first ? "incremental (first load)" : "incremental", loaded, count(c, source),
                columns(c, source), watermark, drift, false);
    }

    /** The DuckDB type of a landing column, e.g. to bind a watermark to a source query. */
    static Optional<String> columnType(Connection c, String source, String column) throws SQLException {
        try {
            return exists(c, source) ? Optional.of(keyType(c, source, column)) : Optional.empty();
        } catch (SQLException noSuchColumn) {
            return Optional.empty();
        }
    }

    static long replace(Connection c, String source, String reader, Progress progress) throws SQLException {
        // CREATE TABLE ... AS reports the rows it wrote: the table's count, without a scan of it after the load.
        return execute(c, fullLoadSql(source, reader), null, source, progress);
    }

    /**
     * Runs one load statement while a second thread polls DuckDB's own progress of it (percentage
     * and rows read), so a load of one huge file reports how far it is, not only that it started.
     */
    static long execute(Connection c, String sql, String parameter, String source, Progress progress) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql);
             QueryProgressPoller ignored = new QueryProgressPoller(ps, "loading " + table(source), progress)) {
            if (parameter != null) {
                ps.setString(1, parameter);
            }
            return ps.executeLargeUpdate();
        }
    }

    static List<SchemaDrift.Column> tableColumns(Connection c, String source) throws SQLException {
        List<SchemaDrift.Column> columns = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT column_name, data_type FROM information_schema.columns "
                + "WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position")) {
            ps.setString(1, DataProject.LANDING_SCHEMA);
            ps.setString(2, source);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(new SchemaDrift.Column(rs.getString(1), rs.getString(2)));
                }
            }
        }
        return columns;
    }

    private static void createLandingSchema(Connection c) throws SQLException {
        update(c, "CREATE SCHEMA IF NOT EXISTS " + DataProject.LANDING_SCHEMA);
    }

    static boolean exists(Connection c, String source) throws SQLException {
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

    static List<String> columns(Connection c, String source) throws SQLException {
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

    static long count(Connection c, String source) throws SQLException {
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

    static <T> T inTransaction(Connection c, SqlCall<T> work) throws SQLException {
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
    interface SqlCall<T> {
        T run() throws SQLException;
    }
}
