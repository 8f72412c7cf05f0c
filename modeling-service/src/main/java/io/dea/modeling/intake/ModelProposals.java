package io.dea.modeling.intake;

import io.dea.events.v1.GoalSpec;
import io.dea.events.v1.MartSpec;
import io.dea.events.v1.MeasureSpec;
import io.dea.events.v1.SourceSpec;
import io.dea.platform.goal.Aggregate;
import io.dea.platform.goal.ColumnRef;
import io.dea.platform.goal.GoalExpression;
import io.dea.platform.goal.Identifiers;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A model's answer to the intake, checked as untrusted input before anyone sees it: JSON of the
 * proposal's schema, no template syntax in any string, only landed tables and their columns, safe
 * names, known aggregates and time grains, and every expression and filter a plain column expression
 * ({@link GoalExpression}: no functions, statements or subqueries). Anything else refuses the whole
 * answer with the reason; nothing of it reaches a review, the warehouse or the data project. The
 * orchestrator validates the approved goal again, as it does every goal.
 */
final class ModelProposals {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TEMPLATE = Pattern.compile("\\{\\{|\\{%|\\{#|%}|}}|#}");
    private static final Set<String> TIME_GRAINS = Set.of("day", "week", "month");
    private static final Set<String> TOP = Set.of("sources", "mart", "questions");
    private static final int QUESTION_CHARS = 300;

    private ModelProposals() {
    }

    /** The model's answer could not be used: the reason names the part and the rule. */
    static final class Refused extends Exception {
        Refused(String reason) {
            super(reason);
        }
    }

    static Proposal check(String answer, GoalSpec words, List<LandedTable> landed, String by) throws Refused {
        JsonNode root = parse(answer, TOP);
        template(root, "answer");
        List<LandedTable> sources = sources(root.path("sources"), landed);
        MartSpec mart = mart(root.path("mart"), sources);
        List<String> matches = new ArrayList<>();
        matches.add("sources: " + String.join(", ", sources.stream().map(LandedTable::name).toList()) + " (" + by + ")");
        matches.add("mart: " + mart.getName() + ", grain " + String.join(", ", mart.getGrain())
                + (mart.getTimeGrain() == null ? "" : " by " + mart.getTimeGrain()) + " (" + by + ")");
        mart.getMeasures().forEach(m -> matches.add("measure " + m.getName() + ": " + m.getAgg() + "(" + m.getExpr() + ") (" + by + ")"));
        Optional.ofNullable(mart.getFilters()).orElse(List.of()).forEach(f -> matches.add("filter: " + f + " (" + by + ")"));
        List<SourceSpec> specs = new ArrayList<>();
        List<String> questions = new ArrayList<>(questions(root.path("questions")));
        for (LandedTable t : sources) {
            if (t.spec() == null) {
                questions.add("'" + t.name() + "': landing." + t.name() + " has no connector on main saying where it is loaded from; add the source");
            } else {
                specs.add(t.spec());
            }
        }
        List<SourceSpec> given = words.getSources();
        GoalSpec goal = GoalSpec.newBuilder(words).setSources(given != null && !given.isEmpty() ? given : specs).setMart(mart)
                .setEnvironment(words.getEnvironment() == null ? "dev" : words.getEnvironment()).build();
        return new Proposal(goal, List.copyOf(matches), List.copyOf(questions));
    }

    /** The answer as a JSON object with only the given top-level fields, or refused. */
    static JsonNode parse(String answer, Set<String> fields) throws Refused {
        try {
            JsonNode root = JSON.readTree(answer);
            if (root == null || !root.isObject()) {
                throw new Refused("the model's answer is not a JSON object of the schema");
            }
            for (String key : root.propertyNames()) {
                if (!fields.contains(key)) {
                    throw new Refused("the model's answer has a field the schema does not: " + key);
                }
            }
            return root;
        } catch (JacksonException e) {
            throw new Refused("the model's answer is not JSON (" + e.getOriginalMessage() + ")");
        }
    }

    /** Template syntax anywhere would become code in a dbt file: refused wherever it is. */
    static void template(JsonNode node, String at) throws Refused {
        if (node.isString() && TEMPLATE.matcher(node.asString()).find()) {
            throw new Refused("the model's answer holds template syntax ({{ }}, {% %} or {# #}) in " + at);
        }
        for (var property : node.properties()) {
            template(property.getValue(), at + "." + property.getKey());
        }
        for (int i = 0; node.isArray() && i < node.size(); i++) {
            template(node.get(i), at + "[" + i + "]");
        }
    }

