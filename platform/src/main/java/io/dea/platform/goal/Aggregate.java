package io.dea.platform.goal;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A measure's {@code agg} in a goal: the orchestrator accepts exactly these spellings and the
 * transform agent renders each into the mart's SQL.
 */
public enum Aggregate {
    SUM, COUNT, COUNT_DISTINCT, MIN, MAX, AVG;

    /** How the goal spells it, e.g. {@code count_distinct}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The aggregate a goal names, spelled exactly as {@link #id()}; empty for anything else. */
    public static Optional<Aggregate> of(String id) {
        return Arrays.stream(values()).filter(a -> a.id().equals(id)).findFirst();
    }

    /** Every spelling a goal may use, in declaration order. */
    public static List<String> ids() {
        return Arrays.stream(values()).map(Aggregate::id).toList();
    }

    /** The SQL aggregating an already rendered expression, e.g. {@code count(distinct x)}. */
    public String sql(String expression) {
        return this == COUNT_DISTINCT ? "count(distinct " + expression + ")" : id() + "(" + expression + ")";
    }

    /** Sums and counts of nothing are 0; a min, max or average of nothing stays null. */
    public boolean zeroWhenEmpty() {
        return this == SUM || this == COUNT || this == COUNT_DISTINCT;
    }

    /** A sum or an average reads its values as numbers, so its columns must be numbers even when empty. */
    public boolean readsNumbers() {
        return this == SUM || this == AVG;
    }
}
