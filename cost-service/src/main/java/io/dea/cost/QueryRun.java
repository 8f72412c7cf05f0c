package io.dea.cost;

import java.util.List;

/**
 * What one query did when it ran, from DuckDB's profile ({@code EXPLAIN (ANALYZE, FORMAT JSON)}).
 *
 * @param kind         what the query is for, e.g. {@code mart}; the metrics' tag
 * @param subject      what it builds, e.g. the mart's name
 * @param seconds      DuckDB's total time for the query
 * @param rowsScanned  rows the table scans read (before filters)
 * @param rowsReturned rows the query returned
 * @param bytesScanned bytes the scans read: each table's rows scanned times the width of the columns it read
 * @param bytesFromDisk bytes DuckDB read from storage (0 when the blocks were already in memory)
 * @param tables       each scanned table
 */
public record QueryRun(String kind, String subject, double seconds, long rowsScanned, long rowsReturned, long bytesScanned,
                       long bytesFromDisk, List<TableRun> tables) {

    public QueryRun {
        tables = List.copyOf(tables);
    }

    /** Rows read per row returned: how much more a query scans than it gives back. */
    public double scanRatio() {
        return (double) rowsScanned / Math.max(1, rowsReturned);
    }

    /** One table scan as it ran: rows read, the columns and filters the plan gave it, and its bytes. */
    public record TableRun(String table, long rowsScanned, List<String> filters, double bytesPerRow, long bytes) {
        public TableRun {
            filters = List.copyOf(filters);
        }
    }
}
