package io.dea.cost;

import io.dea.platform.config.ServiceLauncher;
import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The cost agent: EXPLAINs a mart's compiled SQL before it runs, estimates the bytes it scans and
 * what that costs, and asks a cost approver when the estimate is over the goal's budget. The
 * platform wires Kafka, the ledger, audit and dead-lettering around its one {@link CostHandler}.
 *
 * <p>Its configuration file is {@code cost-service.yml}, not {@code application.yml}, because
 * the local stack runs several services in one JVM ({@link #start}) and their files must not mix.
 */
@SpringBootApplication(scanBasePackages = "io.dea.cost")
@EnableConfigurationProperties(CostProperties.class)
public class CostServiceApplication {

    static final String NAME = "cost-service";

    public static void main(String[] args) {
        ServiceLauncher.main(CostServiceApplication.class, NAME, args);
    }

    /**
     * Starts the service inside the caller's JVM (the local stack). The given properties win over
     * everything else, so the host's own settings cannot leak in.
     *
     * @param properties e.g. {@code spring.kafka.bootstrap-servers}, {@code server.port}, {@code dea.home}
     * @return the running context; close it to stop the service
     */
    public static ConfigurableApplicationContext start(Map<String, Object> properties) {
        return ServiceLauncher.start(CostServiceApplication.class, NAME, properties);
    }
}
