package io.dea.ingestion;

import io.dea.ingestion.LandingLoader.Load;
import io.dea.platform.source.FileColumns;
import io.dea.platform.source.FileFormat;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Lands a file source without an incremental key: only the files it has not loaded are read and
 * appended ({@code INSERT ... BY NAME}), and they are recorded ({@link LoadedFiles}) in the same
 * transaction. The table is replaced by every file instead when it is missing, when a loaded file
 * changed or is gone, or when the new files' columns drifted; a drift that needs a person holds the
 * load with nothing written, as {@link LandingLoader#load} does.
 */
final class FileLoader {

    static final String NEW_FILES = "new files";
    static final String FULL = "full";

    /**
     * A file source's files as they were found.
     *
     * @param format     how they are read
     * @param files      every file the location matches now
     * @param fullReader the reader of all of them (headers renamed as {@link FileColumns#reader} does)
     */
    record Batch(FileFormat format, List<LoadedFiles.File> files, String fullReader) {
    }

    private FileLoader() {
    }

    static Load load(Connection c, String source, Batch batch, boolean approved, Progress progress, LandingOwners.Claim claim)
            throws SQLException {
        return LandingLoader.inTransaction(c, () -> {
            LandingLoader.prepare(c);
            boolean shared = claim != null && LandingLoader.claim(c, claim);
            boolean exists = LandingLoader.exists(c, source);
            LoadedFiles.Plan plan = LoadedFiles.plan(c, source, batch.files(), exists);
            if (plan.appendable()) {
                Optional<Load> appended = append(c, source, batch.format(), plan.newFiles(), approved, shared, progress);
                if (appended.isPresent()) {
                    return appended.get();
                }
                progress.report("the new files' columns differ from " + LandingLoader.table(source) + ": reloading every file", null);
            } else if (exists) {
                progress.report(plan.reason() + ": reloading every file into " + LandingLoader.table(source), null);
            }
            return replace(c, source, batch, exists, approved, shared, progress);
        });
    }

    /** Appends the new files' rows; empty when their columns drifted in a way that takes a full reload instead. */
    private static Optional<Load> append(Connection c, String source, FileFormat format, List<LoadedFiles.File> newFiles,
                                         boolean approved, boolean shared, Progress progress) throws SQLException {
        String table = LandingLoader.table(source);
        if (newFiles.isEmpty()) {
            long rows = LandingLoader.count(c, source);
            return Optional.of(new Load(table, NEW_FILES, 0, rows, LandingLoader.columns(c, source), null, SchemaDrift.NONE, false, 0L));
        }
        String reader = FileColumns.reader(c, format, newFiles.stream().map(f -> Path.of(f.path())).toList());
        SchemaDrift drift = SchemaDrift.between(LandingLoader.tableColumns(c, source), LandingLoader.describeTyped(c, reader))
                .ofAppended();
        if (LandingLoader.needsReview(drift, shared, approved)) {
            return Optional.of(LandingLoader.held(c, source, drift, null));
        }
        if (!drift.none()) {
            return Optional.empty();
        }
        long loaded = LandingLoader.execute(c, "INSERT INTO " + table + " BY NAME SELECT * FROM " + reader, null, source, progress);
        LoadedFiles.add(c, source, newFiles);
        return Optional.of(new Load(table, NEW_FILES, loaded, LandingLoader.count(c, source), LandingLoader.columns(c, source), null,
                SchemaDrift.NONE, false, (long) newFiles.size()));
    }

    /** The table becomes every file's rows, and the recorded files exactly these files. */
    private static Load replace(Connection c, String source, Batch batch, boolean exists, boolean approved, boolean shared,
                                Progress progress) throws SQLException {
        SchemaDrift drift = exists ? SchemaDrift.between(LandingLoader.tableColumns(c, source),
                LandingLoader.describeTyped(c, batch.fullReader())) : SchemaDrift.NONE;
        if (LandingLoader.needsReview(drift, shared, approved)) {
            return LandingLoader.held(c, source, drift, null);
        }
        Watermarks.forget(c, source);
        long rows = LandingLoader.replace(c, source, batch.fullReader(), progress);
        LoadedFiles.replace(c, source, batch.files());
        return new Load(LandingLoader.table(source), FULL, rows, rows, LandingLoader.columns(c, source), null, drift, false,
                (long) batch.files().size());
    }
}
