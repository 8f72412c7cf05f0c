package io.dea.modeling;

import io.dea.platform.goal.Relationship;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Infers relationships from names and confirms them by values: {@code payments.order_id} points
 * at {@code orders.id} only if every non-null {@code order_id} exists among the keys of
 * {@code orders}. A key named unlike any table ({@code user_id}) points at the one table whose key
 * holds all its values, when exactly one does. Relationships the goal declares win: a column they
 * use, or a pair of tables they join, is not inferred again. Anything doubtful (orphan values, two
 * possible parents) is said in a note and not claimed, because a wrong relationship would make the
 * transform join wrongly.
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
        return infer(tables, keys, List.of(), counter);
    }

    /** The inferred relationships besides the declared ones (which are not repeated in the result). */
    static Inferred infer(List<TableProfile> tables, Map<String, String> keys, List<Relationship> declared,
                          OrphanCounter counter) throws Exception {
        List<Relationship> claimed = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (TableProfile child : tables) {
            for (ColumnProfile column : child.columns()) {
                String stem = Naming.idStem(column.name());
                if (stem == null || usedBy(declared, child, column)) {
                    continue;
                }
                List<TableProfile> named = tables.stream().filter(p -> p != child && Naming.namesSource(stem, p.source())).toList();
                List<Relationship> confirmed = named.isEmpty()
                        ? byValues(tables, child, column, keys, declared, counter)
                        : byName(named, child, column, keys, declared, counter, notes);
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

    /** The parents the column's name suggests that its values confirm. */
    private static List<Relationship> byName(List<TableProfile> named, TableProfile child, ColumnProfile column, Map<String, String> keys,
                                             List<Relationship> declared, OrphanCounter counter, List<String> notes) {
        List<Relationship> confirmed = new ArrayList<>();
        for (TableProfile parent : named) {
            if (pairDeclared(declared, child.source(), parent.source())) {
                continue;
            }
            String pk = keys.get(parent.source());
            if (pk == null || !(pk.equalsIgnoreCase("id") || pk.equalsIgnoreCase(column.name()))) {
                notes.add(child.source() + "." + column.name() + " looks like a reference to " + parent.source()
                        + ", whose key is " + (pk == null ? "unknown" : pk) + ": not claimed");
                continue;
            }
            confirm(new Relationship(child.source(), column.name(), parent.source(), pk), child, column, counter, notes)
                    .ifPresent(confirmed::add);
        }
        return confirmed;
    }

    /**
     * A key named after no table ({@code user_id}): every other table's key that holds all its values.
     * Failed candidates leave no note, since most tables are simply not its parent.
     */
    private static List<Relationship> byValues(List<TableProfile> tables, TableProfile child, ColumnProfile column, Map<String, String> keys,
                                               List<Relationship> declared, OrphanCounter counter) {
        List<Relationship> confirmed = new ArrayList<>();
        for (TableProfile parent : tables) {
            String pk = keys.get(parent.source());
            if (parent == child || pk == null || column.name().equalsIgnoreCase(keys.get(child.source()))
                    || pairDeclared(declared, child.source(), parent.source())) {
                continue;
            }
            confirm(new Relationship(child.source(), column.name(), parent.source(), pk), child, column, counter, new ArrayList<>())
                    .ifPresent(confirmed::add);
        }
        return confirmed;
    }

    /** The candidate, if every non-null value has a parent row; else a note on why not. */
    private static Optional<Relationship> confirm(Relationship candidate, TableProfile child, ColumnProfile column,
                                                  OrphanCounter counter, List<String> notes) {
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
                    + candidate.parent() + "." + candidate.pk());
            return Optional.empty();
        }
        return Optional.of(candidate);
    }

    /** A declared relationship already says what this column refers to. */
    private static boolean usedBy(List<Relationship> declared, TableProfile child, ColumnProfile column) {
        return declared.stream().anyMatch(r -> r.child().equals(child.source()) && r.fk().equalsIgnoreCase(column.name()));
    }

    /** A declared relationship already joins these two tables (either way round). */
    private static boolean pairDeclared(List<Relationship> declared, String a, String b) {
        return declared.stream().anyMatch(r -> (r.child().equals(a) && r.parent().equals(b)) || (r.child().equals(b) && r.parent().equals(a)));
    }
}
