package io.dea.governance;

import java.util.List;

/**
 * One column of a landing table with up to a few hundred of its non-null values as text (empty
 * when the column's type cannot hold PII the values would reveal, e.g. dates or doubles).
 */
public record ColumnSample(String name, String type, List<String> values) {

    public ColumnSample {
        values = List.copyOf(values);
    }
}
