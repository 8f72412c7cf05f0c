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
 * Profiles a landing table with two queries: its columns and types from information_schema, then
 * row count, null and distinct counts of every column in one scan.
 */
final class TableProfiler {

    private TableProfiler() {
    }

    static String profileSql(List<String> columns, String source) {
        StringBuilder sql = new StringBuilder("SELECT count(*)");
        for (String column : columns) {
            String c = SqlText.identifier(column);
            sql.append(", count(").append(c).append("), count(DISTINCT ").append(c).append(")");
        }
        return sql.append(" FROM ").append(SqlText.qualified(DataProject.LANDING_SCHEMA, source)).toString();
    }

    static TableProfile profile(Connection c, String source) throws SQLException {
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
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(profileSql(names, source))) {
            rs.next();
            long rows = rs.getLong(1);
            List<ColumnProfile> columns = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                long nonNull = rs.getLong(2 + 2 * i);
                long distinct = rs.getLong(3 + 2 * i);
                columns.add(new ColumnProfile(names.get(i), types.get(i), rows - nonNull, distinct));
            }
            return new TableProfile(source, rows, columns);
        }
    }
}
