package io.dea.ingestion;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * DuckDB's reason a file cannot be read, as a step's reason: its error kind and where (the line of
 * the file, the column and the type it was read as), never the file's contents. DuckDB's CSV errors
 * quote the offending line and value; those lines are dropped. Only errors that reading the same file
 * again would repeat are turned into a reason; anything else stays an error the platform retries.
 */
final class ReaderError {

    /** DuckDB's error kinds that come from the file itself, not from the moment. */
    private static final Set<String> DEFINITE = Set.of("Conversion Error", "Invalid Input Error", "Binder Error");

    private ReaderError() {
    }

    /** The reason a source's files cannot be read, or empty when the error is not about the file. */
    static Optional<String> of(String source, String location, String duckdb) {
        if (duckdb == null || DEFINITE.stream().noneMatch(duckdb::startsWith)) {
            return Optional.empty();
        }
        List<String> kept = duckdb.lines().map(String::strip)
                .filter(l -> l.startsWith("Column ") || l.startsWith("Conversion Error") || l.startsWith("Invalid Input Error")
                        || l.startsWith("Binder Error"))
                .filter(l -> !l.contains("\"") && !l.contains("'"))
                .toList();
        String where = kept.isEmpty() ? duckdb.substring(0, duckdb.indexOf(':')) : String.join("; ", kept);
        String hint = duckdb.startsWith("Conversion Error") ? " (types are detected from the first rows; make the value on that "
                + "line fit the column's type, or write a null as empty or NA)" : "";
        return Optional.of("source " + source + ": DuckDB cannot read " + location + ": " + where + hint);
    }
}
