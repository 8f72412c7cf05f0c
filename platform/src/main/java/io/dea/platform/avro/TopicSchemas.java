package io.dea.platform.avro;

import io.dea.events.v1.PlanState;
import io.dea.platform.kafka.KafkaAccess;
import io.dea.platform.kafka.TopicRegistry;
import io.dea.platform.kafka.TopicSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * The value schema of every topic (TopicNameStrategy: subject {@code <topic>-value}), and the
 * deploy-time step that registers them, so producers need not auto-register and a foreign client can
 * fetch the request topic's schema before anyone has published.
 */
public final class TopicSchemas {

    private TopicSchemas() {
    }

    /** The Avro value schema of every topic of {@link TopicRegistry} (lineage is JSON and has none). */
    public static Map<String, Schema> all() {
        Map<String, Schema> schemas = new LinkedHashMap<>();
        for (TopicSpec topic : TopicRegistry.all()) {
            if (topic.avro()) {
                schemas.put(topic.name(), topic.valueSchema());
            }
        }
        return schemas;
    }

    /**
     * Topics that Kafka Streams makes for the orchestrator: its plan store's changelog holds
     * PlanState records, serialized like any topic's, so its subject must be registered too where
     * services may not register (the local stack, DEA_AUTO_REGISTER_SCHEMAS=false).
     */
    public static Map<String, Schema> internal() {
        return Map.of(KafkaAccess.ORCHESTRATOR_APP + "-plans-changelog", PlanState.getClassSchema());
    }

    /** Every topic's value schema, the orchestrator's internal topics included. */
    public static Map<String, Schema> everything() {
        Map<String, Schema> schemas = new LinkedHashMap<>(all());
        schemas.putAll(internal());
        return schemas;
    }

    /** Registers every topic's value schema; the registry refuses an incompatible change. */
    public static void registerAll(SchemaRegistryClient registry) {
        everything().forEach((topic, schema) -> registry.register(topic + "-value", schema));
    }
}
