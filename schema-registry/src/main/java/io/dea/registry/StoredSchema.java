package io.dea.registry;

import java.util.List;

/**
 * A schema as the registry stores it: its type, its text and the references it needs.
 *
 * <p>Two registrations are "the same schema" exactly when these three are equal, which is why
 * the text is canonicalized before it gets here: equality on text is cheap and deterministic,
 * at the price of treating semantically equal but differently written schemas with references as
 * different (those keep their original text; see {@link AvroSchemas}).
 */
public record StoredSchema(String schemaType, String schema, List<RegistryApi.SchemaReference> references) {

    public static final String AVRO = "AVRO";

    public StoredSchema {
        schemaType = schemaType == null || schemaType.isBlank() ? AVRO : schemaType;
        references = references == null ? List.of() : List.copyOf(references);
    }
}
