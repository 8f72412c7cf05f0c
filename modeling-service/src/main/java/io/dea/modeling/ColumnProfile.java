package io.dea.modeling;

import java.util.List;
import java.util.Locale;

/**
 * What profiling found about one column.
 *
 * @param name     the column name
 * @param type     its warehouse type
 * @param nulls    rows where it is null
 * @param distinct distinct non-null values
 * @param min      smallest value as text, null when there is none (or the type has no order)
 * @param max      largest value as text
 * @param values   every value of a low-cardinality text column (the accepted values), else empty
 */
public record ColumnProfile(String name, String type, long nulls, long distinct, String min, String max, List<String> values) {

    /** Text columns with at most this many distinct values are categories: their values are listed and tested. */
    static final int CATEGORY_MAX_VALUES = 10;

    ColumnProfile(String name, String type, long nulls, long distinct) {
        this(name, type, nulls, distinct, null, null, List.of());
    }

    /** Unique and never null over a non-empty table: it can identify a row. */
    public boolean identifies(long rows) {
        return rows > 0 && nulls == 0 && distinct == rows;
    }

    /** Share of rows that are null, 0 for an empty table. */
    double nullShare(long rows) {
        return rows == 0 ? 0 : (double) nulls / rows;
    }

    /** A text column with few values, each repeated: a category worth an accepted_values test. */
    public boolean isCategory(long rows) {
        String lower = name.toLowerCase(Locale.ROOT);
        return type.equalsIgnoreCase("VARCHAR") && distinct > 0 && distinct <= CATEGORY_MAX_VALUES && rows >= 2 * distinct
                && !lower.equals("id") && !lower.endsWith("_id");
    }

    ColumnProfile withValues(List<String> all) {
        return new ColumnProfile(name, type, nulls, distinct, min, max, List.copyOf(all));
    }

    String describe() {
        return type + ", " + nulls + " nulls, " + distinct + " distinct values"
                + (min == null ? "" : ", from " + min + " to " + max);
    }
}
