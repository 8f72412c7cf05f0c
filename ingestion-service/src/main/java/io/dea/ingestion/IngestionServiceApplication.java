package io.dea.ingestion;

import io.dea.platform.config.ServiceLauncher;
import io.dea.platform.source.SourceSettings;
import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The ingestion agent's service. Its configuration file is {@code ingestion-service.yml}, not
 * {@code application.yml}, because the local stack runs several services in one JVM and each must
 * read only its own; component scanning covers only {@code io.dea.ingestion} for the same reason.
 */
@SpringBootApplication
@EnableConfigurationProperties({IngestionSettings.class, SourceSettings.class})
public class IngestionServiceApplication {

    static final String NAME = "ingestion-service";

    public static void main(String[] args) {
        ServiceLauncher.main(IngestionServiceApplication.class, NAME, args);
    }

    /**
     * Starts the service in this JVM (the local stack does). The given properties win over every
     * other source, so the host's own settings cannot leak in.
     */
    public static ConfigurableApplicationContext start(Map<String, Object> properties) {
        return ServiceLauncher.start(IngestionServiceApplication.class, NAME, properties);
    }

}
