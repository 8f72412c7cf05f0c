package io.dea.transform;

import io.dea.events.v1.MartSpec;
import io.dea.events.v1.MeasureSpec;
import io.dea.platform.goal.Aggregate;
import io.dea.platform.goal.ColumnRef;
import io.dea.platform.goal.GoalExpression;
import io.dea.platform.goal.Identifiers;
import io.dea.platform.goal.TimeZones;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The goal's mart, checked and resolved: grain columns with their output names and time grain,
 * measures and filters parsed by {@link GoalExpression} and each placed on its home source (the one
 * from which every source it names is reachable upward).
 */
record MartParts(String mart, List<Grain> grain, List<Measure> measures, List<Filter> filters) {

    static final Set<String> TIME_GRAINS = Set.of("day", "week", "month");

    /**
     * A grain column: its reference, the column name in the mart, the time grain applied (or null),
     * and the IANA zone its buckets are taken in (only for a timestamp with a zone; else null).
     */
    record Grain(ColumnRef ref, String name, String timeGrain, String zone) {
    }

    /** A measure and its home source. */
    record Measure(String name, Aggregate agg, GoalExpression expr, String home) {
    }

    /** A filter and its home source. */
    record Filter(GoalExpression expr, Set<String> sources, String home) {
    }

    /** @param timezone the goal's {@code timezone}, null for UTC */
    static MartParts of(MartSpec spec, String timezone, JoinGraph graph, LandingColumns columns, Staging staging) {
        String mart = Identifiers.require("mart name", spec.getName());
        String timeGrain = spec.getTimeGrain() == null || spec.getTimeGrain().isBlank() ? null
                : spec.getTimeGrain().trim().toLowerCase(Locale.ROOT);
        if (timeGrain != null && !TIME_GRAINS.contains(timeGrain)) {
            throw new MartModelException("time_grain " + spec.getTimeGrain() + " is not one of day, week, month");
        }
        String zone = timezone == null ? TimeZones.DEFAULT : TimeZones.of(timezone)
                .orElseThrow(() -> new MartModelException("timezone " + timezone + " is not an IANA time zone name"));
        List<Grain> grain = grain(spec.getGrain(), new TimeGrain(timeGrain, zone), columns, staging);

        Set<String> names = grain.stream().map(g -> g.name().toLowerCase(Locale.ROOT)).collect(Collectors.toCollection(HashSet::new));
        List<Measure> measures = new ArrayList<>();
        for (MeasureSpec m : spec.getMeasures()) {
            measures.add(measure(m, names, graph, columns));
        }
        if (measures.isEmpty()) {
            throw new MartModelException("the mart has no measures");
        }

        List<Filter> filters = new ArrayList<>();
        for (String text : spec.getFilters() == null ? List.<String>of() : spec.getFilters()) {
            GoalExpression expr = parse(text, "filter");
            Set<String> sources = sources(expr, "filter '" + text + "'", columns);
            String home = graph.home(sources);
            if (home == null) {
                throw new MartModelException("filter '" + text + "' combines " + sources + ", which are not related many-to-one");
            }
            filters.add(new Filter(expr, sources, home));
        }
        return new MartParts(mart, grain, measures, filters);
    }

    /** One measure: a name no other column of the mart has, a known aggregate, an expression on one home source. */
    private static Measure measure(MeasureSpec m, Set<String> names, JoinGraph graph, LandingColumns columns) {
        String name = Identifiers.require("measure name", m.getName());
        if (!names.add(name.toLowerCase(Locale.ROOT))) {
            throw new MartModelException("measure " + name + " has the name of another column of the mart");
        }
        Aggregate agg = Aggregate.of(m.getAgg() == null ? "" : m.getAgg().trim().toLowerCase(Locale.ROOT)).orElseThrow(
                () -> new MartModelException("measure " + name + ": agg " + m.getAgg() + " is not one of " + Aggregate.ids()));
        GoalExpression expr = parse(m.getExpr(), "measure " + name);
        Set<String> sources = sources(expr, "measure " + name, columns);
        String home = graph.home(sources);
        if (home == null) {
            throw new MartModelException("measure " + name + " combines " + sources
                    + ", which are not related many-to-one; each measure must sit on one source and its parents");
        }
        return new Measure(name, agg, expr, home);
    }

