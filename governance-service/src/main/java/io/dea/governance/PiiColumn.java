package io.dea.governance;

/**
 * A column the detector believes holds personal data.
 *
 * @param table      the landing table (the source name)
 * @param column     the column as named in the warehouse
 * @param kind       what it holds
 * @param confidence 0..1, two decimals
 * @param evidence   why, in words a reviewer can check
 */
public record PiiColumn(String table, String column, PiiKind kind, double confidence, String evidence) {

    /** {@code table.column}, the form of the {@code pii_columns} output. */
    public String qualified() {
        return table + "." + column;
    }
}
