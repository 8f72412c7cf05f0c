package io.dea.platform.llm;

import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/**
 * A JSON schema for a model's answer derived from an event record's Avro schema, so what a model is
 * asked to fill is the contract itself, field for field: strings, arrays, nested records, and
 * {@code null|X} unions as optional fields; each field's Avro doc becomes its description.
 */
public final class RecordSchemas {

    private RecordSchemas() {
    }

    /** The object schema of an Avro record. */
    public static JsonObjectSchema of(Schema record) {
        JsonObjectSchema.Builder object = JsonObjectSchema.builder();
        if (record.getDoc() != null) {
            object.description(record.getDoc());
        }
        List<String> required = new ArrayList<>();
        for (Schema.Field field : record.getFields()) {
            Schema type = field.schema();
            boolean optional = type.getType() == Schema.Type.UNION && type.getTypes().stream().anyMatch(t -> t.getType() == Schema.Type.NULL);
            object.addProperty(field.name(), element(optional ? nonNull(type) : type, field.doc()));
            if (!optional) {
                required.add(field.name());
            }
        }
        return object.required(required).additionalProperties(false).build();
    }

    private static JsonSchemaElement element(Schema type, String doc) {
        return switch (type.getType()) {
            case RECORD -> of(type);
            case ARRAY -> JsonArraySchema.builder().items(element(type.getElementType(), null)).description(doc).build();
            case STRING -> JsonStringSchema.builder().description(doc).build();
            default -> throw new IllegalArgumentException("no JSON schema for Avro type " + type.getType() + " in this contract");
        };
    }

    private static Schema nonNull(Schema union) {
        return union.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).findFirst().orElseThrow();
    }
}
