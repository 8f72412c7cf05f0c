package io.dea.ingestion;

import io.dea.platform.config.DeaProperties;
import io.dea.platform.config.ServiceLauncher;
import io.dea.platform.source.SourceSettings;
import io.dea.platform.warehouse.DuckDbWarehouse;
import io.dea.platform.warehouse.Warehouse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

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

    /**
     * The one warehouse whose DuckDB may read files, and only where sources are: the file connections'
     * roots, the HTTP spool under {@code DEA_HOME/work}, and, where the operator allows raw file
     * locations, the file system (the source policy still keeps DEA_HOME out). An explicit
     * {@code dea.warehouse.readable-directories} replaces the derived list.
     */
    @Bean
    Warehouse warehouse(DeaProperties dea, SourceSettings sources, Environment environment) {
        String[] explicit = environment.getProperty("dea.warehouse.readable-directories", String[].class, new String[0]);
        List<Path> readable = new ArrayList<>();
        Arrays.stream(explicit).filter(d -> !d.isBlank()).map(d -> Path.of(d.trim())).forEach(readable::add);
        if (readable.isEmpty()) {
            readable.addAll(readableForSources(dea, sources));
        }
        return new DuckDbWarehouse(dea.warehouseFile(), false, readable);
    }

    static List<Path> readableForSources(DeaProperties dea, SourceSettings sources) {
        List<Path> readable = new ArrayList<>();
        readable.add(dea.home().resolve("work").toAbsolutePath().normalize());
        if (sources.sources().rawLocations() == SourceSettings.RawLocations.FILES) {
            readable.add(Path.of("/"));
        }
        sources.connections().values().stream().filter(c -> c.kind() == SourceSettings.Kind.FILES)
                .flatMap(c -> c.roots().stream()).map(r -> Path.of(r).toAbsolutePath().normalize()).forEach(readable::add);
        return readable;
    }

}
