package io.dea.registry;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.Map;

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
 * @param users             HTTP basic users by name ({@code dea.registry.users.<name>.password}, {@code .role});
 *                          none configured: nobody may write
 * @param anonymousReads    whether reads need no credentials (Confluent's default); false: every request needs a user
 */
@ConfigurationProperties("dea.registry")
public record RegistryProperties(
        @DefaultValue("dea._schemas") String topic,
        Short replicationFactor,
        @DefaultValue("60s") Duration startupTimeout,
        @DefaultValue("30s") Duration writeTimeout,
        Map<String, User> users,
        @DefaultValue("true") boolean anonymousReads) {

    public RegistryProperties {
        users = users == null ? Map.of() : Map.copyOf(users);
    }

    /** What a registry user may do: read, or also register, delete and change config. */
    public enum Role { READ, WRITE }

    /** One registry user; the role defaults to read. */
    public record User(String password, @DefaultValue("read") Role role) {
        @Override
        public String toString() {
            return "User[" + role + "]";
        }
    }

    @Override
    public String toString() {
        return "RegistryProperties[topic=" + topic + ", users=" + users.keySet() + ", anonymousReads=" + anonymousReads + "]";
    }
}
