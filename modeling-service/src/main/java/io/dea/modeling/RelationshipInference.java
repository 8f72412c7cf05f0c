package io.dea.modeling;

import io.dea.platform.goal.Relationship;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Infers relationships from names and confirms them by values: {@code payments.order_id} points
 * at {@code orders.id} only if every non-null {@code order_id} exists among the keys of
 * {@code orders}. Anything doubtful (orphan values, two possible parents) is said in a note and not
 * claimed, because a wrong relationship would make the transform join wrongly.
 */
final class RelationshipInference {

    /** Counts child values with no parent row: the anti-join the claim rests on. */
    @FunctionalInterface
    interface OrphanCounter {
        long orphans(Relationship candidate) throws Exception;
    }

    /** The relationships claimed and the notes on what was not. */
    record Inferred(List<Relationship> relationships, List<String> notes) {
    }

    private RelationshipInference() {
    }

    static Inferred infer(List<TableProfile> tables, Map<String, String> keys, OrphanCounter counter) throws Exception {
        List<Relationship> claimed = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (TableProfile child : tables) {
            for (ColumnProfile column : child.columns()) {
                String stem = Naming.idStem(column.name());
                if (stem == null) {
                    continue;
                }
                List<Relationship> confirmed = new ArrayList<>();
                for (TableProfile parent : tables) {
                    if (parent != child && Naming.namesSource(stem, parent.source())) {
                        confirm(child, column, parent, keys.get(parent.source()), counter, notes).ifPresent(confirmed::add);
                    }
                }
                if (confirmed.size() == 1) {
                    claimed.add(confirmed.get(0));
                } else if (confirmed.size() > 1) {
                    notes.add(child.source() + "." + column.name() + " is ambiguous, it matches " + confirmed
                            + ": none claimed; name it in the goal's relationships");
                }
            }
        }
        return new Inferred(claimed, notes);
    }

    /** The reference a column's name suggests, if the parent's key fits and every value has a parent row; else a note on why not. */
    private static Optional<Relationship> confirm(TableProfile child, ColumnProfile column, TableProfile parent, String pk,
                                                  OrphanCounter counter, List<String> notes) {
        if (pk == null || !(pk.equalsIgnoreCase("id") || pk.equalsIgnoreCase(column.name()))) {
            notes.add(child.source() + "." + column.name() + " looks like a reference to " + parent.source()
                    + ", whose key is " + (pk == null ? "unknown" : pk) + ": not claimed");
            return Optional.empty();
        }
        Relationship candidate = new Relationship(child.source(), column.name(), parent.source(), pk);
        long nonNull = child.rows() - column.nulls();
        if (nonNull == 0) {
            notes.add(candidate + " not claimed: " + child.source() + "." + column.name() + " is always null");
            return Optional.empty();
        }
        long orphans;
        try {
            orphans = counter.orphans(candidate);
        } catch (Exception e) {
            notes.add(candidate + " not claimed: the values do not compare (" + e.getMessage() + ")");
            return Optional.empty();
        }
        if (orphans > 0) {
            notes.add(candidate + " not claimed: " + orphans + " of " + nonNull + " values have no match in "
                    + parent.source() + "." + pk);
            return Optional.empty();
        }
        return Optional.of(candidate);
    }
}
