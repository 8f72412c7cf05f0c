package io.dea.platform.codegen;

import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The gate every file passes before it is committed to the data project: a file dbt reads (its
 * models, tests, macros, docs and project files) may hold only the Jinja the generators emit
 * ({@link JinjaCheck}). YAML is checked the way dbt renders it: each string of the parsed document.
 * A Python file where dbt looks for models would run as a Python model, so none is taken.
 */
public final class DbtFiles {

    private static final List<String> DBT_DIRS = List.of("models/", "tests/", "macros/", "snapshots/", "analyses/", "seeds/");
    private static final List<String> DBT_ROOT_FILES = List.of("dbt_project.yml", "profiles.yml", "packages.yml",
            "dependencies.yml", "selectors.yml");
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private DbtFiles() {
    }

    /** True for a path dbt parses. */
    public static boolean isDbtFile(String path) {
        return DBT_ROOT_FILES.contains(path) || DBT_DIRS.stream().anyMatch(path::startsWith);
    }

    /** Throws {@link JinjaCheck.RefusedJinja} when a dbt file holds Jinja the generators never emit. */
    public static void check(String path, String content) {
        if (content == null || !isDbtFile(path)) {
            return;
        }
        JinjaCheck check = JinjaCheck.generated();
        if (path.endsWith(".py")) {
            throw new JinjaCheck.RefusedJinja(path, 1, "a Python model");
        }
        if (path.endsWith(".yml") || path.endsWith(".yaml")) {
            Object document;
            try {
                document = YAML.readValue(content, Object.class);
            } catch (JacksonException e) {
                throw new JinjaCheck.RefusedJinja(path, 1, "YAML that does not parse");
            }
            strings(path, document, check);
            return;
        }
        check.check(path, content);
    }

    private static void strings(String path, Object value, JinjaCheck check) {
        if (value instanceof String s) {
            check.check(path, s);
        } else if (value instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                strings(path, k, check);
                strings(path, v, check);
            });
        } else if (value instanceof List<?> l) {
            l.forEach(v -> strings(path, v, check));
        }
    }
}
