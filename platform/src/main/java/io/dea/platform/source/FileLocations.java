package io.dea.platform.source;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.stream.Stream;

/** Paths and globs of file sources: which files a location names, found before anything reads them. */
public final class FileLocations {

    private FileLocations() {
    }

    public static boolean isGlob(String location) {
        return location.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
    }

    /** The deepest directory of a pattern without glob characters: where a glob starts looking. */
    public static Path globBase(Path pattern) {
        Path start = pattern.getRoot();
        for (Path part : pattern) {
            if (isGlob(part.toString())) {
                break;
            }
            start = start == null ? part : start.resolve(part);
        }
        return start;
    }

    /** Walks from the glob's base (links not followed) and keeps the regular files the glob matches, sorted. */
    public static List<Path> expand(Path pattern) throws IOException {
        Path start = globBase(pattern);
        int depth = 0;
        boolean recursive = false;
        boolean inGlob = false;
        for (Path part : pattern) {
            if (inGlob || isGlob(part.toString())) {
                inGlob = true;
                depth++;
                recursive |= part.toString().contains("**");
            }
        }
        if (start == null || !Files.isDirectory(start)) {
            return List.of();
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        try (Stream<Path> walk = Files.walk(start, recursive ? Integer.MAX_VALUE : depth)) {
            return walk.filter(Files::isRegularFile).filter(matcher::matches).sorted().toList();
        }
    }
}
