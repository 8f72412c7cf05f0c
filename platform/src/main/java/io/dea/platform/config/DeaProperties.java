package io.dea.platform.config;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings every service shares, under {@code dea.*}. Paths default under {@code dea.home}, the
 * local stack's data directory (DEA_HOME).
 *
 * @param home         data directory of the embedded default
 * @param service      the service name written into every event's meta
 * @param instance     this process's instance id (pod name on Kubernetes); host-pid when blank
 * @param partitions   partitions of every topic the services create
 * @param replicas     replication factor of those topics
 * @param warehouse    the DuckDB file
 * @param dataProject  the Git repository holding the dbt project and DAGs
 * @param dbt          the dbt executable (from the virtualenv the project creates)
 */
@ConfigurationProperties("dea")
public record DeaProperties(
        @DefaultValue(".dea") Path home,
        @DefaultValue("unnamed-service") String service,
        @DefaultValue("") String instance,
        @DefaultValue("6") int partitions,
        @DefaultValue("1") short replicas,
        Path warehouse,
        Path dataProject,
        @DefaultValue("dbt") String dbt) {

    public Path warehouseFile() {
        return warehouse != null ? warehouse : home.resolve("warehouse.duckdb");
    }

    public Path dataProjectDir() {
        return dataProject != null ? dataProject : home.resolve("project");
    }

    public String instanceId() {
        if (instance != null && !instance.isBlank()) {
            return instance;
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "localhost";
        }
        return host + "-" + ManagementFactory.getRuntimeMXBean().getPid();
    }
}
