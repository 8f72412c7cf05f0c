package io.dea.modeling;

import io.dea.platform.goal.Identifiers;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The team's naming standard, kept in the data project as {@code naming.yml} so people change it by
 * a commit and every later goal follows. The modeling agent proposes the names of staging models,
 * entity models and columns from it; it writes the defaults when the file is missing, and a key the
 * file leaves out keeps its default.
 *
 * @param columnCase      {@code snake_case}, or {@code as_is} to keep the source's spelling
 * @param stagingPrefix   prefix of a staging model ({@code stg_})
 * @param dimensionPrefix prefix of an entity others refer to ({@code dim_})
 * @param factPrefix      prefix of an entity that refers to others ({@code fct_})
 * @param dateSuffix      suffix a DATE column's name ends with ({@code _date})
 * @param timestampSuffix suffix a TIMESTAMP column's name ends with ({@code _at})
 */
record NamingStandard(String columnCase, String stagingPrefix, String dimensionPrefix, String factPrefix,
                      String dateSuffix, String timestampSuffix) {

    static final String PATH = "naming.yml";

    static final String DEFAULT_FILE = """
            # The data project's naming standard. The modeling agent reads it for every goal to propose
            # the names of staging models, entity models and columns; edit it and commit, and the next
            # goal follows. A key left out keeps its default.
            columns:
              case: snake_case        # snake_case | as_is
              suffixes:
                date: _date           # a DATE column's name ends with this
                timestamp: _at        # a TIMESTAMP column's name ends with this
            models:
              prefixes:
                staging: stg_         # stg_<mart>__<source>: one view per source that renames and casts
                dimension: dim_       # an entity other sources refer to
                fact: fct_            # an entity that refers to others
            """;

    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    static NamingStandard defaults() {
        return parse(DEFAULT_FILE);
    }

    static NamingStandard parse(String yaml) {
        JsonNode root = YAML.readTree(yaml);
        JsonNode columns = root.path("columns");
        JsonNode prefixes = root.path("models").path("prefixes");
        String columnCase = text(columns.path("case"), "snake_case");
        if (!columnCase.equals("snake_case") && !columnCase.equals("as_is")) {
            throw new IllegalArgumentException(PATH + ": columns.case is '" + columnCase + "', not snake_case or as_is");
        }
        return new NamingStandard(columnCase,
                part(text(prefixes.path("staging"), "stg_"), "models.prefixes.staging"),
                part(text(prefixes.path("dimension"), "dim_"), "models.prefixes.dimension"),
                part(text(prefixes.path("fact"), "fct_"), "models.prefixes.fact"),
                part(text(columns.path("suffixes").path("date"), "_date"), "columns.suffixes.date"),
                part(text(columns.path("suffixes").path("timestamp"), "_at"), "columns.suffixes.timestamp"));
    }

    /** The staging model of a source; per mart, because dbt model names are global to the project. */
    String stagingModel(String mart, String source) {
        return stagingPrefix + mart + "__" + source;
    }

    /** The entity model a source would become: a dimension when only referred to, else a fact. */
    String entityModel(String source, boolean refersToOthers) {
        return (refersToOthers ? factPrefix : dimensionPrefix) + source;
    }

    /** A column's name under the standard. */
    String column(String name, String type) {
        String n = columnCase.equals("as_is") ? name : snake(name);
        if (n.isEmpty() || Character.isDigit(n.charAt(0))) {
            n = "c_" + n;
        }
        String t = type.toUpperCase(Locale.ROOT);
        if (t.equals("DATE") && !n.endsWith(dateSuffix) && !n.equalsIgnoreCase("date")) {
            n += dateSuffix;
        } else if (t.startsWith("TIMESTAMP") && !n.endsWith(timestampSuffix)) {
            n += timestampSuffix;
        }
        return n;
    }

    static String snake(String name) {
        return name.trim()
                .replaceAll("([a-z0-9])([A-Z])", "$1_$2")
                .replaceAll("[^A-Za-z0-9]+", "_")
                .replaceAll("^_+|_+$", "")
                .toLowerCase(Locale.ROOT);
    }

    private static String text(JsonNode node, String fallback) {
        return node.isMissingNode() || node.isNull() ? fallback : node.asString().trim();
    }

    /** A prefix or suffix goes into SQL names, so it may hold only letters, digits and underscores. */
    private static String part(String value, String key) {
        if (!value.isEmpty() && !Identifiers.isSafe("x" + value)) {
            throw new IllegalArgumentException(PATH + ": " + key + " '" + value + "' may hold only letters, digits and _");
        }
        return value;
    }
}
