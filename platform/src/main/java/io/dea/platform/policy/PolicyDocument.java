package io.dea.platform.policy;

import tools.jackson.databind.JsonNode;

/**
 * A Markdown document under the data project's {@code docs/} whose YAML front matter says which
 * policy it carries ({@code dea: governance}); the prose below it is for people.
 *
 * @param path    e.g. {@code docs/pii-policy.md}
 * @param version the document's Git blob id, abbreviated (what {@code git hash-object} prints), so a
 *                citation names the exact text that was applied
 * @param kind    what it governs
 * @param body    the front matter
 */
public record PolicyDocument(String path, String version, PolicyKind kind, JsonNode body) {

    /** {@code docs/pii-policy.md@1a2b3c4}: how steps cite it in their outputs and reviews. */
    public String citation() {
        return path + "@" + version;
    }
}
