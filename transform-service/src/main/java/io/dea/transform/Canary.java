package io.dea.transform;

import io.dea.platform.warehouse.SqlText;
import io.dea.platform.warehouse.Warehouse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The canary of a changed mart: the plan's shadow build ({@code sandbox_<plan>.<mart>}, which the
 * quality step built from the branch) against the table users query now ({@code <env>.<mart>}).
 * Compared are the row counts, how many of the shadow's keys (its non-measure columns) the current
 * table has, and each measure's total. Within tolerance when every one of them moved by at most the
 * tolerance (a share: 0.01 is 1%).
 *
 * @param shadowRows    rows of the shadow table
 * @param currentRows   rows of the current table
 * @param keyOverlap    share of the larger table's keys found in both (1.0: the same keys)
 * @param totals        measure -> [current total, shadow total]
 * @param tolerance     the largest relative change still within tolerance
 */
record Canary(long shadowRows, long currentRows, double keyOverlap, Map<String, double[]> totals, double tolerance) {

    /** The comparison, or null when there is nothing to compare: no current table (a new mart) or no shadow. */
    static Canary compare(Warehouse warehouse, String shadowSchema, String environment, String mart, List<String> measures,
                          double tolerance) {
        return warehouse.withConnection(c -> {
            List<String> shadowColumns = columns(c, shadowSchema, mart);
            List<String> currentColumns = columns(c, environment, mart);
            if (shadowColumns.isEmpty() || currentColumns.isEmpty()) {
                return null;
            }
            String shadow = SqlText.qualified(shadowSchema, mart);
            String current = SqlText.qualified(environment, mart);
            List<String> lowerMeasures = measures.stream().map(m -> m.toLowerCase(Locale.ROOT)).toList();
            List<String> keys = shadowColumns.stream().filter(currentColumns::contains)
                    .filter(col -> !lowerMeasures.contains(col.toLowerCase(Locale.ROOT))).toList();
            long shadowRows = count(c, "SELECT count(*) FROM " + shadow);
            long currentRows = count(c, "SELECT count(*) FROM " + current);
            double overlap = 1.0;
            if (!keys.isEmpty() && Math.max(shadowRows, currentRows) > 0) {
                String keyList = keys.stream().map(SqlText::identifier).collect(Collectors.joining(", "));
                String on = keys.stream().map(k -> "s." + SqlText.identifier(k) + " IS NOT DISTINCT FROM c." + SqlText.identifier(k))
                        .collect(Collectors.joining(" AND "));
                long shared = count(c, "SELECT count(*) FROM (SELECT DISTINCT " + keyList + " FROM " + shadow + ") s JOIN (SELECT DISTINCT "
                        + keyList + " FROM " + current + ") c ON " + on);
                long larger = Math.max(count(c, "SELECT count(*) FROM (SELECT DISTINCT " + keyList + " FROM " + shadow + ")"),
                        count(c, "SELECT count(*) FROM (SELECT DISTINCT " + keyList + " FROM " + current + ")"));
                overlap = larger == 0 ? 1.0 : (double) shared / larger;
            }
            Map<String, double[]> totals = new LinkedHashMap<>();
            for (String measure : shadowColumns) {
                if (lowerMeasures.contains(measure.toLowerCase(Locale.ROOT)) && currentColumns.contains(measure)) {
                    String sum = "SELECT coalesce(sum(CAST(" + SqlText.identifier(measure) + " AS DOUBLE)), 0) FROM ";
                    totals.put(measure, new double[] {number(c, sum + current), number(c, sum + shadow)});
                }
            }
            return new Canary(shadowRows, currentRows, overlap, totals, tolerance);
        });
    }

    boolean withinTolerance() {
        return change(currentRows, shadowRows) <= tolerance && keyOverlap >= 1.0 - tolerance
                && totals.values().stream().allMatch(t -> change(t[0], t[1]) <= tolerance);
    }

    /** One line: rows, keys and totals, each with its change. */
    String summary() {
        List<String> parts = new ArrayList<>();
        parts.add("rows " + currentRows + " -> " + shadowRows + percent(change(currentRows, shadowRows)));
        parts.add(String.format(Locale.ROOT, "keys shared %.1f%%", keyOverlap * 100));
        totals.forEach((measure, t) -> parts.add(measure + " total " + number(t[0]) + " -> " + number(t[1]) + percent(change(t[0], t[1]))));
        return String.join(", ", parts);
    }

    /** Relative change: |a - b| over the larger magnitude; 0 when both are 0. */
    static double change(double before, double after) {
        double scale = Math.max(Math.abs(before), Math.abs(after));
        return scale == 0 ? 0 : Math.abs(after - before) / scale;
    }

    private static String percent(double change) {
        return String.format(Locale.ROOT, " (%.1f%%)", change * 100);
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : String.format(Locale.ROOT, "%.2f", value);
    }

    private static List<String> columns(Connection c, String schema, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT column_name FROM information_schema.columns "
                + "WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                }
            }
        }
        return columns;
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static double number(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getDouble(1);
        }
    }
}
