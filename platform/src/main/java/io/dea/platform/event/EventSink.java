package io.dea.platform.event;

/**
 * Where events go. In services it is Kafka ({@link KafkaEventSink}); handler tests collect events
 * in a list, which lets agent logic be tested on its own, without a broker.
 */
@FunctionalInterface
public interface EventSink {

    /** Sends without waiting; failures are logged by the sink. */
    void send(String topic, String key, Object event);
}
