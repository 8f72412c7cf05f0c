package io.dea.ingestion;

import io.dea.events.v1.SourceSpec;
import io.dea.platform.goal.Identifiers;
import io.dea.platform.source.JdbcTarget;
import io.dea.platform.source.SourcePolicy;
import io.dea.platform.warehouse.Appenders;
import io.dea.platform.warehouse.SqlText;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.duckdb.DuckDBAppender;

/**
 * Reads a JDBC table or query and streams its rows into a DuckDB staging table through DuckDB's
 * Appender: the driver fetches {@code fetchSize} rows at a time and the Appender writes them in
 * vectors, so neither side holds the table in this JVM's heap. Loading then goes through the same
 * SQL as files ({@link LandingLoader}), with the staging table as the reader.
 *
 * <p>With a watermark the predicate is pushed to the source ({@code WHERE key > ?}), so an
 * incremental load reads only new rows. Column names are lower-cased: H2, Oracle and DB2 report
 * unquoted names in upper case, and the models downstream name columns in lower case.
 */
final class JdbcSource {

    static final String STAGE_SCHEMA = "dea_stage";


    /** What was staged: the staging table as a reader, and how much was read. */
    record Staged(String reader, long rows, long bytes) {
    }

    /** The watermark to push down: the landing key's DuckDB type and the last value loaded. */
    record After(String key, String duckType, String value) {
    }

    private final IngestionSettings settings;

    JdbcSource(IngestionSettings settings) {
        this.settings = settings;
    }

    /** The statement run on the source ({@code from} is a checked table or {@code (query) src}), for the audit log and errors. */
    static String select(String source, String from, String key, boolean pushDown) throws SourceException {
        String sql = "SELECT * FROM " + from;
        if (pushDown) {
            if (!Identifiers.isSafe(key)) {
                throw new SourceException("source " + source + ": incremental_key '" + key + "' is not a plain column name");
            }
            sql += " WHERE " + key + " > ?";
        }
        return sql;
    }

    /** Streams the source's rows (after the watermark, when given) into {@code dea_stage.<source>}. */
    Staged stage(Connection duck, SourceSpec source, SourcePolicy.Jdbc checked, After after, Progress progress)
            throws SQLException, SourceException {
        String name = source.getName();
        String sql = select(name, checked.from(), after == null ? null : after.key(), after != null);
        try (Connection db = open(name, checked.target())) {
            db.setReadOnly(true);
            // Several drivers (PostgreSQL among them) stream with a fetch size only inside a transaction.
            db.setAutoCommit(false);
            try (PreparedStatement ps = db.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                ps.setFetchSize(settings.jdbc().fetchSize());
                if (after != null) {
                    bindWatermark(ps, after);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    return append(duck, name, rs, progress);
                }
            } catch (SQLException e) {
                if (transient_(e)) {
                    throw e;
                }
                throw new SourceException("source " + name + ": " + sql + " failed: " + withoutLiterals(e.getMessage()), e);
            } finally {
                db.rollback();
            }
        }
    }

    /** Creates the stage table from the result's columns and appends every row, metering rows and bytes. */
    private Staged append(Connection duck, String name, ResultSet rs, Progress progress) throws SQLException, SourceException {
        List<ColumnWriter> columns = columns(name, rs.getMetaData());
        createStage(duck, name, columns);
        Progress.Meter meter = new Progress.Meter(progress, "reading " + name + " over JDBC", settings.progressRows(),
                settings.progressBytes().toBytes());
        // Through the platform's Appenders: the warehouse connection is behind the write gate.
        try (DuckDBAppender appender = Appenders.open(duck, STAGE_SCHEMA, name)) {
            while (rs.next()) {
                appender.beginRow();
                long bytes = 0;
                for (int i = 0; i < columns.size(); i++) {
                    bytes += columns.get(i).write(rs, i + 1, appender);
                }
                appender.endRow();
                meter.add(1, bytes);
            }
        }
        return new Staged(stageTable(name), meter.rows(), meter.bytes());
    }

    static String stageTable(String source) {
        return SqlText.qualified(STAGE_SCHEMA, source);
    }

