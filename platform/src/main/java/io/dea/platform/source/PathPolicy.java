package io.dea.platform.source;

import io.dea.platform.config.DeaProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which files a source may read. A path is made absolute, normalised ({@code ..} removed) and its
 * symlinks resolved ({@code toRealPath} of the deepest part that exists) before it is compared, so
 * neither {@code ../} nor a link inside a root leads out of it. Forbidden always: DEA_HOME and
 * everything under it (the warehouse, the data project, the review token file), the services' other
 * own files, and the system's pseudo and configuration directories.
 */
public final class PathPolicy {

    private static final List<String> SYSTEM = List.of("/proc", "/sys", "/dev", "/etc", "/run", "/var/run");

    private final List<Path> forbidden;

    public PathPolicy(List<Path> forbidden) {
        this.forbidden = forbidden.stream().map(PathPolicy::real).toList();
    }

    /** The forbidden places of a service with these settings: DEA_HOME, its warehouse and data project, the JVM, the system. */
    public static PathPolicy of(DeaProperties dea) {
        List<Path> paths = new ArrayList<>(List.of(dea.home(), dea.warehouseFile(), dea.dataProjectDir(), Path.of(System.getProperty("java.home"))));
        SYSTEM.stream().map(Path::of).forEach(paths::add);
        return new PathPolicy(paths);
    }

    /** Only the system directories and the JVM: for tests and tools without a DEA_HOME. */
    public static PathPolicy systemOnly() {
        List<Path> paths = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"))));
        SYSTEM.stream().map(Path::of).forEach(paths::add);
        return new PathPolicy(paths);
    }

    /**
     * The real path of {@code candidate} when a source may read it: outside every forbidden place, and
     * inside one of {@code roots} unless roots is empty (a raw location where the operator allows files anywhere).
     */
    public Path check(Path candidate, List<Path> roots, String what) throws SourceRefused {
        Path real = real(candidate);
        for (Path f : forbidden) {
            if (real.startsWith(f)) {
                throw new SourceRefused(what + " is inside DEA_HOME, the services' own files or a system directory, which no source may "
                        + "read; load a copy kept elsewhere");
            }
        }
        if (!roots.isEmpty() && roots.stream().map(PathPolicy::real).noneMatch(real::startsWith)) {
            throw new SourceRefused(what + " is outside the connection's roots " + roots
                    + " (after resolving '..' and symlinks); give a path inside them");
        }
        return real;
    }

    /** Absolute, normalised, with the symlinks of its deepest existing ancestor resolved (the rest need not exist yet). */
    static Path real(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return absolute;
        }
        try {
            Path resolved = existing.toRealPath();
            return resolved.resolve(existing.relativize(absolute)).normalize();
        } catch (IOException e) {
            return absolute;
        }
    }

    List<Path> forbidden() {
        return forbidden;
    }

    Optional<Path> firstForbidden() {
        return forbidden.stream().findFirst();
    }
}
