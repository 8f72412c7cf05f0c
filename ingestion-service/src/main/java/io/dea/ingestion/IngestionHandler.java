package io.dea.ingestion;

import io.dea.platform.step.Outputs;
import io.dea.events.v1.SourceSpec;
import io.dea.events.v1.Artifact;
import io.dea.events.v1.PlanKind;
import io.dea.platform.agent.ArtifactFile;
import io.dea.platform.agent.TaskContext;
import io.dea.platform.agent.TaskHandler;
import io.dea.platform.agent.TaskOutcome;
import io.dea.platform.goal.Identifiers;
import io.dea.platform.artifact.DataProject;
import io.dea.platform.catalog.CatalogUpdates;
import io.dea.platform.config.DeaProperties;
import io.dea.platform.review.ReviewKind;
import io.dea.platform.source.FileColumns;
import io.dea.platform.warehouse.DuckDbWarehouse;
import io.dea.platform.source.FileFormat;
import io.dea.platform.source.SourcePolicy;
import io.dea.platform.source.SourceRefused;
import io.dea.platform.source.SourceSettings;
import io.dea.platform.kafka.AgentKind;
import io.dea.platform.lineage.DatasetRef;
import io.dea.platform.warehouse.SqlText;
import io.dea.platform.warehouse.Warehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Step {@code ingest_<source>}: loads one source into {@code landing.<source>} and commits its
 * connector config (a task of a run commits nothing: the goal's apply merged the connector already). Files are read by DuckDB's own readers, so nothing passes through this JVM row
 * by row; JDBC rows stream through DuckDB's Appender into a staging table, HTTP pages spool to a
 * JSON-lines file; from there every source takes the same path: schema drift checked against the
 * landing table, then a full or incremental load in one transaction with its watermark. Files
 * without an incremental key load only the files not loaded yet ({@link FileLoader}).
 *
 * <p>A breaking drift (a column gone, a type narrowed or changed) loads nothing and asks a reviewer
 * (kind {@link ReviewKind#SCHEMA_DRIFT}); the approved step, sent again, applies it and loads.
 */
@Component
public class IngestionHandler implements TaskHandler {

    private final Path baseDir;
    private final SourcePolicy policy;
    private final JdbcSource jdbc;
    private final HttpSource http;

    @Autowired
    public IngestionHandler(IngestionSettings settings, SourceSettings sources, DeaProperties dea) {
        this(settings, SourcePolicy.of(sources, dea));
    }

    public IngestionHandler(IngestionSettings settings, SourcePolicy policy) {
        String dir = settings.baseDir();
        this.baseDir = Path.of(dir == null || dir.isBlank() ? "" : dir).toAbsolutePath();
        this.policy = policy;
        this.jdbc = new JdbcSource(settings);
        this.http = new HttpSource(settings);
    }

    /** With the default settings and raw files allowed outside the system directories: for tests and tools that only load files. */
    public IngestionHandler(String baseDir) {
        this(IngestionSettings.defaults(baseDir), SourcePolicy.rawFiles());
    }

    @Override
    public AgentKind kind() {
        return AgentKind.INGESTION;
    }

    /**
     * What was read before loading: the reader (a SQL table expression), how much it is, the dataset for lineage,
     * what a JDBC or HTTP read reports (null for files), and the files found and the reader's columns (null for JDBC and HTTP:
     * their columns are described before the load).
     */
    private record Read(String reader, String from, long bytes, Long rowsRead, Long pages, String pagination, Long httpRetries,
                        String dataset, FileLoader.Batch files, List<String> columns) {

        Read(String reader, String from, long bytes, Long rowsRead, Long pages, String pagination, Long httpRetries, String dataset) {
            this(reader, from, bytes, rowsRead, pages, pagination, httpRetries, dataset, null, null);
        }
    }

    @Override
    public TaskOutcome handle(TaskContext context) throws Exception {
        String name = context.source();
        Optional<SourceSpec> found = Optional.ofNullable(context.goal().getSources()).orElse(List.of()).stream()
                .filter(s -> s.getName().equals(name)).findFirst();
        if (found.isEmpty()) {
            return TaskOutcome.failed("no source named " + name + " in the goal",
                    "step " + context.task().getStep() + " names no source of the goal");
        }
        SourceSpec source = found.get();
        Identifiers.require("source name", source.getName());
        LandingOwners.Claim claim = new LandingOwners.Claim(name, context.task().getMeta().getGoalId(), policy.identity(source, baseDir));
        Optional<String> owned = context.warehouse().withConnection(c -> LandingOwners.refusal(c, claim));
        if (owned.isPresent()) {
            // Before the source is read: the table belongs to another goal's data.
            return TaskOutcome.failed("source " + name + ": " + owned.get(), owned.get());
        }
        try {
            return readAndLand(context, source);
        } catch (SourceException e) {
            return TaskOutcome.failed(e.getMessage(), e.getMessage());
        }
    }

    /** Reads the source the way its format says (files, JDBC or HTTP), then lands what was read. */
    private TaskOutcome readAndLand(TaskContext context, SourceSpec source) throws Exception {
        String name = source.getName();
        String key = source.getIncrementalKey() == null || source.getIncrementalKey().isBlank() ? null : source.getIncrementalKey();
        String format = source.getFormat() == null ? "" : source.getFormat().trim().toLowerCase(Locale.ROOT);
        Optional<FileFormat> file = FileFormat.of(format);
        if (file.isPresent()) {
            try {
                return land(context, source, format, key, files(context, source, file.get()), () -> { });
            } catch (DuckDbWarehouse.WarehouseException e) {
                // A file DuckDB cannot read fails the same way every time: a reason, not a retry.
                Optional<String> reason = ReaderError.of(name, source.getLocation(), e.getMessage());
                if (reason.isEmpty()) {
                    throw e;
                }
                return TaskOutcome.failed(reason.get(), reason.get());
            }
        }
        return switch (format) {
            case "jdbc" -> land(context, source, format, key, jdbc(context, source, key),
                    () -> context.warehouse().withConnection(c -> {
                        JdbcSource.dropStage(c, name);
                        return null;
                    }));
            case "http" -> {
                Path spool = context.workDir().resolve("http").resolve(name + "-" + context.task().getAttempt() + ".jsonl");
                try {
                    yield land(context, source, format, key, http(context, source, spool), () -> { });
                } finally {
                    Files.deleteIfExists(spool);
                }
            }
            default -> {
                String message = "format " + source.getFormat() + " is not supported";
                yield TaskOutcome.failed(message + " (source " + name + "; supported: csv, json, parquet, jdbc, http)", message);
            }
        };
    }

    private Read files(TaskContext context, SourceSpec source, FileFormat format) throws Exception {
        String name = source.getName();
        SourceFiles files = context.tool("fs.find", source.getLocation() + (source.getConnection() == null ? " (base " + baseDir + ")"
                : " (connection " + source.getConnection() + ")"), () -> SourceFiles.find(policy, baseDir, source));
        // DuckDB reads the files in one statement (and reports its own progress while it does);
        // each file is named here first so a person sees what a long load is working through.
        for (int i = 0; i < files.files().size(); i++) {
            Path f = files.files().get(i);
            context.progress("file " + (i + 1) + " of " + files.files().size() + " for landing." + name + ": " + f.getFileName()
                    + " (" + Files.size(f) + " bytes)", 0.05);
        }
        List<LoadedFiles.File> stats = LoadedFiles.stat(files.files());
        // Headers a goal could not name (spaces, a BOM) are renamed here, as the orchestrator saw them.
        // The one sniff of the files before the load: it gives the columns too, so they are not described again.
        FileColumns.Reader reader = context.tool("warehouse.sql", "DESCRIBE SELECT * FROM " + format.readerSql(files.files()),
                () -> context.warehouse().withConnection(c -> FileColumns.described(c, format, files.files())));
        return new Read(reader.sql(), files.files().size() + " file(s)", files.bytes(), null, null, null, null, files.pattern(),
                new FileLoader.Batch(format, stats, reader.sql()), reader.columns());
    }

    private Read jdbc(TaskContext context, SourceSpec source, String key) throws Exception {
        String name = source.getName();
        SourcePolicy.Jdbc checked = refusedAsSource(() -> policy.jdbc(source));
        JdbcSource.Staged staged = context.tool("jdbc.query", JdbcSource.select(name, checked.from(), key, key != null)
                        + " (source " + name + ", connection " + source.getConnection() + ")",
                () -> withWarehouse(context.warehouse(), c -> {
                    JdbcSource.After after = null;
                    if (key != null) {
                        Watermarks.ensureTable(c);
                        Optional<Watermarks.Watermark> mark = Watermarks.find(c, name);
                        Optional<String> type = LandingLoader.columnType(c, name, key);
                        if (mark.isPresent() && mark.get().keyColumn().equalsIgnoreCase(key) && mark.get().value() != null && type.isPresent()) {
                            after = new JdbcSource.After(key, type.get(), mark.get().value());
                        }
                    }
                    return jdbc.stage(c, source, checked, after, context::progress);
                }));
        context.progress("read " + staged.rows() + " rows (" + staged.bytes() + " bytes) of " + name + " over JDBC", 0.5);
        return new Read(staged.reader(), "a JDBC " + (source.getQuery() != null ? "query" : "table"), staged.bytes(),
                staged.rows(), null, null, null, Secrets.redactUrl(checked.target().url()));
    }

    private Read http(TaskContext context, SourceSpec source, Path spool) throws Exception {
        String name = source.getName();
        SourcePolicy.Http checked = refusedAsSource(() -> policy.http(source));
        String shown = Secrets.redactUrl(checked.first().toString());
        HttpSource.Fetched fetched = context.tool("http.get", shown + " (every page)",
                () -> http.fetch(name, checked, spool, context::progress));
        context.progress("fetched " + fetched.records() + " records in " + fetched.pages() + " page(s) of " + name, 0.5);
        if (fetched.records() == 0) {
            throw new SourceException("source " + name + ": " + shown + " returned no records");
        }
        // Types are inferred over every record (sample_size -1): a field first seen on page 90 still gets its column.
        String reader = "read_json(" + SqlText.literal(spool.toAbsolutePath().toString())
                + ", format = 'newline_delimited', sample_size = -1)";
        String pagination = fetched.pagination().name().toLowerCase(Locale.ROOT);
        return new Read(reader, fetched.pages() + " page(s), " + pagination + " pagination", fetched.bytes(),
                (long) fetched.records(), (long) fetched.pages(), pagination, (long) fetched.retries(), shown);
    }

    /** The part every source shares: check the key, load with drift and watermark, commit the connector. */
    private TaskOutcome land(TaskContext context, SourceSpec source, String format, String key, Read read, Cleanup cleanup)
            throws Exception {
        String name = source.getName();
        Instant started = Instant.now();
        try {
            List<String> readable = read.columns() != null ? read.columns() : context.tool("warehouse.sql",
                    "DESCRIBE SELECT * FROM " + read.reader(), () -> context.warehouse().withConnection(c -> LandingLoader.describe(c, read.reader())));
            if (key != null && readable.stream().noneMatch(key::equalsIgnoreCase)) {
                String message = "incremental_key " + key + " is not a column of source " + name;
                return TaskOutcome.failed(message + " (columns: " + String.join(", ", readable) + ")", message);
            }
            LandingLoader.Load load = load(context, source, key, read);
            if (!load.held()) {
                context.lineage().load(lineageInput(source, format, read), read.bytes(), DataProject.LANDING_SCHEMA, name, started,
                        load.rowsLoaded());
                CatalogUpdates.landed(context, DataProject.LANDING_SCHEMA, name);
            }
            return outcome(context, source, format, key, read, load);
        } catch (RuntimeException e) {
            // Another goal claimed the table between the check and this load: the load's transaction rolled back.
            if (e.getCause() instanceof LandingOwners.OwnedByAnotherGoal owned) {
                return TaskOutcome.failed("source " + name + ": " + owned.getMessage(), owned.getMessage());
            }
            throw e;
        } finally {
            cleanup.run();
        }
    }

    /**
     * Full, new-files or incremental load in one transaction; a drift that needs a person comes back held, with nothing
     * loaded. Files without a key load only the files not loaded yet ({@link FileLoader}).
     */
    private LandingLoader.Load load(TaskContext context, SourceSpec source, String key, Read read) throws Exception {
        String name = source.getName();
        LandingOwners.Claim claim = new LandingOwners.Claim(name, context.task().getMeta().getGoalId(), policy.identity(source, baseDir));
        boolean byFiles = key == null && read.files() != null;
        String sql = byFiles ? "INSERT INTO " + LandingLoader.table(name) + " BY NAME SELECT * FROM <the files not loaded yet>"
                + " -- or " + LandingLoader.fullLoadSql(name, read.reader()) + " when a loaded file changed or is gone"
                : key == null ? LandingLoader.fullLoadSql(name, read.reader())
                : LandingLoader.incrementalSql(name, read.reader(), key) + " -- then advance the watermark";
        LandingLoader.Load load = context.tool("warehouse.sql", sql, () -> context.warehouse().withConnection(c -> byFiles
                ? FileLoader.load(c, name, read.files(), context.approved(), context::progress, claim)
                : LandingLoader.load(c, name, read.reader(), key, context.approved(), context::progress, claim)));
        context.progress(load.held() ? "schema drift of " + load.table() + " held for review: " + load.drift().describe()
                : "loaded " + load.rowsLoaded() + " rows into " + load.table(), 0.9);
        return load;
    }

    /**
     * Commits the connector config (not in a run: its branch is main, where the goal's apply merged the connector) and
     * says what was loaded; a held drift goes to a SCHEMA_DRIFT review.
     */
    private TaskOutcome outcome(TaskContext context, SourceSpec source, String format, String key, Read read, LandingLoader.Load load)
            throws Exception {
        ConnectorConfig connector = ConnectorConfig.of(source, format);
        List<Artifact> artifacts = context.task().getPlanKind() == PlanKind.RUN ? List.of()
                : context.commit("Connector for source " + source.getName(),
                List.of(new ArtifactFile("connector_config", connector.path(), connector.yaml())));
        // A load by files says which it was (new files or full); otherwise the connector's mode.
        String loadMode = load.filesLoaded() != null && !load.held() ? load.mode() : connector.loadMode();
        String shared = load.drift().breaking() ? "" : " (held because other goals read " + load.table() + ")";
        return TaskOutcome.succeeded(summary(context, load, read, key))
                .withOutputs(new Outputs.Ingest(load.table(), load.rows(), load.rowsLoaded(), read.bytes(),
                        String.join(",", load.columns()), loadMode, load.watermark(),
                        load.drift().none() ? null : load.drift().describe(), read.rowsRead(), read.pages(), read.pagination(),
                        read.httpRetries(), load.filesLoaded()))
                .withArtifacts(artifacts)
                .heldForReview(context, load.held(), ReviewKind.SCHEMA_DRIFT, load.table() + ": " + load.drift().describe() + shared,
                        load.drift().reviewText(load.table()) + shared);
    }

    /** The source as an OpenLineage dataset, with any credential of its location masked. */
    private DatasetRef lineageInput(SourceSpec source, String format, Read read) {
        return switch (format) {
            case "jdbc" -> DatasetRef.jdbc(read.dataset(), source.getTable() != null ? source.getTable() : "query:" + source.getName());
            case "http" -> DatasetRef.url(read.dataset());
            default -> DatasetRef.file(Path.of(read.dataset()));
        };
    }

    @FunctionalInterface
    private interface Check<T> {
        T run() throws SourceRefused;
    }

    /** A policy refusal fails the step with its reason (it would be refused again, so it is not retried). */
    private static <T> T refusedAsSource(Check<T> check) throws SourceException {
        try {
            return check.run();
        } catch (SourceRefused e) {
            throw new SourceException(e.getMessage());
        }
    }

    private static String summary(TaskContext context, LandingLoader.Load load, Read read, String key) {
        if (load.held()) {
            return "schema drift of " + load.table() + " needs review, nothing loaded: " + load.drift().describe();
        }
        return "loaded " + load.rowsLoaded() + " rows " + from(load, read) + " into " + load.table()
                + ", now " + load.rows() + " rows"
                + (load.watermark() == null ? "" : "; watermark " + key + " = " + load.watermark())
                + (load.drift().none() ? "" : "; schema drift " + load.drift().describe()
                + (load.drift().breaking() ? " (approved by " + context.task().getApprovedBy() + ")" : ""));
    }

    /** Where the rows came from, e.g. {@code from 1 new file(s) of 3} or {@code (full) from 3 file(s)}. */
    private static String from(LandingLoader.Load load, Read read) {
        if (FileLoader.NEW_FILES.equals(load.mode())) {
            return load.filesLoaded() == 0 ? "(nothing new) from " + read.from()
                    : "from " + load.filesLoaded() + " new file(s) of " + read.files().files().size();
        }
        return "(" + load.mode() + ") from " + read.from();
    }

    @FunctionalInterface
    private interface Cleanup {
        void run() throws Exception;
    }

    @FunctionalInterface
    private interface SourceWork<T> {
        T run(Connection connection) throws SQLException, SourceException;
    }

    /** Runs work on the warehouse that may find the source unusable, keeping that a checked SourceException. */
    private static <T> T withWarehouse(Warehouse warehouse, SourceWork<T> work) throws SourceException {
        try {
            return warehouse.withConnection(c -> {
                try {
                    return work.run(c);
                } catch (SourceException e) {
                    throw new UncheckedSourceException(e);
                }
            });
        } catch (UncheckedSourceException e) {
            throw e.getCause();
        }
    }

    private static final class UncheckedSourceException extends RuntimeException {
        UncheckedSourceException(SourceException cause) {
            super(cause);
        }

        @Override
        public synchronized SourceException getCause() {
            return (SourceException) super.getCause();
        }
    }
}
