package io.dea.registry;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code dea.registry.*}: where the schemas live and how long to wait for Kafka.
 *
 * <p>Timeouts are bounded rather than infinite so a registry whose broker is gone fails its
 * startup or answers 50002, instead of hanging serializers.
 *
 * @param topic             the compacted topic holding every schema and config
 * @param replicationFactor replicas when the topic is created; null takes the broker's default
 * @param startupTimeout    how long startup may take to read the topic to its end
 * @param writeTimeout      how long a write may take to be acknowledged and read back
 */
@ConfigurationProperties("dea.registry")
public record RegistryProperties(
        @DefaultValue("dea._schemas") String topic,
        Short replicationFactor,
        @DefaultValue("60s") Duration startupTimeout,
        @DefaultValue("30s") Duration writeTimeout) {
}
