package io.dea.orchestrator;

import io.dea.events.v1.SourceSpec;
import io.dea.orchestrator.plan.GoalValidator;
import io.dea.platform.warehouse.SqlText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the column names of file sources with an in-memory DuckDB (the same readers ingestion
 * uses), so a goal naming a column its file does not have is rejected before anything runs.
 * Sources it cannot read from here (databases, APIs, files on another machine) are left to their
 * agent, which reports the problem itself.
 */
final class FileSourceColumns implements GoalValidator.SourceColumns {

    private static final Logger log = LoggerFactory.getLogger(FileSourceColumns.class);

    private final Path baseDir;

    FileSourceColumns(Path baseDir) {
        this.baseDir = baseDir;
    }

    @Override
    public Optional<Set<String>> columns(SourceSpec source) {
        String reader = switch (source.getFormat()) {
            case "csv" -> "read_csv_auto";
            case "json" -> "read_json_auto";
            case "parquet" -> "read_parquet";
            default -> null;
        };
        if (reader == null || source.getLocation().contains("://")) {
            return Optional.empty();
        }
        Path location = baseDir.resolve(source.getLocation());
        boolean glob = source.getLocation().contains("*") || source.getLocation().contains("?");
        if (!glob && !Files.isRegularFile(location)) {
            return Optional.empty();
        }
        String literal = SqlText.literal(location.toString());
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("DESCRIBE SELECT * FROM " + reader + "(" + literal + ")")) {
            Set<String> columns = new LinkedHashSet<>();
            while (rs.next()) {
                columns.add(rs.getString("column_name"));
            }
            return Optional.of(columns);
        } catch (Exception e) {
            log.debug("cannot read the columns of {}: {}", location, e.getMessage());
            return Optional.empty();
        }
    }
}
