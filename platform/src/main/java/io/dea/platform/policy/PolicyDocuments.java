package io.dea.platform.policy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectInserter;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Finds the policy documents among the data project's files: Markdown under {@code docs/} that
 * opens with YAML front matter naming a policy ({@code dea: governance} or {@code dea: sla}). A
 * policy applies because its document says so, never because its prose resembles a goal: which
 * rule applied must be certain and citable. Front matter without a {@code dea:} key (a docs site's
 * own) is not a policy. A policy whose front matter does not parse fails closed: the step that would
 * apply it stops and names the file.
 */
public final class PolicyDocuments {

    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final String FENCE = "---";

    private PolicyDocuments() {
    }

    /** The documents of one kind, in path order. */
    public static List<PolicyDocument> of(Map<String, String> files, PolicyKind kind) {
        List<PolicyDocument> found = new ArrayList<>();
        new TreeMap<>(files).forEach((path, content) -> {
            if (path.startsWith("docs/") && path.endsWith(".md") && content != null) {
                JsonNode front = frontMatter(path, content);
                if (front != null && kind.id().equals(front.path("dea").asString(""))) {
                    found.add(new PolicyDocument(path, version(content), kind, front));
                }
            }
        });
        return found;
    }

    /** The YAML between a leading {@code ---} line and the next one, or null when the file has none. */
    static JsonNode frontMatter(String path, String content) {
        String text = content.startsWith("\uFEFF") ? content.substring(1) : content;
        List<String> lines = text.lines().toList();
        if (lines.isEmpty() || !lines.get(0).strip().equals(FENCE)) {
            return null;
        }
        int end = 1;
        while (end < lines.size() && !lines.get(end).strip().equals(FENCE)) {
            end++;
        }
        List<String> yaml = lines.subList(1, end);
        boolean policy = yaml.stream().anyMatch(line -> line.startsWith("dea:"));
        if (end == lines.size()) {
            if (policy) {
                throw new PolicyException(path + ": the front matter opened by '---' on line 1 is never closed by another '---' line");
            }
            return null;
        }
        try {
            JsonNode node = YAML.readTree(String.join("\n", yaml));
            return node == null || !node.isObject() ? null : node;
        } catch (JacksonException e) {
            if (!policy) {
                return null; // a docs site's own front matter: not ours to judge
            }
            // The parser's own words, without the document's text.
            throw new PolicyException(path + ": the front matter is not YAML (" + e.getOriginalMessage() + ")");
        }
    }

    /** {@code naming.yml@1a2b3c4}: how a step cites any file of the data project it followed. */
    public static String cite(String path, String content) {
        return path + "@" + version(content);
    }

    /** The Git blob id of the content, abbreviated to 7 characters as Git shows it. */
    static String version(String content) {
        try (ObjectInserter.Formatter formatter = new ObjectInserter.Formatter()) {
            return formatter.idFor(Constants.OBJ_BLOB, content.getBytes(StandardCharsets.UTF_8)).abbreviate(7).name();
        }
    }

    /** A policy document that cannot be read: fail closed and say which file to fix. */
    public static final class PolicyException extends IllegalArgumentException {
        public PolicyException(String message) {
            super(message);
        }
    }
}
