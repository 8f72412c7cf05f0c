package io.dea.governance;

import io.dea.platform.artifact.DataProject;
import io.dea.platform.warehouse.Warehouse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads a landing table's columns and a sample of each one's values from the warehouse. The
 * sample is a reservoir sample with a fixed seed (not the first rows, which are often the oldest
 * or the test rows), so a re-delivered task sees the same values.
 */
public final class ColumnSampler {

    /** How many non-null values of each column the detector sees. */
    public static final int SAMPLE_SIZE = 200;
    /** Types that can hold text or long numbers; dates, booleans and floats cannot reveal the kinds we look for. */
    private static final Pattern SAMPLED_TYPES = Pattern.compile("VARCHAR|TEXT|STRING|CHAR.*|BIGINT|HUGEINT|UBIGINT|UHUGEINT|INET|JSON");

    /** The SQL sampling one column; shown in the audit. */
    public static String sampleSql(String table, String column) {
        return "SELECT v FROM (SELECT CAST(" + quote(column) + " AS VARCHAR) AS v FROM " + quote(DataProject.LANDING_SCHEMA)
                + "." + quote(table) + " WHERE " + quote(column) + " IS NOT NULL) USING SAMPLE reservoir(" + SAMPLE_SIZE
                + " ROWS) REPEATABLE (42)";
    }

    /** The table with sampled values, or null when {@code landing.<table>} does not exist. */
    public TableSample sample(Warehouse warehouse, String table) {
        return warehouse.withConnection(connection -> {
            List<String[]> columns = columns(connection, table);
            if (columns.isEmpty()) {
                return null;
            }
            List<ColumnSample> samples = new ArrayList<>();
            for (String[] column : columns) {
                List<String> values = SAMPLED_TYPES.matcher(column[1].toUpperCase(Locale.ROOT)).matches()
                        ? values(connection, sampleSql(table, column[0]))
                        : List.of();
                samples.add(new ColumnSample(column[0], column[1], values));
            }
            return new TableSample(table, samples);
        });
    }

    private static List<String[]> columns(Connection connection, String table) throws SQLException {
        List<String[]> columns = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("""
                SELECT column_name, data_type FROM duckdb_columns()
                WHERE database_name = current_database() AND schema_name = ? AND table_name = ?
                ORDER BY column_index""")) {
            ps.setString(1, DataProject.LANDING_SCHEMA);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
        }
        return columns;
    }

    private static List<String> values(Connection connection, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    /** A SQL identifier in double quotes, safe whatever the name holds. */
    public static String quote(String identifier) {
        return io.dea.platform.warehouse.SqlText.identifier(identifier);
    }
}
