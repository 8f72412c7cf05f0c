package io.dea.ops;

import io.dea.platform.config.ServiceLauncher;
import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The ops agent: writes the Airflow DAG that schedules a mart's pipeline (load each source, build,
 * test) on the goal's cron with its freshness SLA, and runs a goal's backfill day by day (in the
 * warehouse, or through Airflow's REST API when {@code dea.ops.airflow.url} is set). The platform wires Kafka, the ledger, audit and
 * dead-lettering around its one {@link OpsHandler}. It also removes what ended plans leave behind
 * ({@link io.dea.ops.lifecycle.LifecycleService}).
 *
 * <p>Its configuration file is {@code ops-service.yml}, not {@code application.yml}, because
 * the local stack runs several services in one JVM ({@link #start}) and their files must not mix.
 */
@SpringBootApplication(scanBasePackages = "io.dea.ops")
@EnableConfigurationProperties({OpsProperties.class, io.dea.ops.lifecycle.LifecycleProperties.class})
public class OpsServiceApplication {

    static final String NAME = "ops-service";

    public static void main(String[] args) {
        ServiceLauncher.main(OpsServiceApplication.class, NAME, args);
    }

    /**
     * Starts the service inside the caller's JVM (the local stack). The given properties win over
     * everything else, so the host's own settings cannot leak in.
     *
     * @param properties e.g. {@code spring.kafka.bootstrap-servers}, {@code server.port}, {@code dea.home}
     * @return the running context; close it to stop the service
     */
    public static ConfigurableApplicationContext start(Map<String, Object> properties) {
        return ServiceLauncher.start(OpsServiceApplication.class, NAME, properties);
    }
}
