package io.dea.modeling.intake;

import io.dea.events.v1.SourceSpec;
import io.dea.platform.artifact.DataProject;
import io.dea.platform.goal.Identifiers;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The source spec of a landed table, read back from the connector config the ingestion agent
 * committed on main ({@code connectors/<source>.yml}): how it was loaded is how the proposed goal
 * loads it again.
 */
final class Connectors {

    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private Connectors() {
    }

    /** The spec of {@code source} from the data project's files; empty when there is no usable connector for it. */
    static Optional<SourceSpec> spec(Map<String, String> files, String source) {
        String yaml = files.get(DataProject.connector(source));
        if (yaml == null) {
            return Optional.empty();
        }
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JacksonException e) {
            return Optional.empty();
        }
        if (root == null || !root.isObject() || !source.equals(text(root, "source")) || text(root, "format") == null) {
            return Optional.empty();
        }
        return Optional.of(SourceSpec.newBuilder().setName(source).setFormat(text(root, "format"))
                .setLocation(Optional.ofNullable(text(root, "location")).orElse(""))
                .setTable(text(root, "table")).setQuery(text(root, "query")).setConnection(text(root, "connection"))
                .setIncrementalKey(safe(text(root, "incremental_key"))).build());
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || !value.isValueNode() ? null : value.asString();
    }

    private static String safe(String name) {
        return name != null && Identifiers.isSafe(name) ? name : null;
    }
}
