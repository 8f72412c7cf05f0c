package io.dea.platform.lineage;

import io.dea.platform.kafka.Topics;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Publishes lineage events as plain JSON strings on {@link Topics#LINEAGE}. It has its own small
 * producer because the services' template writes Avro values through the schema registry, and an
 * OpenLineage event is JSON that lineage tools (Marquez, DataHub, ...) read as it is. The producer
 * takes the same {@code spring.kafka.*} settings (servers, security, acks) with String serializers.
 */
public final class KafkaLineageSink implements LineageSink, AutoCloseable {

    private final DefaultKafkaProducerFactory<String, String> factory;
    private final KafkaTemplate<String, String> kafka;

    public KafkaLineageSink(Map<String, Object> producerProperties) {
        Map<String, Object> properties = new HashMap<>(producerProperties);
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        // Lineage is best effort beside the task: never the task's transaction.
        properties.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        Object clientId = properties.get(ProducerConfig.CLIENT_ID_CONFIG);
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, clientId == null ? "dea-lineage" : clientId + "-lineage");
        this.factory = new DefaultKafkaProducerFactory<>(properties, new StringSerializer(), new StringSerializer());
        this.kafka = new KafkaTemplate<>(factory);
    }

    @Override
    public CompletableFuture<?> send(String planId, String json) {
        return kafka.send(Topics.LINEAGE, planId, json);
    }

    @Override
    public void close() {
        factory.destroy();
    }
}
