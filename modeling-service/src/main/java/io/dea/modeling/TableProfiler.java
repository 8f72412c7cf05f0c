package io.dea.modeling;

import io.dea.platform.warehouse.SqlText;
import io.dea.platform.artifact.DataProject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Profiles a landing table in the warehouse: its columns and types from information_schema, then
 * row count, null and distinct counts, min and max of every column in one scan, and the values of
 * the few text columns that look like categories (for accepted_values tests).
 */
public final class TableProfiler {

    private TableProfiler() {
    }

    static String profileSql(List<String> columns, List<String> types, String source) {
        StringBuilder sql = new StringBuilder("SELECT count(*)");
        for (int i = 0; i < columns.size(); i++) {
            String c = SqlText.identifier(columns.get(i));
            sql.append(", count(").append(c).append("), count(DISTINCT ").append(c).append(")");
            if (ordered(types.get(i))) {
                sql.append(", CAST(min(").append(c).append(") AS VARCHAR), CAST(max(").append(c).append(") AS VARCHAR)");
            } else {
                sql.append(", NULL, NULL");
            }
        }
        return sql.append(" FROM ").append(SqlText.qualified(DataProject.LANDING_SCHEMA, source)).toString();
    }

    public static TableProfile profile(Connection c, String source) throws SQLException {
        List<String> names = new ArrayList<>();
        List<String> types = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT column_name, data_type FROM information_schema.columns "
                + "WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position")) {
            ps.setString(1, DataProject.LANDING_SCHEMA);
            ps.setString(2, source);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                    types.add(rs.getString(2));
                }
            }
        }
        if (names.isEmpty()) {
            throw new SQLException("landing." + source + " does not exist: has ingest_" + source + " run?");
        }
        List<ColumnProfile> columns = new ArrayList<>();
        long rows;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(profileSql(names, types, source))) {
            rs.next();
            rows = rs.getLong(1);
            for (int i = 0; i < names.size(); i++) {
                long nonNull = rs.getLong(2 + 4 * i);
                long distinct = rs.getLong(3 + 4 * i);
                columns.add(new ColumnProfile(names.get(i), types.get(i), rows - nonNull, distinct,
                        rs.getString(4 + 4 * i), rs.getString(5 + 4 * i), List.of()));
            }
        }
        for (int i = 0; i < columns.size(); i++) {
            ColumnProfile column = columns.get(i);
            if (column.isCategory(rows)) {
                columns.set(i, column.withValues(values(c, source, column.name())));
            }
        }
        return new TableProfile(source, rows, columns);
    }

    /** Scalar types have an order; nested ones (lists, structs, maps) are not given a min and max. */
    private static boolean ordered(String type) {
        String t = type.toUpperCase(java.util.Locale.ROOT);
        return !(t.endsWith("]") || t.startsWith("STRUCT") || t.startsWith("MAP") || t.startsWith("UNION") || t.equals("JSON"));
    }

    private static List<String> values(Connection c, String source, String column) throws SQLException {
        String col = SqlText.identifier(column);
        List<String> values = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT DISTINCT " + col + " FROM "
                + SqlText.qualified(DataProject.LANDING_SCHEMA, source) + " WHERE " + col + " IS NOT NULL ORDER BY 1")) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
