package io.dea.ingestion;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files a source's location names, found before DuckDB reads them: a missing file then gets a
 * clear message instead of a reader error, the byte count is known, and DuckDB is handed exactly
 * the files that were counted.
 *
 * @param pattern the location as an absolute path or glob
 * @param files   the matching files, sorted
 * @param bytes   their total size
 */
record SourceFiles(String pattern, List<Path> files, long bytes) {

    /** Resolves a path or glob (relative to {@code baseDir}) to the files it matches; none is an error. */
    static SourceFiles find(Path baseDir, String source, String location) throws IOException {
        Path absolute = baseDir.resolve(location).toAbsolutePath().normalize();
        List<Path> files;
        if (!isGlob(location)) {
            if (!Files.isRegularFile(absolute)) {
                throw new FileNotFoundException("source " + source + ": file " + location + " does not exist (looked for "
                        + absolute + ")");
            }
            files = List.of(absolute);
        } else {
            files = expand(absolute);
            if (files.isEmpty()) {
                throw new FileNotFoundException("source " + source + ": no file matches " + location + " (looked for "
                        + absolute + ")");
            }
        }
        long bytes = 0;
        for (Path file : files) {
            bytes += Files.size(file);
        }
        return new SourceFiles(absolute.toString(), files, bytes);
    }

    static boolean isGlob(String location) {
        return location.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
    }

    /** Walks from the deepest directory without glob characters and keeps the files the glob matches. */
    private static List<Path> expand(Path pattern) throws IOException {
        Path start = pattern.getRoot();
        int depth = 0;
        boolean recursive = false;
        boolean inGlob = false;
        for (Path part : pattern) {
            if (!inGlob && !isGlob(part.toString())) {
                start = start.resolve(part);
            } else {
                inGlob = true;
                depth++;
                recursive |= part.toString().contains("**");
            }
        }
        if (!Files.isDirectory(start)) {
            return List.of();
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern.toString());
        try (Stream<Path> walk = Files.walk(start, recursive ? Integer.MAX_VALUE : depth)) {
            return walk.filter(Files::isRegularFile).filter(matcher::matches).sorted().toList();
        }
    }
}
