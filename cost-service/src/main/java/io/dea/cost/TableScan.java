package io.dea.cost;

import java.util.Set;

/**
 * One table a query plan reads.
 *
 * @param catalog    the database (DuckDB: the file's name), or null for the current one
 * @param schema     the schema
 * @param table      the table
 * @param columns    the columns the scan projects
 * @param filters    the filter expressions pushed into the scan (their columns are read too)
 * @param allColumns true when the plan did not say which columns are read, so all are counted
 */
public record TableScan(String catalog, String schema, String table, Set<String> columns, Set<String> filters,
                        boolean allColumns) {

    public TableScan {
        columns = Set.copyOf(columns);
        filters = Set.copyOf(filters);
    }

    /** Parses DuckDB's {@code catalog.schema.table} (or {@code schema.table}, or {@code table} in {@code main}). */
    public static TableScan named(String qualified, Set<String> columns, Set<String> filters, boolean allColumns) {
        String[] parts = qualified.split("\\.");
        return switch (parts.length) {
            case 1 -> new TableScan(null, "main", parts[0], columns, filters, allColumns);
            case 2 -> new TableScan(null, parts[0], parts[1], columns, filters, allColumns);
            default -> new TableScan(parts[parts.length - 3], parts[parts.length - 2], parts[parts.length - 1], columns,
                    filters, allColumns);
        };
    }

    /** {@code schema.table}, how the report names it. */
    public String name() {
        return schema + "." + table;
    }
}
