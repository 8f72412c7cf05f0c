package io.dea.platform.config;

import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Starts a service the same way whether it runs alone (its own {@code main}) or beside the others in
 * the local stack's JVM. Each service reads {@code <service-name>.yml} rather than a shared
 * {@code application.yml}, and properties handed in by the local stack win over every other source,
 * so one JVM's settings cannot leak from one service into another.
 */
public final class ServiceLauncher {

    private ServiceLauncher() {
    }

    public static void main(Class<?> application, String name, String[] args) {
        builder(application, name).run(args);
    }

    /** Starts the service in this JVM; close the returned context to stop it. */
    public static ConfigurableApplicationContext start(Class<?> application, String name, Map<String, Object> properties) {
        Map<String, Object> explicit = new HashMap<>(properties == null ? Map.of() : properties);
        return builder(application, name)
                .initializers(context -> context.getEnvironment().getPropertySources()
                        .addFirst(new MapPropertySource(name + "-start", explicit)))
                .registerShutdownHook(false)
                .run();
    }

    private static SpringApplicationBuilder builder(Class<?> application, String name) {
        return new SpringApplicationBuilder(application)
                .properties(Map.of("spring.config.name", name, "spring.main.banner-mode", "off"));
    }
}
