package io.dea.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;

/**
 * Every event schema must read what its last released version wrote (BACKWARD, the registry's
 * default), checked with Avro's own SchemaCompatibility against the copies kept in
 * src/test/resources/released. A release copies src/main/avro there.
 */
class SchemaCompatibilityTest {

    private static final Path CURRENT = Path.of("src/main/avro");
    private static final Path RELEASED = Path.of("src/test/resources/released");

    @Test
    void everySchemaReadsDataWrittenWithItsLastReleasedVersion() throws IOException {
        Map<String, Schema> current = parseAll(CURRENT);
        Map<String, Schema> released = parseAll(RELEASED);
        assertThat(released).as("released schemas").isNotEmpty();
        for (var old : released.entrySet()) {
            Schema now = current.get(old.getKey());
            assertThat(now).as("schema %s was released and must not disappear", old.getKey()).isNotNull();
            var result = SchemaCompatibility.checkReaderWriterCompatibility(now, old.getValue());
            assertThat(result.getType()).as("%s: %s", old.getKey(), result.getDescription())
                    .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        }
    }

    @Test
    void aNewRequiredFieldWithoutDefaultIsCaughtAsIncompatible() throws IOException {
        Schema released = parseAll(RELEASED).get("io.dea.events.v1.TaskResult");
        String changed = released.toString().replace("{\"name\":\"summary\"",
                "{\"name\":\"severity\",\"type\":\"string\"},{\"name\":\"summary\"");
        Schema broken = new Schema.Parser().parse(changed);
        var result = SchemaCompatibility.checkReaderWriterCompatibility(broken, released);
        assertThat(result.getType()).isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
    }

    /** Parses a directory of .avsc files, shared types (common/) first, keyed by full name. */
    static Map<String, Schema> parseAll(Path dir) throws IOException {
        Schema.Parser parser = new Schema.Parser();
        Map<String, Schema> schemas = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(p -> p.toString().endsWith(".avsc"))
                    .sorted((a, b) -> Boolean.compare(!a.toString().contains("common"), !b.toString().contains("common")))
                    .toList();
        }
        List<String> order = List.of("EventMeta", "Artifact", "GoalSpec");
        files = files.stream().sorted((a, b) -> Integer.compare(rank(order, a), rank(order, b))).toList();
        for (Path file : files) {
            Schema schema = parser.parse(file.toFile());
            schemas.put(schema.getFullName(), schema);
        }
        return schemas;
    }

    private static int rank(List<String> order, Path file) {
        String name = file.getFileName().toString().replace(".avsc", "");
        int i = order.indexOf(name);
        return i < 0 ? order.size() : i;
    }
}
