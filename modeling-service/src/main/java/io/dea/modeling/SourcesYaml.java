package io.dea.modeling;

import io.dea.platform.goal.Relationship;
import io.dea.platform.artifact.DataProject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.dea.platform.codegen.Yaml;

/**
 * Writes {@code models/<mart>/sources.yml}: one dbt source per mart over the landing schema, each
 * table with its columns, types and profile, and the inferred key and references in {@code meta} so
 * later agents (and people) read them from the project rather than from an event.
 */
final class SourcesYaml {

    private SourcesYaml() {
    }

    static String path(String mart) {
        return DataProject.modelDir(mart) + "/sources.yml";
    }

    static String render(String mart, List<TableProfile> tables, Map<String, String> keys, List<Relationship> relationships, Names names) {
        List<Object> tableDocs = new ArrayList<>();
        for (TableProfile table : tables) {
            tableDocs.add(table(table, keys.get(table.source()), relationships, names));
        }
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("name", DataProject.sourceName(mart));
        source.put("description", "Landing tables of mart " + mart + ", staged by the ingestion agent and profiled by the modeling agent.");
        source.put("schema", DataProject.LANDING_SCHEMA);
        source.put("tables", tableDocs);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("version", 2);
        doc.put("sources", List.of(source));
        return "# Written by the modeling agent from profiles of the landing tables.\n" + Yaml.dbt(doc); // every string Jinja-inert: dbt renders its YAML
    }

    private static Map<String, Object> table(TableProfile table, String key, List<Relationship> relationships, Names names) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("row_count", table.rows());
        if (key != null) {
            meta.put("primary_key", key);
        }
        meta.put("staging_model", names.stagingModels().get(table.source()));
        meta.put("proposed_model", names.entityModels().get(table.source()));
        List<Object> columns = new ArrayList<>();
        for (ColumnProfile column : table.columns()) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("name", column.name());
            c.put("data_type", column.type());
            c.put("description", column.describe());
            c.put("meta", columnMeta(table, column, relationships, names));
            columns.add(c);
        }
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("name", table.source());
        t.put("description", table.rows() + " rows when profiled; primary key " + (key == null ? "unknown" : key));
        t.put("meta", meta);
        t.put("columns", columns);
        return t;
    }

    /** What the quality agent generates tests from: names in staging, nulls, range, categories, references. */
    private static Map<String, Object> columnMeta(TableProfile table, ColumnProfile column, List<Relationship> relationships, Names names) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("staged_as", names.column(table.source(), column.name()));
        m.put("nulls", column.nulls());
        m.put("distinct", column.distinct());
        if (column.min() != null) {
            m.put("min", column.min());
            m.put("max", column.max());
        }
        if (!column.values().isEmpty()) {
            m.put("accepted_values", column.values());
        }
        relationships.stream()
                .filter(r -> r.child().equals(table.source()) && r.fk().equalsIgnoreCase(column.name()))
                .findFirst()
                .ifPresent(r -> m.put("references", r.parent() + "." + r.pk()));
        return m;
    }
}
