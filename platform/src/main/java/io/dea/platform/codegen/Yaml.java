package io.dea.platform.codegen;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * YAML from values: documents are built as maps and lists and written by Jackson YAML, which quotes
 * whatever a plain scalar cannot hold (anchors, tags, {@code yes}, newlines, leading spaces); never
 * string concatenation. {@link #dbt} also makes every string Jinja-inert, because dbt renders the
 * strings of its YAML files with Jinja; {@link #readDbt} undoes that for agents reading them back.
 */
public final class Yaml {

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
            .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
            .disable(YAMLWriteFeature.SPLIT_LINES)
            .build();

    private Yaml() {
    }

    /** A YAML document of plain data (maps, lists, strings, numbers, booleans). */
    public static String write(Object document) {
        return YAML.writeValueAsString(document);
    }

    /** One value as a YAML scalar, for a line of a hand-laid-out file. */
    public static String scalar(String value) {
        return write(value).strip();
    }

    /** A YAML file dbt reads: every string (keys too) Jinja-inert. */
    public static String dbt(Object document) {
        return write(map(document, Jinja::inert));
    }

    /** A YAML file written by {@link #dbt}, with its strings as they were given. */
    public static JsonNode readDbt(String yaml) {
        Object raw = YAML.readValue(yaml, Object.class);
        return YAML.valueToTree(map(raw, Jinja::restore));
    }

    private static Object map(Object value, java.util.function.UnaryOperator<String> f) {
        if (value instanceof String s) {
            return f.apply(s);
        }
        if (value instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(map(k, f), map(v, f)));
            return out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(v -> out.add(map(v, f)));
            return out;
        }
        return value;
    }
}
