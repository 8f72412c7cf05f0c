package io.dea.platform.avro;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads the Confluent wire format. The writer's schema comes from the registry by id; when a
 * generated class exists for that record name, the record is read into it (schema resolution turns
 * an older or newer writer into the reader's shape), otherwise into a GenericRecord.
 * Anything that is not well-formed raises a SerializationException, which the caller's
 * error-handling deserializer turns into a dead letter instead of a stuck partition.
 */
public class ConfluentAvroDeserializer implements Deserializer<Object> {

    private SchemaRegistryClient registry;
    private final Map<Integer, DatumReader<Object>> readers = new ConcurrentHashMap<>();

    public ConfluentAvroDeserializer() {
    }

    public ConfluentAvroDeserializer(SchemaRegistryClient registry) {
        this.registry = registry;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        Object url = configs.get(ConfluentAvroSerializer.REGISTRY_URL);
        if (url == null) {
            throw new IllegalArgumentException(ConfluentAvroSerializer.REGISTRY_URL + " is not set for the Avro deserializer");
        }
        registry = SchemaRegistryClient.shared(url.toString(), SchemaRegistryClient.userInfo(configs));
    }

    @Override
    public Object deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length < 5 || data[0] != 0) {
            throw new SerializationException("record on " + topic + " is not in the Confluent Avro wire format (no magic byte 0)");
        }
        int id = ByteBuffer.wrap(data, 1, 4).getInt();
        try {
            DatumReader<Object> reader = readers.computeIfAbsent(id, this::readerFor);
            return reader.read(null, DecoderFactory.get().binaryDecoder(data, 5, data.length - 5, null));
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot read schema id " + id + " record on " + topic + ": " + e.getMessage(), e);
        }
    }

    private DatumReader<Object> readerFor(int id) {
        return EventClasses.reader(registry.byId(id));
    }
}
