package io.dea.platform.lineage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link LineageGraph#lineage} found for one table: the datasets upstream (or downstream) of it
 * with their distance, which of them each one leads to next (for a tree), and the column edges
 * among them when asked for. {@link #toJson()} is the shape docs/interface.md fixes for
 * {@code ./dea lineage --json} and the review service's {@code GET /lineage/{table}}.
 *
 * @param table     the table asked about
 * @param kind      its kind
 * @param direction upstream (what feeds it) or downstream (what it feeds)
 * @param nodes     every dataset reached, nearest first
 * @param next      for the table and each node, the nodes one step further (the tree's children)
 * @param columns   column edges between the table and its nodes; null when not asked for
 * @param alsoLoaded upstream only: sources the plan that built the table loaded too, which do not feed it
 */
public record LineageGraphAnswer(Found table, LineageGraph.Direction direction, List<Found> nodes,
                                 Map<String, List<String>> next, List<ColumnEdge> columns, List<AlsoLoaded> alsoLoaded) {

    /** A source the same plan loaded into {@code into}, which the table asked about does not read. */
    public record AlsoLoaded(String name, LineageGraphNode.Kind kind, String into) {
    }

    /** A dataset reached: its name as typed, its kind, how many jobs away it is (1: read or written directly). */
    public record Found(String name, LineageGraphNode.Kind kind, int depth) {
    }

    /**
     * One column of {@code table} derived from {@code fromColumn} of {@code fromTable}.
     *
     * @param transformation IDENTITY, TRANSFORMATION or AGGREGATION (see docs/agents.md#lineage)
     */
    public record ColumnEdge(String table, String column, String fromTable, String fromColumn, String transformation) {
    }

    public LineageGraphAnswer {
        nodes = List.copyOf(nodes);
        next = Map.copyOf(next);
        columns = columns == null ? null : List.copyOf(columns);
        alsoLoaded = alsoLoaded == null ? List.of() : List.copyOf(alsoLoaded);
    }

    /** {@code {table, kind, direction, nodes: [{name, kind, depth}], columns?: [...]}}. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("table", table.name());
        json.put("kind", table.kind().label());
        json.put("direction", direction.label());
        List<Map<String, Object>> found = new ArrayList<>();
        for (Found node : nodes) {
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("name", node.name());
            n.put("kind", node.kind().label());
            n.put("depth", node.depth());
            found.add(n);
        }
        json.put("nodes", found);
        if (columns != null) {
            json.put("columns", columns.stream().map(LineageGraphAnswer::edgeJson).toList());
        }
        if (!alsoLoaded.isEmpty()) {
            json.put("also_loaded", alsoLoaded.stream().map(a -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", a.name());
                m.put("kind", a.kind().label());
                m.put("into", a.into());
                return m;
            }).toList());
        }
        return json;
    }

    private static Map<String, Object> edgeJson(ColumnEdge edge) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("table", edge.table());
        e.put("column", edge.column());
        e.put("from_table", edge.fromTable());
        e.put("from_column", edge.fromColumn());
        e.put("transformation", edge.transformation());
        return e;
    }
}
