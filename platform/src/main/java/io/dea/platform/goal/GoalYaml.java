package io.dea.platform.goal;

import io.dea.events.v1.BackfillSpec;
import io.dea.events.v1.BudgetSpec;
import io.dea.events.v1.GoalSpec;
import io.dea.events.v1.MartSpec;
import io.dea.events.v1.MeasureSpec;
import io.dea.events.v1.SourceSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Turns the goal YAML of docs/interface.md into the GoalSpec record, field for field. It only checks
 * shape (a YAML map, known keys, lists where lists belong); whether the goal makes sense is the
 * orchestrator's judgement, so a required value that is missing becomes an empty string here and a
 * listed reason there.
 */
public final class GoalYaml {

    static {
        io.dea.platform.avro.EventClasses.trust();
    }

    private static final Set<String> TOP = Set.of("goal", "sources", "relationships", "mart", "schedule", "freshness",
            "owner", "environment", "budget", "backfill", "timezone");
    private static final Set<String> SOURCE = Set.of("name", "format", "location", "table", "query", "primary_key",
            "incremental_key", "connection");
    private static final Set<String> MART = Set.of("name", "grain", "time_grain", "measures", "filters");
    private static final Set<String> MEASURE = Set.of("name", "agg", "expr", "description");
    private static final Set<String> FILTER = Set.of("description");
    private static final Set<String> BUDGET = Set.of("max_bytes_scanned");
    private static final Set<String> BACKFILL = Set.of("start", "end");

    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private GoalYaml() {
    }

    public static GoalSpec parse(String yaml) {
        JsonNode root = root(yaml);
        List<String> problems = new ArrayList<>();
        unknownKeys(root, TOP, "", problems);
        GoalSpec.Builder goal = GoalSpec.newBuilder()
                .setGoal(text(root, "goal", true))
                .setSchedule(text(root, "schedule", false))
                .setFreshness(text(root, "freshness", false))
                .setOwner(text(root, "owner", false))
                .setEnvironment(text(root, "environment", false))
                .setTimezone(text(root, "timezone", false));
        goal.setSources(sources(root.get("sources"), problems));
        goal.setRelationships(strings(root, "relationships", "relationships", problems));
        goal.setMart(mart(root.get("mart"), problems));
        goal.setBudget(budget(root.get("budget"), problems));
        goal.setBackfill(backfill(root.get("backfill"), problems));
        if (!problems.isEmpty()) {
            throw new GoalYamlException(problems);
        }
        return goal.build();
    }

    /**
     * The goal as YAML a person can read, correct and submit: the same field names as the request
     * record (docs/interface.md), absent fields left out; {@link #parse} reads it back to the same goal.
     */
    public static String write(GoalSpec goal) {
        Map<String, Object> map = asMap(goal);
        if (map.get("mart") instanceof Map<?, ?> mart) {
            inWordsAsFilters(castMap(mart));
        }
        return YAML.writeValueAsString(map);
    }

