package io.dea.modeling;

import io.dea.platform.goal.ColumnRef;

/**
 * A many-to-one relationship: every non-null {@code child.fk} names one {@code parent.pk}. Written
 * as {@code child.fk->parent.pk}, the form the model step's {@code relationships} output uses.
 */
record Relationship(String child, String fk, String parent, String pk) {

    /** Parses {@code child.fk -> parent.pk} (spaces optional); null when it is not that shape. */
    static Relationship parse(String text) {
        if (text == null) {
            return null;
        }
        int arrow = text.indexOf("->");
        if (arrow < 0) {
            return null;
        }
        ColumnRef from = ColumnRef.parse(text.substring(0, arrow));
        ColumnRef to = ColumnRef.parse(text.substring(arrow + 2));
        return from == null || to == null ? null : new Relationship(from.source(), from.column(), to.source(), to.column());
    }

    @Override
    public String toString() {
        return child + "." + fk + "->" + parent + "." + pk;
    }
}
