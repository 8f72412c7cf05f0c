package io.dea.transform;

import io.dea.platform.goal.ColumnRef;
import java.util.ArrayList;
import java.util.List;

/**
 * A many-to-one relationship {@code child.fk->parent.pk}, as the model step outputs them: joining
 * from child to parent never repeats a child row, which is what makes the generated SQL fan-out safe.
 */
record Relationship(String child, String fk, String parent, String pk) {

    /** Parses {@code child.fk -> parent.pk}; null when it is not that shape. */
    static Relationship parse(String text) {
        int arrow = text == null ? -1 : text.indexOf("->");
        if (arrow < 0) {
            return null;
        }
        ColumnRef from = ColumnRef.parse(text.substring(0, arrow));
        ColumnRef to = ColumnRef.parse(text.substring(arrow + 2));
        return from == null || to == null ? null : new Relationship(from.source(), from.column(), to.source(), to.column());
    }

    /** Parses the model step's {@code relationships} output ({@code a.b->c.d;e.f->g.h}). */
    static List<Relationship> parseAll(List<String> texts) {
        List<Relationship> all = new ArrayList<>();
        for (String text : texts) {
            if (text == null || text.isBlank()) {
                continue;
            }
            Relationship r = parse(text);
            if (r == null) {
                throw new MartModelException("relationship '" + text + "' is not child.column->parent.column");
            }
            all.add(r);
        }
        return all;
    }

    @Override
    public String toString() {
        return child + "." + fk + "->" + parent + "." + pk;
    }
}