    private static List<LandedTable> sources(JsonNode names, List<LandedTable> landed) throws Refused {
        if (!names.isArray() || names.isEmpty()) {
            throw new Refused("the model's answer names no sources");
        }
        Set<LandedTable> chosen = new LinkedHashSet<>();
        for (JsonNode name : names) {
            String text = name.asString("");
            chosen.add(landed.stream().filter(t -> t.name().equalsIgnoreCase(text)).findFirst()
                    .orElseThrow(() -> new Refused("the model's answer names source '" + clip(text) + "', which is not a landed table")));
        }
        return List.copyOf(chosen);
    }

    private static MartSpec mart(JsonNode mart, List<LandedTable> sources) throws Refused {
        String name = mart.path("name").asString("");
        if (!Identifiers.isSafe(name)) {
            throw new Refused("the model's mart name '" + clip(name) + "' is not a plain identifier (letters, digits, _)");
        }
        List<String> grain = new ArrayList<>();
        for (JsonNode g : mart.path("grain")) {
            grain.add(column("grain", g.asString(""), sources));
        }
        String time = mart.path("time_grain").isString() ? mart.path("time_grain").asString().toLowerCase(Locale.ROOT) : null;
        if (time != null && !TIME_GRAINS.contains(time)) {
            throw new Refused("the model's time_grain '" + clip(time) + "' is not day, week or month");
        }
        List<MeasureSpec> measures = measures(mart.path("measures"), sources);
        List<String> filters = new ArrayList<>();
        for (JsonNode f : mart.path("filters")) {
            filters.add(expression("filter", f.asString(""), sources));
        }
        return MartSpec.newBuilder().setName(name).setGrain(grain).setTimeGrain(time).setMeasures(measures)
                .setFilters(filters.isEmpty() ? null : filters).build();
    }

    private static List<MeasureSpec> measures(JsonNode measures, List<LandedTable> sources) throws Refused {
        if (!measures.isArray() || measures.isEmpty()) {
            throw new Refused("the model's answer has no measure");
        }
        List<MeasureSpec> specs = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (JsonNode m : measures) {
            String name = m.path("name").asString("");
            if (!Identifiers.isSafe(name) || !names.add(name)) {
                throw new Refused("the model's measure name '" + clip(name) + "' is not a plain identifier, or is used twice");
            }
            String agg = m.path("agg").asString("");
            if (Aggregate.of(agg).isEmpty()) {
                throw new Refused("the model's measure " + name + " has agg '" + clip(agg) + "', not one of " + Aggregate.ids());
            }
            specs.add(new MeasureSpec(name, agg, expression("measure " + name, m.path("expr").asString(""), sources), null));
        }
        return specs;
    }

    /** A plain column expression over the chosen sources' columns, or refused with the parser's reason. */
    static String expression(String at, String text, List<LandedTable> sources) throws Refused {
        GoalExpression parsed;
        try {
            parsed = GoalExpression.parse(text);
        } catch (GoalExpression.InvalidExpressionException e) {
            throw new Refused("the model's " + at + " is refused: " + clip(e.getMessage()));
        }
        for (ColumnRef ref : parsed.columns()) {
            column(at, ref.toString(), sources);
        }
        return text;
    }

    private static String column(String at, String ref, List<LandedTable> sources) throws Refused {
        ColumnRef parsed = ColumnRef.parse(ref);
        boolean known = parsed != null && sources.stream().anyMatch(t -> t.name().equalsIgnoreCase(parsed.source())
                && t.profile().column(parsed.column()).isPresent());
        if (!known) {
            throw new Refused("the model's " + at + " names " + clip(ref) + ", which is not a column of "
                    + String.join(", ", sources.stream().map(LandedTable::name).toList()));
        }
        return ref;
    }

    private static List<String> questions(JsonNode questions) {
        List<String> list = new ArrayList<>();
        questions.forEach(q -> list.add(clip(q.asString(""))));
        return list;
    }

    static String clip(String text) {
        return text.length() <= QUESTION_CHARS ? text : text.substring(0, QUESTION_CHARS) + "...";
    }
}
