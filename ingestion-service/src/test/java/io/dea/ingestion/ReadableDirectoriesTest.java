package io.dea.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import io.dea.platform.config.DeaProperties;
import io.dea.platform.source.SourceSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Ingestion's DuckDB may read files only where sources can be: derived from the source policy. */
class ReadableDirectoriesTest {

    private final DeaProperties dea = new DeaProperties(Path.of("/srv/dea"), "ingestion-service", "", 6, (short) 1, null, null, "dbt");

    @Test
    void withConnectionsOnlyTheirRootsAndTheSpoolAreReadable() {
        SourceSettings sources = SourceSettings.of(Map.of("drop", SourceSettings.Connection.files(List.of("/data/drop")),
                "erp", SourceSettings.Connection.jdbc("jdbc:h2:/data/erp", "u", "p", Map.of())), SourceSettings.RawLocations.NONE);

        assertThat(IngestionServiceApplication.readableForSources(dea, sources))
                .containsExactlyInAnyOrder(Path.of("/srv/dea/work"), Path.of("/data/drop"));
    }

    @Test
    void whereRawFilesAreAllowedTheFileSystemIsReadableAndThePathCheckKeepsDeaHomeOut() {
        SourceSettings sources = SourceSettings.of(Map.of(), SourceSettings.RawLocations.FILES);

        assertThat(IngestionServiceApplication.readableForSources(dea, sources)).contains(Path.of("/"));
    }
}
