package io.dea.platform.avro;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro records in the Confluent wire format: magic byte 0, the 4-byte schema id, Avro
 * binary. Subjects follow TopicNameStrategy ({@code <topic>-value}). With {@code auto.register.schemas}
 * false (production) it only looks the schema up, so schemas must be registered at deploy time.
 * A {@code byte[]} passes through untouched, so a dead-letter publisher can forward undecodable bytes.
 */
public class ConfluentAvroSerializer implements Serializer<Object> {

    static {
        EventClasses.trust();
    }

    public static final String REGISTRY_URL = "schema.registry.url";
    public static final String AUTO_REGISTER = "auto.register.schemas";

    private SchemaRegistryClient registry;
    private boolean autoRegister = true;
    private boolean isKey;

    public ConfluentAvroSerializer() {
    }

    public ConfluentAvroSerializer(SchemaRegistryClient registry, boolean autoRegister) {
        this.registry = registry;
        this.autoRegister = autoRegister;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.isKey = isKey;
        Object url = configs.get(REGISTRY_URL);
        if (url == null) {
            throw new IllegalArgumentException(REGISTRY_URL + " is not set for the Avro serializer");
        }
        registry = SchemaRegistryClient.shared(url.toString(), SchemaRegistryClient.userInfo(configs));
        Object auto = configs.get(AUTO_REGISTER);
        autoRegister = auto == null || Boolean.parseBoolean(auto.toString());
    }

    @Override
    public byte[] serialize(String topic, Object data) {
        if (data == null) {
            return null;
        }
        if (data instanceof byte[] raw) {
            return raw;
        }
        if (!(data instanceof GenericContainer record)) {
            throw new SerializationException("not an Avro record: " + data.getClass().getName());
        }
        Schema schema = record.getSchema();
        String subject = topic + (isKey ? "-key" : "-value");
        int id = autoRegister ? registry.register(subject, schema) : registry.lookup(subject, schema);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(256);
            out.write(0);
            out.write(ByteBuffer.allocate(4).putInt(id).array());
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            writer(record, schema).write(record, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot write " + schema.getFullName() + " to " + topic + ": " + e.getMessage(), e);
        }
    }

    private static GenericDatumWriter<Object> writer(GenericContainer record, Schema schema) {
        return record instanceof SpecificRecord
                ? new SpecificDatumWriter<>(schema, SpecificData.getForSchema(schema))
                : new GenericDatumWriter<>(schema);
    }
}
