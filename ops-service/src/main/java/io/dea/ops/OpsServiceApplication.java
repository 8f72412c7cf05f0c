package io.dea.ops;

import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * The ops agent: writes the Airflow DAG that schedules a mart's pipeline (load each source, build,
 * test) on the goal's cron with its freshness SLA. The platform wires Kafka, the ledger, audit and
 * dead-lettering around its one {@link OpsHandler}.
 *
 * <p>Its configuration file is {@code ops-service.yml}, not {@code application.yml}, because
 * the local stack runs several services in one JVM ({@link #start}) and their files must not mix.
 */
@SpringBootApplication(scanBasePackages = "io.dea.ops")
public class OpsServiceApplication {

    static final String NAME = "ops-service";

    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(OpsServiceApplication.class);
        app.setDefaultProperties(Map.of("spring.config.name", NAME));
        app.run(args);
    }

    /**
     * Starts the service inside the caller's JVM (the local stack). The given properties win over
     * everything else, so the host's own settings cannot leak in.
     *
     * @param properties e.g. {@code spring.kafka.bootstrap-servers}, {@code server.port}, {@code dea.home}
     * @return the running context; close it to stop the service
     */
    public static ConfigurableApplicationContext start(Map<String, Object> properties) {
        Map<String, Object> explicit = new HashMap<>(properties == null ? Map.of() : properties);
        return new SpringApplicationBuilder(OpsServiceApplication.class)
                .properties(Map.of("spring.config.name", NAME, "spring.main.banner-mode", "off"))
                .initializers(context -> context.getEnvironment().getPropertySources()
                        .addFirst(new MapPropertySource(NAME + ".start", explicit)))
                .registerShutdownHook(false)
                .run();
    }
}
