package io.dea.modeling.intake;

import io.dea.modeling.ColumnProfile;

/** A column of a landed table, as a goal names it: {@code source.column}. */
record TableColumn(LandedTable table, ColumnProfile column) {

    String ref() {
        return table.name() + "." + column.name();
    }
}
