package io.dea.registry;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;

/**
 * What the registry writes to its topic: JSON keys and values shaped like Confluent's own
 * {@code _schemas} records.
 *
 * <p>The key decides what compaction keeps, so it names exactly one thing (a subject version or a
 * config) and is written with a fixed field order: byte-equal keys for the same thing are what make
 * compaction keep only the last write. Its own mapper, not the web one, so a change to HTTP JSON
 * settings can never change what is stored.
 */
public final class LogRecords {

    static final String SCHEMA = "SCHEMA";
    static final String CONFIG = "CONFIG";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private LogRecords() {
    }

    /** A record key; {@code subject} is null for the registry-wide config. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Key(String keytype, String subject, Integer version, int magic) {

        static Key schema(String subject, int version) {
            return new Key(SCHEMA, subject, version, 1);
        }

        static Key config(String subjectOrNull) {
            return new Key(CONFIG, subjectOrNull, null, 0);
        }
    }

    /** One subject version; rewritten with {@code deleted=true} for a soft delete. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SchemaValue(String subject, int version, int id, String schemaType, String schema,
                              List<RegistryApi.SchemaReference> references, boolean deleted) {

        StoredSchema stored() {
            return new StoredSchema(schemaType, schema, references);
        }

        SubjectVersion subjectVersion() {
            return new SubjectVersion(subject, version, id, deleted);
        }

        static SchemaValue of(SubjectVersion version, StoredSchema schema) {
            return new SchemaValue(version.subject(), version.version(), version.id(), schema.schemaType(),
                    schema.schema(), schema.references(), version.deleted());
        }
    }

    /** A compatibility level, for one subject or for the registry. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ConfigValue(String compatibilityLevel) {
    }

    static String write(Object record) {
        return record == null ? null : JSON.writeValueAsString(record);
    }

    static Key readKey(String json) {
        return JSON.readValue(json, Key.class);
    }

    static SchemaValue readSchema(String json) {
        return JSON.readValue(json, SchemaValue.class);
    }

    static ConfigValue readConfig(String json) {
        return JSON.readValue(json, ConfigValue.class);
    }
}
