package io.dea.transform;

import io.dea.platform.artifact.DataProject;
import io.dea.platform.goal.ColumnRef;
import io.dea.platform.warehouse.SqlText;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The landing tables' columns and types, read from the warehouse: the goal's references are checked
 * against them, a time grain applies only to a column that holds dates or times, and the staging
 * models take their casts from what the values are (money read as DOUBLE becomes a DECIMAL).
 */
final class LandingColumns {

    /**
     * A column as the table spells it, with its warehouse type and what its values showed.
     *
     * @param name   as landing spells it
     * @param type   the warehouse type
     * @param values non-null values; 0 means the reader had nothing to infer a type from
     * @param cents  a floating-point column whose every value has at most two decimals (money)
     */
    record Column(String name, String type, long values, boolean cents) {
        boolean isTemporal() {
            String t = type.toUpperCase(Locale.ROOT);
            return t.equals("DATE") || t.startsWith("TIMESTAMP");
        }

        boolean isFloating() {
            String t = type.toUpperCase(Locale.ROOT);
            return t.equals("DOUBLE") || t.equals("FLOAT") || t.equals("REAL");
        }
    }

    private final Map<String, Map<String, Column>> tables;
    private final Map<String, Long> rows;

    LandingColumns(Map<String, Map<String, Column>> tables, Map<String, Long> rows) {
        this.tables = tables;
        this.rows = rows;
    }

    static LandingColumns read(Connection c, Collection<String> sources) throws SQLException {
        Map<String, Map<String, Column>> tables = new LinkedHashMap<>();
        Map<String, Long> rows = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT column_name, data_type FROM information_schema.columns "
                + "WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position")) {
            for (String source : sources) {
                List<String[]> described = new ArrayList<>();
                ps.setString(1, DataProject.LANDING_SCHEMA);
                ps.setString(2, source);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        described.add(new String[] {rs.getString(1), rs.getString(2)});
                    }
                }
                Map<String, Column> columns = new LinkedHashMap<>();
                if (!described.isEmpty()) {
                    rows.put(source, measure(c, source, described, columns));
                }
                tables.put(source, columns);
            }
        }
        return new LandingColumns(tables, rows);
    }

    /** One scan: row count, each column's non-null count, and for floating columns the values with more than two decimals. */
    private static long measure(Connection c, String source, List<String[]> described, Map<String, Column> out) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT count(*)");
        for (String[] d : described) {
            String col = SqlText.identifier(d[0]);
            sql.append(", count(").append(col).append(")");
            boolean floating = new Column(d[0], d[1], 0, false).isFloating();
            sql.append(floating ? ", count(*) FILTER (WHERE " + col + " <> round(" + col + ", 2))" : ", 0");
        }
        sql.append(" FROM ").append(SqlText.qualified(DataProject.LANDING_SCHEMA, source));
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql.toString())) {
            rs.next();
            for (int i = 0; i < described.size(); i++) {
                String[] d = described.get(i);
                long values = rs.getLong(2 + 2 * i);
                boolean floating = new Column(d[0], d[1], 0, false).isFloating();
                boolean cents = floating && values > 0 && rs.getLong(3 + 2 * i) == 0;
                out.put(d[0].toLowerCase(Locale.ROOT), new Column(d[0], d[1], values, cents));
            }
            return rs.getLong(1);
        }
    }

    /** The table's columns in table order. */
    Collection<Column> of(String source) {
        return tables.getOrDefault(source, Map.of()).values();
    }

    /** Rows in the landing table, 0 when it does not exist. */
    long rows(String source) {
        return rows.getOrDefault(source, 0L);
    }

    /** The column a reference names; an exception saying what exists when it names nothing. */
    Column require(ColumnRef ref, String where) {
        Map<String, Column> columns = tables.get(ref.source());
        if (columns == null) {
            throw new MartModelException(where + ": " + ref.source() + " is not one of the goal's sources " + tables.keySet());
        }
        if (columns.isEmpty()) {
            throw new MartModelException(where + ": landing." + ref.source() + " does not exist; has it been ingested?");
        }
        return Optional.ofNullable(columns.get(ref.column().toLowerCase(Locale.ROOT))).orElseThrow(() -> new MartModelException(
                where + ": " + ref.source() + " has no column " + ref.column() + " (it has "
                        + String.join(", ", columns.values().stream().map(Column::name).toList()) + ")"));
    }
}
