package io.dea.governance;

import java.util.List;

/** A landing table (named after its source) with its columns in order and their sampled values. */
public record TableSample(String table, List<ColumnSample> columns) {

    public TableSample {
        columns = List.copyOf(columns);
    }
}
