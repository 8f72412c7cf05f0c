package io.dea.platform.lineage;

import io.dea.events.v1.PlanKind;
import io.dea.events.v1.PlanState;
import io.dea.platform.lineage.LineageGraphAnswer.ColumnEdge;
import io.dea.platform.lineage.LineageGraphAnswer.AlsoLoaded;
import io.dea.platform.lineage.LineageGraphAnswer.Found;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClientUtils;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * What feeds what, from the OpenLineage RunEvents on {@code dea.lineage} (the blueprint's
 * {@code lineage_upstream}). Datasets are nodes; a completed run is edges from its inputs to each of
 * its outputs. Only COMPLETE events count: a START built nothing yet, a FAIL built nothing (the table
 * still holds what the last successful run wrote).
 *
 * <p>A dataset's inputs are those of the <em>latest</em> completed run that wrote it, whatever job or
 * plan that was: a mart rebuilt by another plan, a run of the goal, or a changed model reading other
 * tables replaces the edges of the build before. Runs of plans that were rolled back ({@link #rolledBack})
 * do not count, so a table a rollback restored shows the lineage of the build it restored, and a table
 * it dropped has none. Relations in a plan's sandbox schema are its working copies: they are reached
 * only when the table asked about is itself in a sandbox.
 *
 * <p>Thread-safe: one thread may add events while others ask.
 */
public final class LineageGraph {

    public enum Direction {
        UPSTREAM, DOWNSTREAM;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** {@code upstream} or {@code downstream}, any case; null or blank is upstream. */
        public static Direction parse(String text) {
            if (text == null || text.isBlank()) {
                return UPSTREAM;
            }
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("direction must be upstream or downstream");
            }
        }
    }

    /** The name asked about matches no dataset, or several (then {@link #candidates()} lists them). */
    public static final class UnknownTable extends IllegalArgumentException {
        private final List<String> candidates;

        UnknownTable(String message, List<String> candidates) {
            super(message);
            this.candidates = List.copyOf(candidates);
        }

        public List<String> candidates() {
            return candidates;
        }
    }

    /** A column of the output and the input column it came from. */
    private record ColumnLink(LineageGraphNode from, String fromColumn, String column, String transformation) {
    }

    /** One completed run that wrote a dataset; {@code order} breaks ties of equal times by arrival. */
    private record Build(String planId, UUID runId, Instant at, long order, boolean model, List<LineageGraphNode> inputs,
                         List<ColumnLink> columns) {
    }

    private final Map<LineageGraphNode, List<Build>> builds = new HashMap<>();
    private Set<String> undone = Set.of();
    private long arrivals;

    /** Adds one event as read from the topic (keyed by plan id); false when it is not a RunEvent OpenLineage can read. */
    public synchronized boolean add(String planId, String json) {
        OpenLineage.RunEvent event;
        try {
            event = OpenLineageClientUtils.runEventFromJson(json);
        } catch (RuntimeException e) {
            return false;
        }
        add(planId, event);
        return true;
    }

    public synchronized void add(String planId, OpenLineage.RunEvent event) {
        if (event.getEventType() != OpenLineage.RunEvent.EventType.COMPLETE || event.getOutputs() == null || event.getRun() == null) {
            return;
        }
        UUID runId = event.getRun().getRunId();
        boolean model = event.getRun().getFacets() != null && event.getRun().getFacets().getParent() != null;
        Instant at = event.getEventTime() == null ? Instant.EPOCH : event.getEventTime().toInstant();
        List<LineageGraphNode> inputs = event.getInputs() == null ? List.of()
                : event.getInputs().stream().map(in -> new LineageGraphNode(in.getNamespace(), in.getName())).distinct().toList();
        for (OpenLineage.OutputDataset output : event.getOutputs()) {
            List<Build> written = builds.computeIfAbsent(new LineageGraphNode(output.getNamespace(), output.getName()), k -> new ArrayList<>());
            // The same run again (a re-delivered task) replaces itself.
            written.removeIf(old -> old.runId().equals(runId));
            written.add(new Build(planId, runId, at, arrivals++, model, inputs, columnLinks(output)));
        }
    }

    /** The plans whose writes were undone: rolled-back goals and the runs of such goals (see {@link #undonePlans}). */
    public synchronized void rolledBack(Collection<String> planIds) {
        undone = Set.copyOf(planIds);
    }

    /** The plan ids of rolled-back goals and of their runs, from the plan states. */
    public static Set<String> undonePlans(Collection<PlanState> plans) {
        Set<String> goals = new HashSet<>();
        plans.stream().filter(p -> p.getKind() != PlanKind.RUN && "ROLLED_BACK".equals(p.getState()))
                .forEach(p -> goals.add(p.getMeta().getGoalId()));
        Set<String> planIds = new HashSet<>();
        plans.stream().filter(p -> goals.contains(p.getMeta().getGoalId()))
                .forEach(p -> planIds.add(p.getMeta().getPlanId() == null ? p.getMeta().getGoalId() : p.getMeta().getPlanId()));
        return planIds;
    }

    /**
     * The datasets upstream or downstream of {@code table}, which is {@code schema.table}, a table name
     * alone when only one schema has it (sandboxes aside), a file path, a URL, or {@code <jdbc url>#<table>}.
     *
     * @throws UnknownTable when no dataset, or more than one, has that name
     */
    public synchronized LineageGraphAnswer lineage(String table, Direction direction, boolean columns) {
        View view = new View(latestBuilds());
        LineageGraphNode start = view.resolve(table);
        Map<LineageGraphNode, Integer> depths = view.walk(start, direction);
        List<Found> nodes = new ArrayList<>();
        depths.forEach((node, depth) -> {
            if (!node.equals(start)) {
                nodes.add(view.found(node, depth));
            }
        });
        nodes.sort(Comparator.comparingInt(Found::depth).thenComparing(Found::name));
        return new LineageGraphAnswer(view.found(start, 0), direction, nodes, view.next(depths.keySet(), direction),
                columns ? view.columns(depths.keySet()) : null,
                direction == Direction.UPSTREAM ? view.alsoLoaded(start, depths.keySet()) : List.of());
    }

    /** For each dataset, the latest completed build that was not undone. */
    private Map<LineageGraphNode, Build> latestBuilds() {
        Map<LineageGraphNode, Build> latest = new HashMap<>();
        builds.forEach((node, written) -> written.stream()
                .filter(b -> !undone.contains(b.planId()))
                .max(Comparator.comparing(Build::at).thenComparingLong(Build::order))
                .ifPresent(b -> latest.put(node, b)));
        return latest;
    }

    private static List<ColumnLink> columnLinks(OpenLineage.OutputDataset output) {
        if (output.getFacets() == null || output.getFacets().getColumnLineage() == null
                || output.getFacets().getColumnLineage().getFields() == null) {
            return List.of();
        }
        List<ColumnLink> links = new ArrayList<>();
        output.getFacets().getColumnLineage().getFields().getAdditionalProperties().forEach((column, sources) -> {
            for (OpenLineage.InputField field : sources.getInputFields() == null ? List.<OpenLineage.InputField>of() : sources.getInputFields()) {
                var how = field.getTransformations() == null || field.getTransformations().isEmpty() ? null : field.getTransformations().get(0);
                String transformation = how == null ? null : how.getSubtype() != null ? how.getSubtype() : how.getType();
                links.add(new ColumnLink(new LineageGraphNode(field.getNamespace(), field.getName()), field.getField(), column, transformation));
            }
        });
        return links;
    }

    /** The graph as the latest builds make it, for one question. */
    private record View(Map<LineageGraphNode, Build> latest, Map<LineageGraphNode, Set<LineageGraphNode>> feeds) {

        View(Map<LineageGraphNode, Build> latest) {
            this(latest, new HashMap<>());
            latest.forEach((output, build) -> build.inputs().forEach(input -> feeds.computeIfAbsent(input, k -> new HashSet<>()).add(output)));
        }

        Set<LineageGraphNode> neighbours(LineageGraphNode node, Direction direction) {
            if (direction == Direction.DOWNSTREAM) {
                return feeds.getOrDefault(node, Set.of());
            }
            Build build = latest.get(node);
            return build == null ? Set.of() : new HashSet<>(build.inputs());
        }

        /** Breadth first, so each dataset gets its shortest distance; no self loops, no sandboxes unless starting in one. */
        Map<LineageGraphNode, Integer> walk(LineageGraphNode start, Direction direction) {
            Map<LineageGraphNode, Integer> depths = new LinkedHashMap<>();
            depths.put(start, 0);
            ArrayDeque<LineageGraphNode> queue = new ArrayDeque<>(List.of(start));
            while (!queue.isEmpty()) {
                LineageGraphNode node = queue.poll();
                for (LineageGraphNode next : neighbours(node, direction)) {
                    if (!depths.containsKey(next) && (start.inSandbox() || !next.inSandbox())) {
                        depths.put(next, depths.get(node) + 1);
                        queue.add(next);
                    }
                }
            }
            return depths;
        }

        /**
         * What the plan that built {@code start} also loaded and {@code start} does not read: each such load's
         * inputs (files, URLs, JDBC tables) and the table it landed in. A goal may load a source its mart
         * never reads; saying so beside the lineage keeps the lineage true and the load visible.
         */
        List<AlsoLoaded> alsoLoaded(LineageGraphNode start, Set<LineageGraphNode> reached) {
            Build built = latest.get(start);
            if (built == null || !built.model()) {
                return List.of(); // only what dbt built reads some sources and not others
            }
            List<AlsoLoaded> loads = new ArrayList<>();
            latest.forEach((output, build) -> {
                if (!build.model() && build.planId().equals(built.planId()) && !reached.contains(output) && !output.inSandbox()) {
                    build.inputs().stream().filter(in -> !reached.contains(in))
                            .forEach(in -> loads.add(new AlsoLoaded(in.displayName(), in.kind(false), output.displayName())));
                }
            });
            loads.sort(Comparator.comparing(AlsoLoaded::into).thenComparing(AlsoLoaded::name));
            return loads;
        }

        Found found(LineageGraphNode node, int depth) {
            Build build = latest.get(node);
            return new Found(node.displayName(), node.kind(build != null && build.model()), depth);
        }

        Map<String, List<String>> next(Set<LineageGraphNode> reached, Direction direction) {
            Map<String, List<String>> next = new HashMap<>();
            for (LineageGraphNode node : reached) {
                TreeSet<String> children = new TreeSet<>();
                neighbours(node, direction).stream().filter(reached::contains).filter(n -> !n.equals(node))
                        .forEach(n -> children.add(n.displayName()));
                next.put(node.displayName(), List.copyOf(children));
            }
            return next;
        }

        List<ColumnEdge> columns(Set<LineageGraphNode> reached) {
            List<ColumnEdge> edges = new ArrayList<>();
            for (LineageGraphNode node : reached) {
                Build build = latest.get(node);
                if (build != null) {
                    build.columns().stream().filter(link -> reached.contains(link.from()))
                            .forEach(link -> edges.add(new ColumnEdge(node.displayName(), link.column(), link.from().displayName(),
                                    link.fromColumn(), link.transformation())));
                }
            }
            edges.sort(Comparator.comparing(ColumnEdge::table).thenComparing(ColumnEdge::column)
                    .thenComparing(ColumnEdge::fromTable).thenComparing(ColumnEdge::fromColumn));
            return edges;
        }

        LineageGraphNode resolve(String table) {
            return LineageGraphNames.resolve(table, known());
        }

        Set<LineageGraphNode> known() {
            Set<LineageGraphNode> known = new HashSet<>(latest.keySet());
            known.addAll(feeds.keySet());
            return known;
        }
    }
}
