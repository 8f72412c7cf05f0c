package io.dea.platform.lineage;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Finds the dataset a person means: the name as shown ({@code dev.daily_revenue}, a file's path), else
 * the last part alone ({@code daily_revenue}, {@code orders.csv}) when exactly one dataset outside the
 * sandboxes has it (a sandbox's only when no other does). Case does not matter.
 */
final class LineageGraphNames {

    private LineageGraphNames() {
    }

    static LineageGraphNode resolve(String typed, Collection<LineageGraphNode> known) {
        String wanted = typed == null ? "" : typed.trim();
        if (wanted.isEmpty()) {
            throw new LineageGraph.UnknownTable("give a table, e.g. dev.daily_revenue or landing.orders", List.of());
        }
        List<LineageGraphNode> exact = known.stream().filter(n -> n.displayName().equalsIgnoreCase(wanted)).toList();
        List<LineageGraphNode> matches = exact.isEmpty() ? byShortName(wanted, known) : exact;
        if (matches.size() == 1) {
            return matches.get(0);
        }
        if (matches.isEmpty()) {
            throw new LineageGraph.UnknownTable("no lineage of " + wanted + ": no completed load or dbt run on dea.lineage read or wrote "
                    + "a dataset of that name (give schema.table, e.g. dev.daily_revenue; the topic keeps its last week of events)", List.of());
        }
        List<String> candidates = candidates(matches);
        throw new LineageGraph.UnknownTable(wanted + " names " + candidates.size() + " datasets: " + String.join(", ", candidates)
                + "; give one of them", candidates);
    }

    private static List<LineageGraphNode> byShortName(String wanted, Collection<LineageGraphNode> known) {
        List<LineageGraphNode> all = known.stream().filter(n -> n.shortName().equalsIgnoreCase(wanted)).toList();
        List<LineageGraphNode> shared = all.stream().filter(n -> !n.inSandbox()).toList();
        return shared.isEmpty() ? all : shared;
    }

    /** The names to choose from; where two datasets share a name (two warehouses), with the namespace. */
    private static List<String> candidates(List<LineageGraphNode> matches) {
        Map<String, Long> counts = matches.stream().collect(Collectors.groupingBy(LineageGraphNode::displayName, Collectors.counting()));
        return matches.stream()
                .map(n -> counts.get(n.displayName()) > 1 ? n.displayName() + " (" + n.namespace() + ")" : n.displayName())
                .sorted().toList();
    }
}