    /** The record's described_filters go back into filters as {description: ...} items, as a person writes them. */
    private static void inWordsAsFilters(Map<String, Object> mart) {
        if (mart.remove("described_filters") instanceof List<?> described) {
            List<Object> filters = new ArrayList<>(mart.get("filters") instanceof List<?> given ? given : List.of());
            described.forEach(d -> filters.add(Map.of("description", d)));
            mart.put("filters", filters);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    /** A record as nested maps and lists keyed by its Avro field names, nulls left out. */
    private static Map<String, Object> asMap(org.apache.avro.specific.SpecificRecord record) {
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        for (org.apache.avro.Schema.Field field : record.getSchema().getFields()) {
            Object value = plain(record.get(field.pos()));
            if (value != null) {
                map.put(field.name(), value);
            }
        }
        return map;
    }

    private static Object plain(Object value) {
        if (value instanceof org.apache.avro.specific.SpecificRecord nested) {
            return asMap(nested);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(GoalYaml::plain).toList();
        }
        return value instanceof CharSequence text ? text.toString() : value;
    }

    private static JsonNode root(String yaml) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JacksonException e) {
            throw new GoalYamlException(List.of("the goal is not valid YAML: " + e.getOriginalMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new GoalYamlException(List.of("the goal must be a YAML map with at least 'goal:'"));
        }
        return root;
    }

    /** Whether a section is given at all; one given in the wrong shape is a problem. */
    private static boolean present(JsonNode node, boolean rightShape, String problem, List<String> problems) {
        if (node == null || node.isNull()) {
            return false;
        }
        if (!rightShape) {
            problems.add(problem);
        }
        return rightShape;
    }

    private static List<SourceSpec> sources(JsonNode sources, List<String> problems) {
        if (!present(sources, sources != null && sources.isArray(), "sources: must be a list", problems)) {
            return null;
        }
        List<SourceSpec> list = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            JsonNode s = sources.get(i);
            if (!s.isObject()) {
                problems.add("sources[" + i + "]: must be a map");
                continue;
            }
            unknownKeys(s, SOURCE, "sources[" + i + "].", problems);
            list.add(SourceSpec.newBuilder()
                    .setName(text(s, "name", true)).setFormat(text(s, "format", true))
                    .setLocation(text(s, "location", true)).setTable(text(s, "table", false))
                    .setQuery(text(s, "query", false)).setPrimaryKey(text(s, "primary_key", false))
                    .setIncrementalKey(text(s, "incremental_key", false))
                    .setConnection(text(s, "connection", false)).build());
        }
        return list;
    }

    private static MartSpec mart(JsonNode mart, List<String> problems) {
        if (!present(mart, mart != null && mart.isObject(), "mart: must be a map", problems)) {
            return null;
        }
        unknownKeys(mart, MART, "mart.", problems);
        List<String> grain = strings(mart, "grain", "mart.grain", problems);
        return MartSpec.newBuilder()
                .setName(text(mart, "name", true))
                .setGrain(grain == null ? List.of() : grain)
                .setTimeGrain(text(mart, "time_grain", false))
                .setMeasures(measures(mart.get("measures"), problems))
                .setFilters(filters(mart.get("filters"), false, problems))
                .setDescribedFilters(filters(mart.get("filters"), true, problems))
                .build();
    }

    /**
     * The filters given as expressions ({@code inWords} false) or only in words, as {@code {description: ...}}
     * items ({@code inWords} true); null when there are none of that kind.
     */
    private static List<String> filters(JsonNode filters, boolean inWords, List<String> problems) {
        if (filters == null || filters.isNull()) {
            return null;
        }
        List<String> list = new ArrayList<>();
        JsonNode items = filters.isArray() ? filters : YAML.createArrayNode().add(filters);
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            if (item.isObject() && inWords) {
                unknownKeys(item, FILTER, "mart.filters[" + i + "].", problems);
                list.add(text(item, "description", true));
            } else if (item.isValueNode() && !inWords) {
                list.add(item.asString());
            } else if (!item.isObject() && !item.isValueNode() && !inWords) {
                problems.add("mart.filters[" + i + "]: must be an expression or a map {description}");
            }
        }
        return list.isEmpty() ? null : list;
    }

    private static List<MeasureSpec> measures(JsonNode m, List<String> problems) {
        List<MeasureSpec> measures = new ArrayList<>();
        if (!present(m, m != null && m.isArray(), "mart.measures: must be a list", problems)) {
            return measures;
        }
        for (int i = 0; i < m.size(); i++) {
            if (!m.get(i).isObject()) {
                problems.add("mart.measures[" + i + "]: must be a map {name, agg, expr} or {name, description}");
                continue;
            }
            unknownKeys(m.get(i), MEASURE, "mart.measures[" + i + "].", problems);
            measures.add(new MeasureSpec(text(m.get(i), "name", true), text(m.get(i), "agg", true), text(m.get(i), "expr", true),
                    text(m.get(i), "description", false)));
        }
        return measures;
    }

    private static BudgetSpec budget(JsonNode budget, List<String> problems) {
        if (!present(budget, budget != null && budget.isObject(), "budget: must be a map", problems)) {
            return null;
        }
        unknownKeys(budget, BUDGET, "budget.", problems);
        return new BudgetSpec(text(budget, "max_bytes_scanned", false));
    }

    private static BackfillSpec backfill(JsonNode backfill, List<String> problems) {
        if (!present(backfill, backfill != null && backfill.isObject(), "backfill: must be a map {start, end}", problems)) {
            return null;
        }
        // YAML reads an unquoted 2024-01-01 as a string here too; the orchestrator judges the dates.
        unknownKeys(backfill, BACKFILL, "backfill.", problems);
        return new BackfillSpec(text(backfill, "start", true), text(backfill, "end", true));
    }

    private static void unknownKeys(JsonNode node, Set<String> known, String prefix, List<String> problems) {
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (!known.contains(field.getKey())) {
                problems.add(prefix + field.getKey() + ": unknown field (known: " + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
    }

    private static String text(JsonNode node, String field, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return required ? "" : null;
        }
        return value.isValueNode() ? value.asString() : value.toString();
    }

    /** A list of strings; a single string is taken as a list of one. */
    private static List<String> strings(JsonNode node, String field, String path, List<String> problems) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isValueNode()) {
            return List.of(value.asString());
        }
        if (!value.isArray()) {
            problems.add(path + ": must be a list of strings");
            return null;
        }
        List<String> list = new ArrayList<>();
        value.forEach(item -> list.add(item.isValueNode() ? item.asString() : item.toString()));
        return list;
    }

    /** The YAML is not a goal; every problem found is listed. */
    public static final class GoalYamlException extends IllegalArgumentException {
        private final List<String> problems;

        public GoalYamlException(List<String> problems) {
            super(String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }
}
