package io.dea.platform.source;

import io.dea.platform.warehouse.SqlText;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The file formats DuckDB reads itself, each with its reader function: ingestion loads files with
 * them and the orchestrator reads a file's columns with them when it validates a goal, so both see
 * the same names and types. CSV is read as the world writes it: the usual null markers are nulls
 * (so a numeric column with {@code NA} in it is still numeric) and quoted numbers may carry
 * thousands separators ({@code "1,234.50"}); a column is a number only when all the values DuckDB
 * samples to detect types are (its first rows; a later value that does not fit fails the load).
 */
public enum FileFormat {
    CSV("read_csv_auto"), JSON("read_json_auto"), PARQUET("read_parquet");

    /** What R, pandas, spreadsheets and database exports write for a missing value. */
    public static final List<String> NULL_MARKERS = List.of("NA", "N/A", "NULL", "null", "None", "-", "");

    private final String reader;

    FileFormat(String reader) {
        this.reader = reader;
    }

    private String options() {
        return this != CSV ? "" : ", nullstr = " + NULL_MARKERS.stream().map(SqlText::literal)
                .collect(Collectors.joining(", ", "[", "]")) + ", thousands = ','";
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

    /**
     * The table expression reading exactly these files with the file's own header names, e.g.
     * {@code read_parquet(['/a.parquet'])}; {@link FileColumns#reader} gives the one to land.
     */
    public String readerSql(List<Path> files) {
        String list = files.stream().map(p -> SqlText.literal(p.toString())).collect(Collectors.joining(", ", "[", "]"));
        return reader + "(" + list + (files.size() > 1 ? ", union_by_name = true" : "") + options() + ")";
    }

    /** How a goal spells it, e.g. {@code csv}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