    static void dropStage(Connection duck, String source) throws SQLException {
        try (Statement s = duck.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + stageTable(source));
        }
    }

    /** A lost or refused connection is worth retrying later; a wrong table name is not. */
    private static boolean transient_(SQLException e) {
        return e instanceof java.sql.SQLTransientException || e instanceof java.sql.SQLRecoverableException
                || (e.getSQLState() != null && e.getSQLState().startsWith("08"));
    }

    /**
     * Opens the checked target: its URL was rebuilt by the policy (read-only, no code-running settings)
     * and its credentials are the connection's, never a goal's.
     */
    private static Connection open(String source, JdbcTarget target) throws SourceException, SQLException {
        try {
            return DriverManager.getConnection(target.url(), target.properties());
        } catch (SQLException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("No suitable driver")) {
                throw new SourceException("source " + source + ": no JDBC driver here accepts its connection's URL (bundled: H2, DuckDB; "
                        + "put the database's driver on the ingestion service's classpath)", e);
            }
            if (transient_(e)) {
                throw new SQLException("source " + source + ": cannot connect to its JDBC URL (will retry): " + withoutLiterals(e.getMessage()),
                        e.getSQLState(), e);
            }
            // The URL may carry a password, so the message names the source, not the URL.
            throw new SourceException("source " + source + ": cannot connect to its JDBC URL: " + withoutLiterals(e.getMessage()), e);
        }
    }

    /** A driver's message without its quoted literals: they may be values from the data (or a password). */
    static String withoutLiterals(String message) {
        return message == null ? "" : message.replaceAll("'(?:[^']|'')*'", "'...'");
    }

    private static void createStage(Connection duck, String name, List<ColumnWriter> columns) throws SQLException {
        StringBuilder ddl = new StringBuilder("CREATE OR REPLACE TABLE " + stageTable(name) + " (");
        for (int i = 0; i < columns.size(); i++) {
            ddl.append(i == 0 ? "" : ", ").append(SqlText.identifier(columns.get(i).name())).append(' ').append(columns.get(i).duckType());
        }
        try (Statement s = duck.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS " + STAGE_SCHEMA);
            s.execute(ddl.append(')').toString());
        }
    }

    /** Binds the watermark (kept as text) as the key's own type, so every driver compares like with like. */
    private static void bindWatermark(PreparedStatement ps, After after) throws SQLException {
        String type = after.duckType().toUpperCase(Locale.ROOT);
        String v = after.value();
        if (type.equals("BIGINT") || type.equals("INTEGER") || type.equals("SMALLINT") || type.equals("TINYINT")) {
            ps.setLong(1, Long.parseLong(v));
        } else if (type.equals("DOUBLE") || type.equals("FLOAT")) {
            ps.setDouble(1, Double.parseDouble(v));
        } else if (type.startsWith("DECIMAL") || type.equals("HUGEINT")) {
            ps.setBigDecimal(1, new BigDecimal(v));
        } else if (type.equals("DATE")) {
            ps.setObject(1, LocalDate.parse(v));
        } else if (type.equals("TIMESTAMP")) {
            ps.setObject(1, LocalDateTime.parse(v.replace(' ', 'T')));
        } else {
            ps.setString(1, v);
        }
    }

    /** Maps each JDBC column to a DuckDB type and the Appender call that writes it. */
    private static List<ColumnWriter> columns(String source, ResultSetMetaData md) throws SQLException, SourceException {
        List<ColumnWriter> columns = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            String name = md.getColumnLabel(i).toLowerCase(Locale.ROOT);
            if (!names.add(name)) {
                throw new SourceException("source " + source + ": two columns are named " + name + " (names are compared in lower case)");
            }
            columns.add(ColumnWriter.of(name, md.getColumnType(i), md.getPrecision(i), md.getScale(i), md.isSigned(i)));
        }
        return columns;
    }

    /** One column: its name, DuckDB type and how a value moves from the result set to the Appender. */
    private record ColumnWriter(String name, String duckType, Writer writer) {

        @FunctionalInterface
        interface Writer {
            /** Appends the value (or null) and returns about how many bytes it was. */
            long write(ResultSet rs, int index, DuckDBAppender appender) throws SQLException;
        }

        long write(ResultSet rs, int index, DuckDBAppender appender) throws SQLException {
            return writer.write(rs, index, appender);
        }

        static ColumnWriter of(String name, int jdbcType, int precision, int scale, boolean signed) {
            return switch (jdbcType) {
                case Types.BOOLEAN, Types.BIT -> new ColumnWriter(name, "BOOLEAN", (rs, i, a) -> {
                    boolean v = rs.getBoolean(i);
                    return rs.wasNull() ? nul(a) : size(a.append(v), 1);
                });
                case Types.TINYINT, Types.SMALLINT -> new ColumnWriter(name, "INTEGER", (rs, i, a) -> {
                    int v = rs.getInt(i);
                    return rs.wasNull() ? nul(a) : size(a.append(v), 2);
                });
                case Types.INTEGER -> signed ? new ColumnWriter(name, "INTEGER", (rs, i, a) -> {
                    int v = rs.getInt(i);
                    return rs.wasNull() ? nul(a) : size(a.append(v), 4);
                }) : bigint(name);
                case Types.BIGINT -> signed ? bigint(name) : new ColumnWriter(name, "HUGEINT", (rs, i, a) -> {
                    BigDecimal v = rs.getBigDecimal(i);
                    return v == null ? nul(a) : size(a.append(v.toBigInteger()), 8);
                });
                case Types.REAL -> new ColumnWriter(name, "FLOAT", (rs, i, a) -> {
                    float v = rs.getFloat(i);
                    return rs.wasNull() ? nul(a) : size(a.append(v), 4);
                });
                case Types.FLOAT, Types.DOUBLE -> doubles(name);
                case Types.NUMERIC, Types.DECIMAL -> precision > 0 && precision <= 38 && scale >= 0 && scale <= precision
                        ? new ColumnWriter(name, "DECIMAL(" + precision + "," + scale + ")", (rs, i, a) -> {
                            BigDecimal v = rs.getBigDecimal(i);
                            return v == null ? nul(a) : size(a.append(v.setScale(scale, java.math.RoundingMode.UNNECESSARY)), 16);
                        })
                        // No usable precision (e.g. an unconstrained NUMERIC): DOUBLE keeps the magnitude.
                        : doubles(name);
                case Types.DATE, Types.TIME, Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> temporal(name, jdbcType);
                // Everything else (text, UUID, JSON, intervals, arrays) arrives as its text.
                default -> new ColumnWriter(name, "VARCHAR", (rs, i, a) -> {
                    String v = rs.getString(i);
                    return v == null ? nul(a) : size(a.append(v), v.length());
                });
            };
        }

        /** Dates, times and timestamps, as java.time values (a zoned timestamp keeps its offset). */
        private static ColumnWriter temporal(String name, int jdbcType) {
            return switch (jdbcType) {
                case Types.DATE -> new ColumnWriter(name, "DATE", (rs, i, a) -> {
                    LocalDate v = rs.getObject(i, LocalDate.class);
                    return v == null ? nul(a) : size(a.append(v), 4);
                });
                case Types.TIME -> new ColumnWriter(name, "TIME", (rs, i, a) -> {
                    LocalTime v = rs.getObject(i, LocalTime.class);
                    return v == null ? nul(a) : size(a.append(v), 8);
                });
                case Types.TIMESTAMP -> new ColumnWriter(name, "TIMESTAMP", (rs, i, a) -> {
                    LocalDateTime v = rs.getObject(i, LocalDateTime.class);
                    return v == null ? nul(a) : size(a.append(v), 8);
                });
                case Types.TIMESTAMP_WITH_TIMEZONE -> new ColumnWriter(name, "TIMESTAMPTZ", (rs, i, a) -> {
                    OffsetDateTime v = rs.getObject(i, OffsetDateTime.class);
                    return v == null ? nul(a) : size(a.append(v), 8);
                });
                default -> throw new IllegalArgumentException("not a temporal JDBC type: " + jdbcType);
            };
        }

        private static ColumnWriter bigint(String name) {
            return new ColumnWriter(name, "BIGINT", (rs, i, a) -> {
                long v = rs.getLong(i);
                return rs.wasNull() ? nul(a) : size(a.append(v), 8);
            });
        }

        private static ColumnWriter doubles(String name) {
            return new ColumnWriter(name, "DOUBLE", (rs, i, a) -> {
                double v = rs.getDouble(i);
                return rs.wasNull() ? nul(a) : size(a.append(v), 8);
            });
        }

        private static long nul(DuckDBAppender appender) throws SQLException {
            appender.appendNull();
            return 0;
        }

        private static long size(DuckDBAppender ignored, long bytes) {
            return bytes;
        }
    }
}
