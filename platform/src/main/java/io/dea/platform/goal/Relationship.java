package io.dea.platform.goal;

import java.util.ArrayList;
import java.util.List;

/**
 * A foreign key between two sources: {@code child.fk -> parent.pk}, as a goal's {@code relationships:}
 * writes it and the model step reports it.
 */
public record Relationship(String child, String fk, String parent, String pk) {

    /** Parses {@code child.fk -> parent.pk} (spaces optional); null when it is not that shape. */
    public static Relationship parse(String text) {
        int arrow = text == null ? -1 : text.indexOf("->");
        if (arrow < 0) {
            return null;
        }
        ColumnRef from = ColumnRef.parse(text.substring(0, arrow));
        ColumnRef to = ColumnRef.parse(text.substring(arrow + 2));
        return from == null || to == null ? null : new Relationship(from.source(), from.column(), to.source(), to.column());
    }

    /** Parses each text, skipping blanks; a text of another shape is refused with the text. */
    public static List<Relationship> parseAll(List<String> texts) {
        List<Relationship> all = new ArrayList<>();
        for (String text : texts) {
            if (text == null || text.isBlank()) {
                continue;
            }
            Relationship r = parse(text);
            if (r == null) {
                throw new IllegalArgumentException("relationship '" + text + "' is not child.column->parent.column");
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
