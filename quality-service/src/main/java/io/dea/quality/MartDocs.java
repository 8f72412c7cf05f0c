package io.dea.quality;

import io.dea.events.v1.GoalSpec;
import io.dea.events.v1.MartSpec;
import io.dea.events.v1.MeasureSpec;
import io.dea.events.v1.SourceSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * The mart's descriptions for dbt's docs and the catalog, written from the goal by template: what a
 * row is, where it comes from, and for each column what it holds. Template delimiters in a goal's
 * words are taken out, so a description is never code.
 *
 * @param model   the mart's description
 * @param columns the mart's column names to their descriptions
 * @param by      who wrote them, for the yml's header: null for the template
 */
record MartDocs(String model, Map<String, String> columns, String by) {

    static final MartDocs NONE = new MartDocs(null, Map.of(), null);
    static final String HEADER = "# Descriptions: ";
    private static final tools.jackson.dataformat.yaml.YAMLMapper YAML = tools.jackson.dataformat.yaml.YAMLMapper.builder().build();

    MartDocs(String model, Map<String, String> columns) {
        this(model, columns, null);
    }

    /** The same descriptions, with the template's for the columns these leave out. */
    MartDocs withDefaults(MartDocs template) {
        Map<String, String> all = new LinkedHashMap<>(template.columns());
        all.putAll(columns);
        return new MartDocs(model, all, by);
    }

    /** The same, naming who wrote them (template delimiters taken out: the name may quote a refused answer). */
    MartDocs by(String writer) {
        return new MartDocs(model, columns, writer == null ? null : plain(writer));
    }

    /** The descriptions a yml written earlier holds (what a reviewer saw), the template's where it holds none. */
    static MartDocs ofYml(String yml, MartDocs template) {
        JsonNode model = YAML.readTree(yml).path("models").path(0);
        Map<String, String> columns = new LinkedHashMap<>(template.columns());
        model.path("columns").forEach(c -> {
            if (c.path("description").isString()) {
                columns.put(c.path("name").asString(), c.path("description").asString());
            }
        });
        String by = yml.lines().filter(l -> l.startsWith(HEADER)).map(l -> l.substring(HEADER.length())).findFirst().orElse(null);
        return new MartDocs(model.path("description").asString(template.model()), columns, by);
    }

    /** @param grainColumns the mart's grain as its columns are named, in the goal's order */
    static MartDocs of(GoalSpec goal, List<String> grainColumns) {
        MartSpec mart = goal.getMart();
        if (mart == null) {
            return NONE;
        }
        String sources = Optional.ofNullable(goal.getSources()).orElse(List.of()).stream().map(SourceSpec::getName)
                .collect(Collectors.joining(", "));
        String filters = mart.getFilters() == null || mart.getFilters().isEmpty() ? "" : " where " + String.join(" and ", mart.getFilters());
        Map<String, String> columns = new LinkedHashMap<>();
        for (int i = 0; i < grainColumns.size() && i < mart.getGrain().size(); i++) {
            boolean time = i == 0 && mart.getTimeGrain() != null;
            columns.put(grainColumns.get(i), plain(mart.getGrain().get(i) + (time ? ", by " + mart.getTimeGrain() : "") + " (grain)"));
        }
        for (MeasureSpec m : mart.getMeasures()) {
            columns.put(m.getName(), plain(m.getAgg() + " of " + m.getExpr() + filters
                    + (m.getDescription() == null ? "" : ": " + m.getDescription())));
        }
        String model = plain(goal.getGoal() + ". One row per " + String.join(", ", mart.getGrain())
                + (mart.getTimeGrain() == null ? "" : " by " + mart.getTimeGrain()) + filters + "; from " + sources
                + ". Written by the dataengineering-agents from the goal.");
        return new MartDocs(model, columns);
    }

    static String plain(String text) {
        return text.replaceAll("\\{\\{|}}|\\{%|%}|\\{#|#}", " ").replaceAll("\\s+", " ").strip();
    }
}