    /** How timestamps are bucketed: the goal's time grain (or null) in its zone. */
    private record TimeGrain(String grain, String zone) {
    }

    private static List<Grain> grain(List<String> texts, TimeGrain time, LandingColumns columns, Staging staging) {
        String timeGrain = time.grain();
        if (texts == null || texts.isEmpty()) {
            throw new MartModelException("mart.grain must name at least one source.column");
        }
        Map<ColumnRef, String> given = new LinkedHashMap<>();
        for (String text : texts) {
            ColumnRef ref = ColumnRef.parse(text);
            if (ref == null || !Identifiers.isSafe(ref.source()) || !Identifiers.isSafe(ref.column())) {
                throw new MartModelException("grain '" + text + "' must be written source.column");
            }
            given.put(new ColumnRef(ref.source(), columns.require(ref, "grain " + text).name()), ref.column());
        }
        List<Grain> grain = new ArrayList<>();
        boolean timed = false;
        for (ColumnRef ref : given.keySet()) {
            // The mart's column has the name the goal gave it (as the goal spells it); the naming standard only names staging.
            String goals = given.get(ref);
            boolean shared = given.values().stream().filter(goals::equalsIgnoreCase).count() > 1;
            String name = shared ? ref.source() + "_" + goals : goals;
            LandingColumns.Column column = columns.require(ref, "grain");
            boolean temporal = timeGrain != null && column.isTemporal();
            timed |= temporal;
            // A zoned timestamp is an instant: its day depends on where it is read. A date or a plain timestamp is a wall-clock value already.
            boolean zoned = temporal && column.type().toUpperCase(Locale.ROOT).equals("TIMESTAMP WITH TIME ZONE");
            grain.add(new Grain(ref, name, temporal ? timeGrain : null, zoned ? time.zone() : null));
        }
        if (timeGrain != null && !timed) {
            throw new MartModelException("time_grain " + timeGrain + " needs a date or timestamp column in the grain " + texts);
        }
        return grain;
    }

    /**
     * Where a mart column's name differs from a name the goal or the naming standard gave: a grain
     * column prefixed by its source because two share a name, or a grain column the staging layer
     * names otherwise. Said in the step's summary so nobody meets an unexpected name.
     */
    List<String> names(Staging staging) {
        List<String> lines = new ArrayList<>();
        for (Grain g : grain) {
            String staged = staging.staged(g.ref(), "grain");
            if (grain.stream().filter(o -> o.ref().column().equalsIgnoreCase(g.ref().column())).count() > 1) {
                lines.add("grain " + g.ref() + " is mart column " + g.name() + " (another grain column has the same name)");
            } else if (!staged.equalsIgnoreCase(g.name())) {
                lines.add("grain " + g.ref() + " keeps the goal's name " + g.name() + " in the mart (staging names it " + staged + ")");
            }
        }
        return lines;
    }

    private static GoalExpression parse(String text, String where) {
        try {
            GoalExpression expr = GoalExpression.parse(text);
            String rendered = expr.render(ColumnRef::toString);
            if (rendered.contains("{{") || rendered.contains("{%") || rendered.contains("{#")) {
                throw new MartModelException(where + ": '" + text + "' contains a Jinja delimiter, which dbt would execute");
            }
            return expr;
        } catch (GoalExpression.InvalidExpressionException e) {
            throw new MartModelException(where + ": " + e.getMessage());
        }
    }

    private static Set<String> sources(GoalExpression expr, String where, LandingColumns columns) {
        Set<String> sources = new LinkedHashSet<>();
        for (ColumnRef ref : expr.columns()) {
            columns.require(ref, where);
            sources.add(ref.source());
        }
        return sources;
    }

}
