package io.dea.transform;

import io.dea.platform.goal.Relationship;
import io.dea.platform.codegen.DbtSql;
import io.dea.platform.goal.ColumnRef;
import io.dea.platform.goal.GoalExpression;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Writes the mart's dbt model so that no join can count a row twice. Each measure is aggregated
 * over its home source, joined only upward (child to parent, many-to-one) to reach the grain and
 * the filters; a filter on a source that is not upward of the home becomes an EXISTS test; the
 * per-source aggregates are then joined on the grain. When the grain is a source's key, that
 * source's rows are the spine, so entities without facts are kept with zero counts and sums.
 *
 * <p>Goal expressions reach the SQL only as re-rendered by {@link GoalExpression#render}, with every
 * column replaced by a quoted alias and column.
 */
final class MartSql {

    private static final String INDENT = "    ";

    /** The model, the mart's grain column names, and one line per decision for the summary. */
    record Generated(String sql, List<String> grainColumns, List<String> plan) {
    }

    private final MartParts parts;
    private final JoinGraph graph;
    private final Map<String, String> keys;
    private final Staging staging;
    private final Materialization.Choice materialization;
    private final List<String> plan = new ArrayList<>();

    private MartSql(MartParts parts, JoinGraph graph, Map<String, String> keys, Staging staging,
                    Materialization.Choice materialization) {
        this.parts = parts;
        this.graph = graph;
        this.keys = keys;
        this.staging = staging;
        this.materialization = materialization;
    }

    static Generated generate(MartParts parts, JoinGraph graph, Map<String, String> keys, Staging staging,
                              Materialization.Choice materialization) {
        return new MartSql(parts, graph, keys, staging, materialization).generate();
    }

    private Generated generate() {
        List<String> grainNames = parts.grain().stream().map(MartParts.Grain::name).toList();
        List<String> ctes = new ArrayList<>();
        Map<String, String> cteOfHome = measureCtes(ctes);
        String base = base(grainNames, cteOfHome, ctes);
        String sql = header() + "with\n" + String.join(",\n", ctes) + "\n\n" + select(base, grainNames, cteOfHome);
        return new Generated(sql, grainNames, plan);
    }

    /** One CTE per home source aggregating its measures; answers the CTE of each home. */
    private Map<String, String> measureCtes(List<String> ctes) {
        Map<String, List<MartParts.Measure>> byHome = new LinkedHashMap<>();
        parts.measures().forEach(m -> byHome.computeIfAbsent(m.home(), h -> new ArrayList<>()).add(m));
        Map<String, String> cteOfHome = new LinkedHashMap<>();
        for (Map.Entry<String, List<MartParts.Measure>> home : byHome.entrySet()) {
            String cte = home.getKey() + "_measures";
            cteOfHome.put(home.getKey(), cte);
            ctes.add(DbtSql.identifier(cte) + " as (\n" + measureCte(home.getKey(), home.getValue()) + "\n)");
        }
        return cteOfHome;
    }

    /** The relation the measures are joined onto: the spine source's rows, every grain value found, or the one measure CTE. */
    private String base(List<String> grainNames, Map<String, String> cteOfHome, List<String> ctes) {
        String spine = spineSource();
        if (spine != null) {
            ctes.add(DbtSql.identifier("grain_spine") + " as (\n" + spineCte(spine) + "\n)");
            plan.add("one row per " + spine + " row (its key is the grain), kept when it has no facts");
            return "grain_spine";
        }
        if (cteOfHome.size() > 1) {
            String union = cteOfHome.values().stream()
                    .map(cte -> INDENT + "select " + list(grainNames, DbtSql::identifier) + " from " + DbtSql.identifier(cte))
                    .collect(Collectors.joining("\n" + INDENT + "union\n"));
            ctes.add(DbtSql.identifier("grain_keys") + " as (\n" + union + "\n)");
            plan.add("one row per grain value found by any measure");
            return "grain_keys";
        }
        return cteOfHome.values().iterator().next();
    }

    /** The final select: the grain, then each measure in the goal's order, every measure CTE left-joined on the grain. */
    private String select(String base, List<String> grainNames, Map<String, String> cteOfHome) {
        List<String> select = new ArrayList<>();
        grainNames.forEach(g -> select.add(DbtSql.qualified(base, g)));
        StringBuilder from = new StringBuilder("from " + DbtSql.identifier(base));
        for (String cte : cteOfHome.values()) {
            if (!cte.equals(base)) {
                String on = grainNames.stream()
                        .map(g -> DbtSql.qualified(cte, g) + " is not distinct from " + DbtSql.qualified(base, g))
                        .collect(Collectors.joining(" and "));
                from.append("\nleft join ").append(DbtSql.identifier(cte)).append(" on ").append(on);
            }
        }
        // The mart's columns in the goal's order, whatever source each measure is aggregated on.
        for (MartParts.Measure m : parts.measures()) {
            // A sum of nothing is 0 whether the grain value has no rows or only nulls, joined or not,
            // so the same figure never reads 0 in one mart and null in another.
            String value = DbtSql.qualified(cteOfHome.get(m.home()), m.name());
            select.add((m.agg().zeroWhenEmpty() ? "coalesce(" + value + ", 0)" : value) + " as " + DbtSql.identifier(m.name()));
        }
        return "select\n" + INDENT + String.join(",\n" + INDENT, select) + "\n" + from + "\n";
    }

    /** The model's config block and the comment that says what the mart is and how it was written. */
    private String header() {
        String grainText = parts.grain().stream()
                .map(g -> g.ref() + (g.timeGrain() == null ? "" : " (" + g.timeGrain() + (g.zone() == null ? "" : " in " + g.zone()) + ")"))
                .collect(Collectors.joining(", "));
        return materialization.config() + "\n\n"
                + "-- Mart " + parts.mart() + ", generated by the transform agent: one row per " + DbtSql.comment(grainText) + ".\n"
                + "-- Fan-out safe: each measure is aggregated over its own source, joined only upward (many-to-one)\n"
                + "-- to reach the grain and the filters; filters on other sources are EXISTS tests.\n"
                + "-- Materialized as " + materialization.kind() + ": " + DbtSql.comment(materialization.reason()) + "\n\n";
    }

    /** The source whose key is in the grain and from which every grain column is reachable upward. */
    private String spineSource() {
        for (MartParts.Grain g : parts.grain()) {
            String source = g.ref().source();
            String key = keys.get(source);
            if (g.timeGrain() == null && key != null && key.equalsIgnoreCase(g.ref().column())
                    && graph.upward(source).containsAll(grainSources())) {
                return source;
            }
        }
        return null;
    }

    private Set<String> grainSources() {
        return parts.grain().stream().map(g -> g.ref().source()).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private String spineCte(String source) {
        UpTree tree = graph.upward(source);
        Set<String> needed = new LinkedHashSet<>(grainSources());
        List<String> where = new ArrayList<>();
        for (MartParts.Filter f : parts.filters()) {
            if (tree.containsAll(f.sources())) {
                needed.addAll(f.sources());
                where.add(render(f.expr(), ref -> ref.source()));
            }
        }
        List<String> select = parts.grain().stream().map(g -> grainSql(g) + " as " + DbtSql.identifier(g.name())).toList();
        return block(select, source, tree.joins(needed), where, false);
    }

    private String measureCte(String home, List<MartParts.Measure> measures) {
        UpTree tree = graph.upward(home);
        for (String source : grainSources()) {
            if (!tree.contains(source)) {
                throw new MartModelException("measure " + measures.get(0).name() + " is on " + home + ", and the grain column of "
                        + source + " cannot be reached from it along many-to-one relationships");
            }
        }
        Set<String> needed = new LinkedHashSet<>(grainSources());
        measures.forEach(m -> m.expr().columns().forEach(c -> needed.add(c.source())));
        List<String> where = new ArrayList<>();
        for (MartParts.Filter f : parts.filters()) {
            if (tree.containsAll(f.sources())) {
                needed.addAll(f.sources());
                where.add(render(f.expr(), ColumnRef::source));
            } else {
                where.add(exists(f, tree, needed));
            }
        }
        String window = incrementalWindow();
        if (window != null) {
            where.add(window);
        }
        List<String> select = new ArrayList<>();
        parts.grain().forEach(g -> select.add(grainSql(g) + " as " + DbtSql.identifier(g.name())));
        for (MartParts.Measure m : measures) {
            select.add(aggregate(m) + " as " + DbtSql.identifier(m.name()));
        }
        plan.add(measures.stream().map(MartParts.Measure::name).collect(Collectors.joining(", ")) + " aggregated over " + home
                + (tree.joins(needed).isEmpty() ? "" : " joined up to " + tree.joins(needed).stream()
                        .map(Relationship::parent).collect(Collectors.joining(", "))));
        return block(select, home, tree.joins(needed), where, true);
    }

    /**
     * A filter whose home is not upward of the measure's: true when some row of the filter's source,
     * related through its own parents to a source the measure reaches, satisfies it.
     */
    private String exists(MartParts.Filter f, UpTree outer, Set<String> needed) {
        UpTree inner = graph.upward(f.home());
        String meeting = inner.first(outer::contains);
        if (meeting == null) {
            throw new MartModelException("filter '" + f.expr().text() + "' cannot be related to the measures on " + outer.root()
                    + ": no source is reachable from both along many-to-one relationships");
        }
        needed.add(meeting);
        Relationship link = inner.via(meeting);
        Set<String> innerTargets = new LinkedHashSet<>(List.of(link.child()));
        for (String s : f.sources()) {
            if (outer.contains(s)) {
                needed.add(s);
            } else {
                innerTargets.add(s);
            }
        }
        Function<ColumnRef, String> alias = ref -> outer.contains(ref.source()) ? ref.source() : innerAlias(ref.source());
        List<String> joins = new ArrayList<>();
        for (Relationship r : inner.joins(innerTargets)) {
            joins.add("left join " + source(r.parent()) + " as " + DbtSql.identifier(innerAlias(r.parent())) + " on "
                    + DbtSql.qualified(innerAlias(r.parent()), column(r.parent(), r.pk())) + " = "
                    + DbtSql.qualified(innerAlias(r.child()), column(r.child(), r.fk())));
        }
        String correlation = DbtSql.qualified(innerAlias(link.child()), column(link.child(), link.fk())) + " = "
                + DbtSql.qualified(meeting, column(meeting, link.pk()));
        plan.add("filter '" + f.expr().text() + "' reaches " + outer.root() + " as an EXISTS test on " + f.home());
        String pad = INDENT.repeat(3);
        return "exists (\n" + pad + "select 1\n" + pad + "from " + source(f.home()) + " as " + DbtSql.identifier(innerAlias(f.home()))
                + joins.stream().map(j -> "\n" + pad + j).collect(Collectors.joining())
                + "\n" + pad + "where " + correlation + "\n" + pad + INDENT + "and (" + render(f.expr(), alias) + ")\n"
                + INDENT.repeat(2) + ")";
    }

    /**
     * An incremental run recomputes only the last periods of the time grain (every measure over all
     * its rows in those periods, so fan-out safety holds), and delete+insert replaces them by the grain.
     */
    private String incrementalWindow() {
        if (!materialization.kind().equals("incremental")) {
            return null;
        }
        MartParts.Grain timed = parts.grain().stream().filter(g -> g.timeGrain() != null).findFirst().orElseThrow();
        return "{% if is_incremental() %}" + grainSql(timed) + " >= (select max(" + DbtSql.identifier(timed.name())
                + ") from {{ this }}) - interval '" + Materialization.LOOKBACK_PERIODS + " " + timed.timeGrain()
                + "'{% else %}true{% endif %}";
    }

    private String block(List<String> select, String root, List<Relationship> joins, List<String> where, boolean groupBy) {
        StringBuilder sql = new StringBuilder();
        sql.append(INDENT).append("select\n").append(INDENT.repeat(2)).append(String.join(",\n" + INDENT.repeat(2), select));
        sql.append("\n").append(INDENT).append("from ").append(source(root)).append(" as ").append(DbtSql.identifier(root));
        for (Relationship r : joins) {
            sql.append("\n").append(INDENT).append("left join ").append(source(r.parent())).append(" as ")
                    .append(DbtSql.identifier(r.parent())).append(" on ").append(DbtSql.qualified(r.parent(), column(r.parent(), r.pk())))
                    .append(" = ").append(DbtSql.qualified(r.child(), column(r.child(), r.fk())));
        }
        if (!where.isEmpty()) {
            sql.append("\n").append(INDENT).append("where ")
                    .append(where.stream().map(w -> "(" + w + ")").collect(Collectors.joining("\n" + INDENT + INDENT + "and ")));
        }
        if (groupBy) {
            List<String> positions = new ArrayList<>();
            for (int i = 1; i <= parts.grain().size(); i++) {
                positions.add(Integer.toString(i));
            }
            sql.append("\n").append(INDENT).append("group by ").append(String.join(", ", positions));
        }
        return sql.toString();
    }

    private String grainSql(MartParts.Grain g) {
        String column = DbtSql.qualified(g.ref().source(), staging.staged(g.ref(), "grain"));
        if (g.timeGrain() == null) {
            return column;
        }
        // timezone(zone, timestamptz) is the wall-clock time there, so buckets never depend on the session's zone.
        String local = g.zone() == null ? column : "timezone(" + DbtSql.literal(g.zone()) + ", " + column + ")";
        return "cast(date_trunc('" + g.timeGrain() + "', " + local + ") as date)";
    }

    private String aggregate(MartParts.Measure m) {
        return m.agg().sql(render(m.expr(), ColumnRef::source));
    }

    /** Renders a goal expression with each column as a quoted alias.column, the alias chosen per source. */
    private String render(GoalExpression expr, Function<ColumnRef, String> alias) {
        return expr.render(ref -> DbtSql.qualified(alias.apply(ref), staging.staged(ref, expr.text())));
    }

    private String column(String source, String name) {
        return staging.staged(new ColumnRef(source, name), "relationship");
    }

    private String source(String table) {
        return "{{ ref('" + staging.model(table) + "') }}";
    }

    private static String innerAlias(String source) {
        return source + "__f";
    }

    private static String list(List<String> names, Function<String, String> quote) {
        return names.stream().map(quote).collect(Collectors.joining(", "));
    }
}
