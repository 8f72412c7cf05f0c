package io.dea.quality;

import io.dea.platform.goal.KeyList;
import io.dea.events.v1.GoalSpec;
import io.dea.events.v1.SourceSpec;
import io.dea.platform.goal.ColumnRef;
import io.dea.platform.goal.Identifiers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The keys the tests guard: the mart's grain columns and each landing table's primary key. Quality
 * runs after cost, so the model and transform outputs may not reach it as inputs; the keys are then
 * read from the sources file the model step committed, and the grain names follow the transform
 * step's rule (the column name, or source_column when two grain columns share a name).
 *
 * @param grain       the mart's grain column names
 * @param landingKeys source name to its primary key column
 */
record MartKeys(List<String> grain, Map<String, String> landingKeys) {

    static MartKeys of(GoalSpec goal, List<String> grainInput, KeyList keysInput, String sourcesYml) {
        List<String> grain = grainInput != null && !grainInput.isEmpty() ? grainInput : grainNames(goal);
        Map<String, String> keys = new LinkedHashMap<>();
        if (keysInput != null) {
            keys.putAll(keysInput.bySource());
        } else if (sourcesYml != null) {
            JsonNode tables = io.dea.platform.codegen.Yaml.readDbt(sourcesYml).path("sources").path(0).path("tables");
            for (JsonNode table : tables) {
                String key = table.path("meta").path("primary_key").asString(null);
                if (key != null) {
                    keys.put(table.path("name").asString(), key);
                }
            }
        } else {
            for (SourceSpec s : Optional.ofNullable(goal.getSources()).orElse(List.of())) {
                if (s.getPrimaryKey() != null && !s.getPrimaryKey().isBlank()) {
                    keys.put(s.getName(), s.getPrimaryKey().trim());
                }
            }
        }
        return new MartKeys(grain, keys);
    }

    private static List<String> grainNames(GoalSpec goal) {
        List<ColumnRef> refs = new ArrayList<>();
        for (String text : goal.getMart().getGrain()) {
            ColumnRef ref = ColumnRef.parse(text);
            if (ref == null || !Identifiers.isSafe(ref.source()) || !Identifiers.isSafe(ref.column())) {
                throw new IllegalArgumentException("grain '" + text + "' must be written source.column");
            }
            refs.add(ref);
        }
        return refs.stream().map(r -> refs.stream().filter(o -> o.column().equalsIgnoreCase(r.column())).count() > 1
                ? r.source() + "_" + r.column() : r.column()).toList();
    }
}
