package io.dea.orchestrator;

import io.dea.events.v1.SourceSpec;
import io.dea.orchestrator.plan.GoalValidator;
import io.dea.platform.source.FileColumns;
import io.dea.platform.source.FileFormat;
import io.dea.platform.source.SourcePolicy;
import io.dea.platform.warehouse.SqlText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the columns and types of file sources with an in-memory DuckDB (the same readers and
 * header names ingestion lands, {@link FileColumns}), so a goal naming a column its file does not
 * have, or summing a text column, is rejected before anything runs. Only
 * files the source policy allows are read: the policy resolves the location (inside the
 * connection's roots, never DEA_HOME) and DuckDB gets exactly the checked files. A file it may not
 * read, or cannot read, gives no columns and nothing of its content reaches a reason or the log;
 * the one exception is a few shortened values of a column a measure cannot aggregate, which the
 * goal's author needs to see to fix the file.
 * Sources it cannot read from here (databases, APIs, files on another machine) are left to their
 * agent, which reports the problem itself.
 */
final class FileSourceColumns implements GoalValidator.SourceColumns {

    private static final Logger log = LoggerFactory.getLogger(FileSourceColumns.class);
    /** Values shown of a column whose type does not fit its measure, and how much of each. */
    private static final int SAMPLE = 3;
    private static final int SHORT = 20;

    private final Path baseDir;
    private final SourcePolicy policy;

    FileSourceColumns(Path baseDir, SourcePolicy policy) {
        this.baseDir = baseDir;
        this.policy = policy;
    }

    @Override
    public Optional<Set<String>> columns(SourceSpec source) {
        return table(source).map(t -> t.types().keySet());
    }

    /** The columns and types as ingestion would land them (same reader, same header names); empty when not readable here. */
    @Override
    public Optional<GoalValidator.SourceTable> table(SourceSpec source) {
        Optional<FileFormat> format = FileFormat.of(source.getFormat());
        List<Path> files = format.isEmpty() ? List.of() : allowedFiles(source);
        if (files.isEmpty()) {
            return Optional.empty();
        }
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:", lockedDown())) {
            String reader = FileColumns.reader(c, format.get(), files);
            Map<String, String> types = new LinkedHashMap<>();
            FileColumns.describe(c, reader).forEach(col -> types.put(col.name(), col.type()));
            return Optional.of(new Table(source.getName(), reader, types));
        } catch (Exception e) {
            // A reader error may quote a line of the file: only its kind is logged.
            log.debug("cannot read the columns of source {}: {}", source.getName(), e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    /** The files the source policy lets this source read; none when it refuses (the validator reports why). */
    private List<Path> allowedFiles(SourceSpec source) {
        try {
            return policy.files(source, baseDir).files().stream().filter(Files::isRegularFile).toList();
        } catch (Exception refusedOrUnlisted) {
            return List.of();
        }
    }

    /** A readable file source: its types, and a few values of a column read on demand through the same checked reader. */
    private record Table(String source, String reader, Map<String, String> types) implements GoalValidator.SourceTable {

        @Override
        public List<String> sample(String column) {
            String sql = "SELECT DISTINCT CAST(" + SqlText.identifier(column) + " AS VARCHAR) FROM " + reader + " WHERE "
                    + SqlText.identifier(column) + " IS NOT NULL LIMIT " + SAMPLE;
            List<String> values = new ArrayList<>();
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:", lockedDown());
                 Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    values.add(shorten(rs.getString(1)));
                }
            } catch (Exception e) {
                log.debug("cannot sample {}.{}: {}", source, column, e.getClass().getSimpleName());
            }
            return values;
        }
    }

    /** At most a few characters of a value, printable only, so a reason shows what kind of value it is and little more. */
    static String shorten(String value) {
        String printable = value.replaceAll("\\p{Cntrl}", " ");
        return printable.length() <= SHORT ? printable : printable.substring(0, SHORT) + "...";
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
