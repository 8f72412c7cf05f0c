package io.dea.ingestion;

import io.dea.events.v1.SourceSpec;
import io.dea.platform.source.SourcePolicy;
import io.dea.platform.source.SourceRefused;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The files a source's location names, found and checked by the source policy before DuckDB reads
 * them: a path outside the connection's roots or in a forbidden place is refused, a missing file gets
 * a clear message instead of a reader error, the byte count is known, and DuckDB is handed exactly
 * the checked files (their real paths, so a link swapped afterwards is not followed to a new place).
 *
 * @param pattern the location as an absolute path or glob
 * @param files   the matching files' real paths, sorted
 * @param bytes   their total size
 */
record SourceFiles(String pattern, List<Path> files, long bytes) {

    /** Resolves a path or glob (relative to the connection's roots, or to {@code baseDir} when raw); none is an error. */
    static SourceFiles find(SourcePolicy policy, Path baseDir, SourceSpec source) throws IOException, SourceException {
        SourcePolicy.FileMatch match;
        try {
            match = policy.files(source, baseDir);
        } catch (SourceRefused e) {
            throw new SourceException(e.getMessage());
        }
        String location = source.getLocation();
        List<Path> files = match.files().stream().filter(Files::isRegularFile).toList();
        if (files.isEmpty()) {
            throw new FileNotFoundException("source " + source.getName() + ": " + (match.glob() ? "no file matches " : "file ")
                    + location + (match.glob() ? "" : " does not exist") + " (looked for " + match.pattern() + ")");
        }
        long bytes = 0;
        for (Path file : files) {
            bytes += Files.size(file);
        }
        return new SourceFiles(match.pattern().toString(), files, bytes);
    }
}
