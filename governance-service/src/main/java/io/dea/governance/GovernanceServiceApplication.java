package io.dea.governance;

import io.dea.platform.config.ServiceLauncher;
import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The governance agent: finds PII in the landing tables of a goal and proposes masked views for a
 * governance approver. The platform wires Kafka, the ledger, audit and dead-lettering around its
 * one {@link GovernanceHandler}.
 *
 * <p>Its configuration file is {@code governance-service.yml}, not {@code application.yml}, because
 * the local stack runs several services in one JVM ({@link #start}) and their files must not mix.
 */
@SpringBootApplication(scanBasePackages = "io.dea.governance")
public class GovernanceServiceApplication {

    static final String NAME = "governance-service";

    public static void main(String[] args) {
        ServiceLauncher.main(GovernanceServiceApplication.class, NAME, args);
    }

    /**
     * Starts the service inside the caller's JVM (the local stack). The given properties win over
     * everything else, so the host's own settings cannot leak in.
     *
     * @param properties e.g. {@code spring.kafka.bootstrap-servers}, {@code server.port}, {@code dea.home}
     * @return the running context; close it to stop the service
     */
    public static ConfigurableApplicationContext start(Map<String, Object> properties) {
        return ServiceLauncher.start(GovernanceServiceApplication.class, NAME, properties);
    }
}
