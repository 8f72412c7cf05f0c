package io.dea.platform.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The data project's documents as catalog entries: the README, {@code docs/**}{@code /*.md} (runbooks,
 * SLAs, policies), {@code naming.yml}, and the model and column descriptions of the dbt yml files
 * under {@code models/}. Markdown is cut at its headings into sections of at most
 * {@value #SECTION_CHARS} characters (the model reads about 256 tokens of each); a section is one row
 * and search returns the document by its best section.
 */
final class DocumentIndex {

    static final int SECTION_CHARS = 1000;
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private DocumentIndex() {
    }

    /** Whether a path of the data project is a document the catalog holds. */
    static boolean indexed(String path) {
        return path.equals("README.md") || path.equals("naming.yml")
                || path.startsWith("docs/") && path.endsWith(".md")
                || path.startsWith("models/") && (path.endsWith(".yml") || path.endsWith(".yaml"));
    }

    /** The sections of every indexed document among the files (path → content). */
    static List<CatalogEntry> sections(Map<String, String> files) {
        List<CatalogEntry> entries = new ArrayList<>();
        files.forEach((path, content) -> {
            if (indexed(path)) {
                List<String> parts = path.startsWith("models/") ? split(descriptions(content)) : split(content);
                for (int i = 0; i < parts.size(); i++) {
                    entries.add(CatalogEntry.document(path, i, parts.get(i)));
                }
            }
        });
        return entries;
    }

    /** Markdown (or any text) cut before each heading, and any section longer than the limit cut again. */
    static List<String> split(String text) {
        List<String> sections = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            boolean heading = line.startsWith("#");
            if ((heading && !current.toString().isBlank()) || current.length() + line.length() > SECTION_CHARS) {
                flush(sections, current);
            }
            current.append(line, 0, Math.min(line.length(), SECTION_CHARS)).append('\n');
        }
        flush(sections, current);
        return sections;
    }

    private static void flush(List<String> sections, StringBuilder current) {
        if (!current.toString().isBlank()) {
            sections.add(current.toString().strip());
        }
        current.setLength(0);
    }

    /**
     * The descriptions of a dbt yml file, one line each: {@code model daily_revenue: Revenue per day},
     * {@code column revenue: ...}; sources and their tables too. A file that is not YAML gives nothing.
     */
    static String descriptions(String yml) {
        List<String> lines = new ArrayList<>();
        try {
            JsonNode root = YAML.readTree(yml);
            for (String group : List.of("models", "sources")) {
                for (JsonNode node : root.path(group)) {
                    describe(lines, group.substring(0, group.length() - 1), node);
                    node.path("tables").forEach(table -> describe(lines, "table", table));
                }
            }
        } catch (RuntimeException e) {
            return "";
        }
        return String.join("\n", lines);
    }

    private static void describe(List<String> lines, String what, JsonNode node) {
        String name = node.path("name").asString("");
        String description = node.path("description").asString("");
        if (!description.isBlank()) {
            lines.add(what + " " + name + ": " + description.strip());
        }
        node.path("columns").forEach(column -> {
            String text = column.path("description").asString("");
            if (!text.isBlank()) {
                lines.add("column " + name + "." + column.path("name").asString("") + ": " + text.strip());
            }
        });
    }
}
