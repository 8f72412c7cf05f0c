package io.dea.cost;

import java.util.List;

/**
 * Bytes a query is expected to scan, table by table.
 *
 * @param tables each scanned table with its row count, the columns read and their width
 * @param bytes  the total
 */
public record ScanEstimate(List<TableEstimate> tables, long bytes) {

    public ScanEstimate {
        tables = List.copyOf(tables);
    }

    /**
     * One table's share.
     *
     * @param table       {@code schema.table}
     * @param rows        DuckDB's row count estimate for the table
     * @param columns     the columns read, each with its width in bytes
     * @param bytesPerRow their total width
     * @param bytes       rows times bytes per row
     */
    public record TableEstimate(String table, long rows, List<ColumnWidth> columns, double bytesPerRow, long bytes) {
        public TableEstimate {
            columns = List.copyOf(columns);
        }
    }

    /** A column read, its type and its width: exact for fixed-width types, a sampled average otherwise. */
    public record ColumnWidth(String column, String type, double bytes, boolean sampled) {
    }
}
