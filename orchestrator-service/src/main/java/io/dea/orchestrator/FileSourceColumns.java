package io.dea.orchestrator;

import io.dea.events.v1.SourceSpec;
import io.dea.orchestrator.plan.GoalValidator;
import io.dea.platform.source.FileFormat;
import io.dea.platform.source.SourcePolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the column names of file sources with an in-memory DuckDB (the same readers ingestion
 * uses), so a goal naming a column its file does not have is rejected before anything runs. Only
 * files the source policy allows are read: the policy resolves the location (inside the
 * connection's roots, never DEA_HOME) and DuckDB gets exactly the checked files. A file it may not
 * read, or cannot read, gives no columns and nothing of its content reaches a reason or the log.
 * Sources it cannot read from here (databases, APIs, files on another machine) are left to their
 * agent, which reports the problem itself.
 */
final class FileSourceColumns implements GoalValidator.SourceColumns {

    private static final Logger log = LoggerFactory.getLogger(FileSourceColumns.class);

    private final Path baseDir;
    private final SourcePolicy policy;

    FileSourceColumns(Path baseDir, SourcePolicy policy) {
        this.baseDir = baseDir;
        this.policy = policy;
    }

    @Override
    public Optional<Set<String>> columns(SourceSpec source) {
        Optional<FileFormat> format = FileFormat.of(source.getFormat());
        if (format.isEmpty()) {
            return Optional.empty();
        }
        List<Path> files;
        try {
            files = policy.files(source, baseDir).files().stream().filter(Files::isRegularFile).toList();
        } catch (Exception refusedOrUnlisted) {
            // The policy's reason is reported by the validator itself; nothing is read here.
            return Optional.empty();
        }
        if (files.isEmpty()) {
            return Optional.empty();
        }
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:", lockedDown());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("DESCRIBE SELECT * FROM " + format.get().readerSql(files))) {
            Set<String> columns = new LinkedHashSet<>();
            while (rs.next()) {
                columns.add(rs.getString("column_name"));
            }
            return Optional.of(columns);
        } catch (Exception e) {
            // A reader error may quote a line of the file: only its kind is logged.
            log.debug("cannot read the columns of source {}: {}", source.getName(), e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    /** Reading files needs external access; the rest of DuckDB's hardening still applies. */
    private static Properties lockedDown() {
        Properties p = new Properties();
        p.setProperty("autoinstall_known_extensions", "false");
        p.setProperty("autoload_known_extensions", "false");
        p.setProperty("allow_community_extensions", "false");
        p.setProperty("lock_configuration", "true");
        return p;
    }
}
