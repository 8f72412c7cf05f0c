package io.dea.transform;

import io.dea.platform.config.ServiceLauncher;
import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The transform agent's service. Its configuration file is {@code transform-service.yml}, not
 * {@code application.yml}, because the local stack runs several services in one JVM and each must
 * read only its own; component scanning covers only {@code io.dea.transform} for the same reason.
 */
@SpringBootApplication
public class TransformServiceApplication {

    static final String NAME = "transform-service";

    public static void main(String[] args) {
        ServiceLauncher.main(TransformServiceApplication.class, NAME, args);
    }

    /**
     * Starts the service in this JVM (the local stack does). The given properties win over every
     * other source, so the host's own settings cannot leak in.
     */
    public static ConfigurableApplicationContext start(Map<String, Object> properties) {
        return ServiceLauncher.start(TransformServiceApplication.class, NAME, properties);
    }

}
