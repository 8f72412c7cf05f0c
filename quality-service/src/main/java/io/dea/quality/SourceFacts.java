package io.dea.quality;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * What the modeling agent found about each landing table, read back from the sources file it
 * committed ({@code models/<mart>/sources.yml}): keys, references, categories, types, and the name
 * of each column in the staging view. The quality agent generates its tests from these facts.
 */
record SourceFacts(List<Table> tables) {

    /** A column: name in landing, name in staging, type, accepted values, and the parent it references. */
    record Column(String name, String staged, String type, List<String> acceptedValues, String references) {
        boolean isTimestamp() {
            return type.toUpperCase(Locale.ROOT).startsWith("TIMESTAMP");
        }
    }

    /** A table with its primary key (null when none) and staging model (null when none). */
    record Table(String name, String primaryKey, String stagingModel, List<Column> columns) {
        Column column(String name) {
            return columns.stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst().orElse(null);
        }
    }

    static SourceFacts parse(String sourcesYml) {
        List<Table> tables = new ArrayList<>();
        if (sourcesYml == null) {
            return new SourceFacts(tables);
        }
        for (JsonNode t : io.dea.platform.codegen.Yaml.readDbt(sourcesYml).path("sources").path(0).path("tables")) {
            List<Column> columns = new ArrayList<>();
            for (JsonNode c : t.path("columns")) {
                JsonNode meta = c.path("meta");
                List<String> values = new ArrayList<>();
                meta.path("accepted_values").forEach(v -> values.add(v.asString()));
                String name = c.path("name").asString();
                columns.add(new Column(name, meta.path("staged_as").asString(name), c.path("data_type").asString(""), values,
                        meta.path("references").asString(null)));
            }
            tables.add(new Table(t.path("name").asString(), t.path("meta").path("primary_key").asString(null),
                    t.path("meta").path("staging_model").asString(null), columns));
        }
        return new SourceFacts(tables);
    }

    Table table(String name) {
        return tables.stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
    }
}
