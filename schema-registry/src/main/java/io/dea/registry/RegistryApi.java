package io.dea.registry;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * The JSON bodies of the Confluent Schema Registry REST API, as records.
 *
 * <p>Kept apart from the log's records ({@link LogRecords}) so the wire API can follow Confluent's
 * spelling (snake_case here, camelCase there, AVRO left implicit) without that leaking into what
 * is stored in Kafka. Requests ignore unknown fields because newer clients send extras
 * (metadata, ruleSet) that this registry does not act on.
 */
public final class RegistryApi {

    private RegistryApi() {
    }

    /** Body of register, lookup and compatibility requests. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SchemaRequest(String schema, String schemaType, List<SchemaReference> references) {
    }

    /** A named type that a schema takes from another subject's version. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SchemaReference(String name, String subject, int version) {
    }

    /** Answer to a registration. */
    public record SchemaId(int id) {
    }

    /** One subject version, as returned by version fetches and lookups. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record SubjectSchema(String subject, int version, int id, String schemaType, String schema,
                                List<SchemaReference> references) {

        static SubjectSchema of(SubjectVersion version, StoredSchema schema) {
            return new SubjectSchema(version.subject(), version.version(), version.id(),
                    implicitAvro(schema.schemaType()), schema.schema(), schema.references());
        }
    }

    /** A schema fetched by id. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record SchemaById(String schemaType, String schema, List<SchemaReference> references) {

        static SchemaById of(StoredSchema schema) {
            return new SchemaById(implicitAvro(schema.schemaType()), schema.schema(), schema.references());
        }
    }

    /** Where a schema id is used. */
    public record SubjectVersionRef(String subject, int version) {
    }

    /** Answer to a compatibility test; messages only when the caller asked for verbose output. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CompatibilityCheck(@JsonProperty("is_compatible") boolean compatible, List<String> messages) {
    }

    /** Body of PUT /config and its answer. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ConfigUpdate(String compatibility) {
    }

    /** Answer to GET /config. */
    public record ConfigLevel(String compatibilityLevel) {
    }

    /** Every error body: Confluent's error code and a message. */
    public record ErrorBody(@JsonProperty("error_code") int errorCode, String message) {
    }

    /** Confluent omits schemaType for Avro, and some clients compare responses field by field. */
    private static String implicitAvro(String schemaType) {
        return StoredSchema.AVRO.equals(schemaType) ? null : schemaType;
    }
}
