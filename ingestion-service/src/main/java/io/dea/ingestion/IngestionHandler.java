package io.dea.ingestion;

import io.dea.events.v1.SourceSpec;
import io.dea.platform.agent.ArtifactFile;
import io.dea.platform.agent.TaskContext;
import io.dea.platform.agent.TaskHandler;
import io.dea.platform.agent.TaskOutcome;
import io.dea.platform.goal.Identifiers;
import io.dea.platform.kafka.AgentKind;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Step {@code ingest_<source>}: loads one file source into {@code landing.<source>} with DuckDB's
 * own readers and commits its connector config. DuckDB reads the files directly, so nothing passes
 * through this JVM row by row.
 */
@Component
public class IngestionHandler implements TaskHandler {

    static final String STEP_PREFIX = "ingest_";

    private final Path baseDir;

    public IngestionHandler(@Value("${dea.ingestion.base-dir:}") String baseDir) {
        this.baseDir = Path.of(baseDir == null || baseDir.isBlank() ? "" : baseDir).toAbsolutePath();
    }

    @Override
    public AgentKind kind() {
        return AgentKind.INGESTION;
    }

    @Override
    public TaskOutcome handle(TaskContext context) throws Exception {
        String step = context.task().getStep();
        String name = step.startsWith(STEP_PREFIX) ? step.substring(STEP_PREFIX.length()) : step;
        Optional<SourceSpec> found = Optional.ofNullable(context.goal().getSources()).orElse(List.of()).stream()
                .filter(s -> s.getName().equals(name)).findFirst();
        if (found.isEmpty()) {
            return TaskOutcome.failed("no source named " + name + " in the goal", "step " + step + " names no source of the goal");
        }
        SourceSpec source = found.get();
        Identifiers.require("source name", source.getName());
        Optional<FileFormat> format = FileFormat.of(source.getFormat());
        if (format.isEmpty()) {
            String message = "format " + source.getFormat() + " is not supported yet";
            return TaskOutcome.failed(message + " (source " + name + "; supported: csv, json, parquet)", message);
        }
        String key = source.getIncrementalKey() == null || source.getIncrementalKey().isBlank() ? null : source.getIncrementalKey();

        SourceFiles files = context.tool("fs.find", source.getLocation() + " (base " + baseDir + ")",
                () -> SourceFiles.find(baseDir, name, source.getLocation()));
        String reader = format.get().readerSql(files.files());
        context.progress("reading " + files.files().size() + " file(s), " + files.bytes() + " bytes, into landing." + name, 0.1);
        List<String> readable = context.tool("duckdb.sql", "DESCRIBE SELECT * FROM " + reader,
                () -> context.warehouse().withConnection(c -> LandingLoader.describe(c, reader)));
        if (key != null && readable.stream().noneMatch(key::equalsIgnoreCase)) {
            String message = "incremental_key " + key + " is not a column of " + source.getLocation();
            return TaskOutcome.failed(message + " (columns: " + String.join(", ", readable) + ")", message);
        }
        LandingLoader.Load load = key == null
                ? context.tool("duckdb.sql", LandingLoader.fullLoadSql(name, reader),
                        () -> context.warehouse().withConnection(c -> LandingLoader.full(c, name, reader)))
                : context.tool("duckdb.sql", LandingLoader.incrementalSql(name, reader, key) + " -- then advance the watermark",
                        () -> context.warehouse().withConnection(c -> LandingLoader.incremental(c, name, reader, key)));
        context.progress("loaded " + load.rowsLoaded() + " rows into " + load.table(), 0.9);

        ConnectorConfig connector = ConnectorConfig.of(source, format.get());
        var artifacts = context.commit("Connector for source " + name,
                List.of(new ArtifactFile("connector_config", connector.path(), connector.yaml())));

        String summary = "loaded " + load.rowsLoaded() + " rows (" + load.mode() + ") from " + files.files().size()
                + " file(s) into " + load.table() + ", now " + load.rows() + " rows"
                + (load.watermark() == null ? "" : "; watermark " + key + " = " + load.watermark());
        TaskOutcome outcome = TaskOutcome.succeeded(summary)
                .withOutput("table", load.table())
                .withOutput("rows", Long.toString(load.rows()))
                .withOutput("rows_loaded", Long.toString(load.rowsLoaded()))
                .withOutput("bytes", Long.toString(files.bytes()))
                .withOutput("columns", String.join(",", load.columns()))
                .withOutput("load_mode", connector.loadMode())
                .withArtifacts(artifacts);
        if (load.watermark() != null) {
            outcome.withOutput("watermark", load.watermark());
        }
        return outcome;
    }
}
