package io.dea.cost;

import io.dea.platform.warehouse.SqlText;
import io.dea.platform.warehouse.Warehouse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Estimates the bytes a plan scans from the warehouse's own metadata: for each scanned table, its
 * row count ({@code duckdb_tables().estimated_size}) times the width of the columns the plan reads
 * (from {@code duckdb_columns()}: fixed-width types by their size; strings, blobs and nested types
 * by their average length in a 1,000-row sample). A table scanned twice is counted once, with the
 * union of the columns read, as columnar warehouses bill it. Zone-map pruning is ignored, so the
 * estimate errs high.
 */
public final class ScanEstimator {

    /** One line for summaries: how the estimate was made. */
    public static final String METHOD = "row count (duckdb_tables) × width of the columns each scan in the plan reads"
            + " (type sizes; strings by average length in a 1,000-row sample)";
    private static final int SAMPLE_ROWS = 1000;
    private static final Pattern DECIMAL = Pattern.compile("DECIMAL\\((\\d+),\\s*\\d+\\)");
    private static final Pattern WORD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public ScanEstimate estimate(Warehouse warehouse, QueryPlan plan) {
        Map<String, TableScan> merged = new LinkedHashMap<>();
        for (TableScan scan : plan.scans()) {
            merged.merge(scan.catalog() + "." + scan.name(), scan, (a, b) -> new TableScan(a.catalog(), a.schema(), a.table(),
                    union(a.columns(), b.columns()), union(a.filters(), b.filters()), a.allColumns() || b.allColumns()));
        }
        return warehouse.withConnection(connection -> {
            List<ScanEstimate.TableEstimate> tables = new ArrayList<>();
            long total = 0;
            for (TableScan scan : merged.values()) {
                ScanEstimate.TableEstimate table = estimate(connection, scan);
                tables.add(table);
                total = saturatedAdd(total, table.bytes());
            }
            return new ScanEstimate(tables, total);
        });
    }

    private static ScanEstimate.TableEstimate estimate(Connection connection, TableScan scan) throws SQLException {
        String catalog = scan.catalog() != null ? scan.catalog() : currentDatabase(connection);
        long rows = rows(connection, catalog, scan);
        Map<String, String> types = columns(connection, catalog, scan);
        List<String> read = columnsRead(scan, types);
        List<String> sampled = read.stream().filter(c -> fixedWidth(types.get(c)).isEmpty()).toList();
        Map<String, Double> averages = sampled.isEmpty() ? Map.of() : averageLengths(connection, catalog, scan, sampled);
        List<ScanEstimate.ColumnWidth> widths = new ArrayList<>();
        double perRow = 0;
        for (String column : read) {
            OptionalDouble fixed = fixedWidth(types.get(column));
            double width = fixed.isPresent() ? fixed.getAsDouble() : averages.getOrDefault(column, 0.0);
            widths.add(new ScanEstimate.ColumnWidth(column, types.get(column), width, fixed.isEmpty()));
            perRow += width;
        }
        long bytes = (long) Math.ceil(rows * perRow);
        return new ScanEstimate.TableEstimate(scan.name(), rows, widths, perRow, bytes);
    }

    /** The projected columns and those the pushed-down filters mention, in table order; all when the plan did not say. */
    static List<String> columnsRead(TableScan scan, Map<String, String> types) {
        if (scan.allColumns()) {
            return new ArrayList<>(types.keySet());
        }
        Map<String, String> byLowerName = new LinkedHashMap<>();
        types.keySet().forEach(c -> byLowerName.put(c.toLowerCase(Locale.ROOT), c));
        Set<String> wanted = new LinkedHashSet<>();
        scan.columns().forEach(c -> wanted.add(c.replace("\"", "").toLowerCase(Locale.ROOT)));
        for (String filter : scan.filters()) {
            Matcher m = WORD.matcher(filter.replaceAll("'[^']*'", " "));
            while (m.find()) {
                wanted.add(m.group().toLowerCase(Locale.ROOT));
            }
        }
        return types.keySet().stream().filter(c -> wanted.contains(c.toLowerCase(Locale.ROOT))).toList();
    }

    /** Bytes per value of a fixed-width DuckDB type; empty for variable-width ones. */
    static OptionalDouble fixedWidth(String type) {
        if (type == null) {
            return OptionalDouble.of(0);
        }
        String t = type.toUpperCase(Locale.ROOT);
        Matcher decimal = DECIMAL.matcher(t);
        if (decimal.matches()) {
            int precision = Integer.parseInt(decimal.group(1));
            return OptionalDouble.of(precision <= 4 ? 2 : precision <= 9 ? 4 : precision <= 18 ? 8 : 16);
        }
        return switch (t) {
            case "BOOLEAN", "TINYINT", "UTINYINT" -> OptionalDouble.of(1);
            case "SMALLINT", "USMALLINT" -> OptionalDouble.of(2);
            case "INTEGER", "UINTEGER", "FLOAT", "DATE" -> OptionalDouble.of(4);
            case "BIGINT", "UBIGINT", "DOUBLE", "TIME", "TIMESTAMP", "TIMESTAMP WITH TIME ZONE", "TIMESTAMP_S",
                 "TIMESTAMP_MS", "TIMESTAMP_NS", "TIME WITH TIME ZONE" -> OptionalDouble.of(8);
            case "HUGEINT", "UHUGEINT", "INTERVAL", "UUID" -> OptionalDouble.of(16);
            default -> OptionalDouble.empty();
        };
    }

    private static long rows(Connection connection, String catalog, TableScan scan) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT estimated_size FROM duckdb_tables() WHERE database_name = ? AND schema_name = ? AND table_name = ?")) {
            ps.setString(1, catalog);
            ps.setString(2, scan.schema());
            ps.setString(3, scan.table());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    private static Map<String, String> columns(Connection connection, String catalog, TableScan scan) throws SQLException {
        Map<String, String> types = new LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement("""
                SELECT column_name, data_type FROM duckdb_columns()
                WHERE database_name = ? AND schema_name = ? AND table_name = ? ORDER BY column_index""")) {
            ps.setString(1, catalog);
            ps.setString(2, scan.schema());
            ps.setString(3, scan.table());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    types.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return types;
    }

    private static Map<String, Double> averageLengths(Connection connection, String catalog, TableScan scan,
                                                      List<String> columns) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < columns.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("coalesce(avg(strlen(CAST(").append(SqlText.identifier(columns.get(i)))
                    .append(" AS VARCHAR))), 0)");
        }
        sql.append(" FROM ").append(SqlText.identifier(catalog)).append('.').append(SqlText.identifier(scan.schema())).append('.')
                .append(SqlText.identifier(scan.table())).append(" USING SAMPLE reservoir(").append(SAMPLE_ROWS)
                .append(" ROWS) REPEATABLE (7)");
        Map<String, Double> averages = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql.toString())) {
            if (rs.next()) {
                for (int i = 0; i < columns.size(); i++) {
                    averages.put(columns.get(i), rs.getDouble(i + 1));
                }
            }
        }
        return averages;
    }

    private static String currentDatabase(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("SELECT current_database()")) {
            rs.next();
            return rs.getString(1);
        }
    }


    private static <T> Set<T> union(Set<T> a, Set<T> b) {
        Set<T> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return all;
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }
}
