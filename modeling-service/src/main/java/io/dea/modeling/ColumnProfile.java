package io.dea.modeling;

/**
 * What profiling found about one column.
 *
 * @param name     the column name
 * @param type     its warehouse type
 * @param nulls    rows where it is null
 * @param distinct distinct non-null values
 */
record ColumnProfile(String name, String type, long nulls, long distinct) {

    /** Unique and never null over a non-empty table: it can identify a row. */
    boolean identifies(long rows) {
        return rows > 0 && nulls == 0 && distinct == rows;
    }

    String describe() {
        return type + ", " + nulls + " nulls, " + distinct + " distinct values";
    }
}
