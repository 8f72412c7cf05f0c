package io.dea.registry;

import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Avro's side of the registry: parsing (with references), canonical text, and compatibility.
 *
 * <p>Everything is delegated to Avro itself ({@link Schema.Parser},
 * {@link SchemaCompatibility#checkReaderWriterCompatibility}) rather than reimplemented, so this
 * registry accepts and rejects exactly what Avro readers will. Schemas without references are
 * stored as {@code Schema.toString()}, so formatting and field-order-free JSON differences do not
 * create new ids; schemas with references keep their text, because {@code toString()} would inline
 * the referenced types and break clients that resolve the references themselves.
 */
final class AvroSchemas {

    private AvroSchemas() {
    }

    /** Validates a request and returns the form it is stored and compared in (42201 if invalid). */
    static StoredSchema canonicalize(RegistryApi.SchemaRequest request,
                                     Function<RegistryApi.SchemaReference, StoredSchema> references) {
        if (request == null || request.schema() == null || request.schema().isBlank()) {
            throw RegistryErrors.invalidSchema("the request has no schema");
        }
        StoredSchema given = new StoredSchema(request.schemaType(), request.schema(), request.references());
        if (!StoredSchema.AVRO.equals(given.schemaType())) {
            throw RegistryErrors.invalidSchema("only AVRO schemas are supported, not " + given.schemaType());
        }
        Schema parsed = parse(given, references);
        return given.references().isEmpty() ? new StoredSchema(StoredSchema.AVRO, parsed.toString(), List.of()) : given;
    }

    /** Parses a schema after loading the named types its references point at (42201 if it cannot). */
    static Schema parse(StoredSchema schema, Function<RegistryApi.SchemaReference, StoredSchema> references) {
        Schema.Parser parser = new Schema.Parser();
        try {
            loadReferences(parser, schema.references(), references, new HashSet<>());
            return parser.parse(schema.schema());
        } catch (AvroRuntimeException | IllegalArgumentException | NullPointerException e) {
            // Avro reports bad JSON, unknown types and invalid defaults through these.
            throw RegistryErrors.invalidSchema(e.getMessage());
        }
    }

    /**
     * Why {@code candidate} may not follow {@code previous} (oldest first) under {@code level};
     * empty when it may.
     */
    static List<String> incompatibilities(CompatibilityLevel level, Schema candidate, List<Schema> previous) {
        if (level == CompatibilityLevel.NONE || previous.isEmpty()) {
            return List.of();
        }
        List<Schema> against = level.transitive() ? previous : List.of(previous.get(previous.size() - 1));
        List<String> reasons = new ArrayList<>();
        for (Schema old : against) {
            if (level.newReadsOld()) {
                reasons.addAll(check(candidate, old, "the new schema cannot read data written with an earlier one"));
            }
            if (level.oldReadsNew()) {
                reasons.addAll(check(old, candidate, "an earlier schema cannot read data written with the new one"));
            }
        }
        return reasons;
    }

    private static List<String> check(Schema reader, Schema writer, String what) {
        SchemaCompatibility.SchemaPairCompatibility result =
                SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (result.getType() == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            return List.of();
        }
        return result.getResult().getIncompatibilities().stream()
                .map(i -> what + ": " + i.getType() + " at " + i.getLocation() + ": " + i.getMessage())
                .toList();
    }

    private static void loadReferences(Schema.Parser parser, List<RegistryApi.SchemaReference> refs,
                                       Function<RegistryApi.SchemaReference, StoredSchema> resolve,
                                       Set<String> loaded) {
        for (RegistryApi.SchemaReference ref : refs) {
            // A diamond of references must define each named type once.
            if (!loaded.add(ref.subject() + "/" + ref.version())) {
                continue;
            }
            StoredSchema referenced = resolve.apply(ref);
            if (referenced == null) {
                throw RegistryErrors.invalidSchema("reference " + ref.name() + " -> " + ref.subject()
                        + " version " + ref.version() + " not found");
            }
            loadReferences(parser, referenced.references(), resolve, loaded);
            parser.parse(referenced.schema());
        }
    }
}
