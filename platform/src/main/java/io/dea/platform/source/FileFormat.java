package io.dea.platform.source;

import io.dea.platform.warehouse.SqlText;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The file formats DuckDB reads itself, each with its reader function: ingestion loads files with
 * them and the orchestrator reads a file's column names with them when it validates a goal.
 */
public enum FileFormat {
    CSV("read_csv_auto"), JSON("read_json_auto"), PARQUET("read_parquet");

    private final String reader;

    FileFormat(String reader) {
        this.reader = reader;
    }

    /** The file format a source's {@code format} names (any case, surrounding blanks ignored); empty for other formats. */
    public static Optional<FileFormat> of(String format) {
        for (FileFormat f : values()) {
            if (f.name().equalsIgnoreCase(format == null ? "" : format.trim())) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** The table expression reading exactly these files, e.g. {@code read_csv_auto(['/a.csv'])}. */
    public String readerSql(List<Path> files) {
        String list = files.stream().map(p -> SqlText.literal(p.toString())).collect(Collectors.joining(", ", "[", "]"));
        return reader + "(" + list + (files.size() > 1 ? ", union_by_name = true" : "") + ")";
    }

    /** How a goal spells it, e.g. {@code csv}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
