package io.dea.platform.event;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/** Sends events with the service's KafkaTemplate, logging any send that fails. */
public final class KafkaEventSink implements EventSink {

    private static final Logger log = LoggerFactory.getLogger(KafkaEventSink.class);

    private final KafkaTemplate<String, Object> kafka;

    public KafkaEventSink(KafkaTemplate<String, Object> kafka) {
        this.kafka = kafka;
    }

    @Override
    public void send(String topic, String key, Object event) {
        kafka.send(topic, key, event).whenComplete((ok, error) -> {
            if (error != null) {
                log.error("could not publish {} to {}: {}", event.getClass().getSimpleName(), topic, error.getMessage());
            }
        });
    }
}
