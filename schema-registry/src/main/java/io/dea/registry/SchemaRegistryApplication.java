package io.dea.registry;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

import java.util.HashMap;
import java.util.Map;

/**
 * A small Confluent-compatible Schema Registry: the REST API that Avro serializers and Confluent's
 * clients use, with its state in a compacted Kafka topic.
 *
 * <p>Runs alone ({@link #main}) or inside another JVM ({@link #start}), because Confluent's own
 * registry is not on Maven Central and the local stack should not need a separate download. It
 * implements the part of the API that serializers, deserializers and CI checks call, not the whole
 * product (no JSON Schema or Protobuf, no permanent deletes, no mode changes, contexts or rule sets).
 * Component scanning covers only {@code io.dea.registry}, so embedding it never pulls in the host's
 * beans.
 */
@SpringBootApplication(scanBasePackages = "io.dea.registry", excludeName = "io.dea.platform.config.PlatformAutoConfiguration")
@EnableConfigurationProperties(RegistryProperties.class)
public class SchemaRegistryApplication {

    /** Confluent's port, so clients' defaults work. */
    static final int DEFAULT_PORT = 8081;

    /**
     * Lowest-precedence defaults. Kafka 4's admin client logs a line per rebootstrap attempt, in a
     * tight loop while the broker is unreachable; at INFO that buries the one error that matters.
     */
    private static final Map<String, Object> DEFAULTS = Map.of(
            "server.port", DEFAULT_PORT,
            "spring.application.name", "schema-registry",
            "logging.level.org.apache.kafka.clients.admin.internals.AdminMetadataManager", "WARN");

    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(SchemaRegistryApplication.class);
        app.setDefaultProperties(DEFAULTS);
        app.run(args);
    }

    /**
     * Starts a registry in this JVM and returns once it has read its topic and serves requests.
     *
     * <p>It reads no {@code application.properties} of the host (it looks for
     * {@code schema-registry.properties} instead), so the host's Kafka serializers or server port
     * cannot leak in; what it needs comes from the arguments, which win over everything else.
     *
     * @param bootstrapServers the Kafka cluster holding the schema topic
     * @param port             the HTTP port; 0 picks a free one, then read {@code local.server.port}
     * @param extraProperties  any other properties, e.g. {@code dea.registry.topic}
     * @return the running context; close it to stop the registry
     */
    public static ConfigurableApplicationContext start(String bootstrapServers, int port,
                                                       Map<String, Object> extraProperties) {
        Map<String, Object> explicit = new HashMap<>(extraProperties == null ? Map.of() : extraProperties);
        explicit.put("spring.kafka.bootstrap-servers", bootstrapServers);
        explicit.put("server.port", port);
        return new SpringApplicationBuilder(SchemaRegistryApplication.class)
                .properties(DEFAULTS)
                .properties(Map.of("spring.config.name", "schema-registry", "spring.main.banner-mode", "off"))
                // First in line, so neither the host's system properties nor its environment override them.
                .initializers(context -> context.getEnvironment().getPropertySources()
                        .addFirst(new MapPropertySource("schemaRegistryStart", explicit)))
                .run();
    }
}
