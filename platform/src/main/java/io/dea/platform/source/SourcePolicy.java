package io.dea.platform.source;

import io.dea.events.v1.SourceSpec;
import io.dea.platform.config.DeaProperties;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one judge of what a goal's source may read, used by the orchestrator when it validates a goal
 * and by ingestion before it reads: the source's connection (known, of the kind its format needs),
 * or a raw location where the operator allows raw files; file paths inside the connection's roots
 * and never in a forbidden place; JDBC URLs parsed and locked down, queries one allowed SELECT;
 * HTTP URLs under the base URL, their addresses checked. Nothing here reads a source's content.
 */
public final class SourcePolicy {

    private static final Set<String> FILE_FORMATS = Set.of("csv", "json", "parquet");

    private final SourceSettings settings;
    private final PathPolicy paths;
    private final HttpPolicy.Resolver resolver;

    public SourcePolicy(SourceSettings settings, PathPolicy paths, HttpPolicy.Resolver resolver) {
        this.settings = settings;
        this.paths = paths;
        this.resolver = resolver;
    }

    public static SourcePolicy of(SourceSettings settings, DeaProperties dea) {
        return new SourcePolicy(settings, PathPolicy.of(dea), InetAddress::getAllByName);
    }

    /** Raw files anywhere but the system directories, no connections: tests and tools that only load local files. */
    public static SourcePolicy rawFiles() {
        return new SourcePolicy(SourceSettings.of(Map.of(), SourceSettings.RawLocations.FILES), PathPolicy.systemOnly(),
                InetAddress::getAllByName);
    }

    public SourceSettings settings() {
        return settings;
    }

    public PathPolicy paths() {
        return paths;
    }

    /** Every reason the source may not be read, found without reading it or resolving hosts: for goal validation. */
    public List<String> refusals(SourceSpec source, Path baseDir) {
        List<String> reasons = new ArrayList<>();
        String format = format(source);
        try {
            if (FILE_FORMATS.contains(format)) {
                files(source, baseDir);
            } else if (format.equals("jdbc")) {
                jdbc(source);
            } else if (format.equals("http")) {
                http(source);
            }
        } catch (SourceRefused e) {
            reasons.add(e.getMessage());
        } catch (IOException e) {
            // A file that cannot be listed yet is for ingestion to report when it runs.
        }
        return reasons;
    }

    /** The named connection, checked for kind; empty for a raw location. */
    public Optional<SourceSettings.Connection> connection(SourceSpec source) throws SourceRefused {
        String name = source.getConnection();
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        SourceSettings.Connection c = settings.connections().get(name);
        if (c == null) {
            throw new SourceRefused("source " + source.getName() + ": unknown connection '" + name + "' (connections: "
                    + settings.connections().keySet().stream().sorted().toList() + ")");
        }
        SourceSettings.Kind needed = kindFor(format(source));
        if (c.kind() != needed) {
            throw new SourceRefused("source " + source.getName() + ": connection '" + name + "' is of kind "
                    + String.valueOf(c.kind()).toLowerCase(Locale.ROOT) + ", a " + format(source) + " source needs a "
                    + needed.name().toLowerCase(Locale.ROOT) + " connection (" + namesOf(needed) + ")");
        }
        return Optional.of(c);
    }

    /** The checked real paths a file source names (a glob expanded, each match checked); a pattern matching nothing gives none. */
    public FileMatch files(SourceSpec source, Path baseDir) throws SourceRefused, IOException {
        Optional<SourceSettings.Connection> c = connection(source);
        String location = source.getLocation() == null ? "" : source.getLocation().trim();
        String what = "source " + source.getName() + ": location " + location;
        if (location.isEmpty()) {
            throw new SourceRefused("source " + source.getName() + ": a file source needs a location");
        }
        if (location.contains("://")) {
            throw new SourceRefused(what + " is a URL; file sources take paths (use format http with an http connection for APIs)");
        }
        List<Path> roots;
        Path pattern;
        if (c.isPresent()) {
            roots = c.get().roots().stream().map(Path::of).toList();
            if (roots.isEmpty()) {
                throw new SourceRefused("connection " + source.getConnection() + " has no roots; the operator must give it directories");
            }
            pattern = inRoots(roots, location);
        } else {
            if (settings.sources().rawLocations() != SourceSettings.RawLocations.FILES) {
                throw new SourceRefused(what + ": raw locations are not allowed here (dea.sources.raw-locations is none); name a files "
                        + "connection (" + namesOf(SourceSettings.Kind.FILES) + ")");
            }
            roots = List.of();
            pattern = baseDir.resolve(location).toAbsolutePath().normalize();
        }
        if (!FileLocations.isGlob(location)) {
            return new FileMatch(pattern, List.of(paths.check(pattern, roots, what)), false);
        }
        paths.check(FileLocations.globBase(pattern), roots, what);
        List<Path> matches = new ArrayList<>();
        for (Path match : FileLocations.expand(pattern)) {
            matches.add(paths.check(match, roots, what + " (a file it matches)"));
        }
        return new FileMatch(pattern, matches, true);
    }

    /**
     * What a file location names.
     *
     * @param pattern the location as an absolute path or glob
     * @param files   the checked real paths (one for a path, whether it exists or not; the matches of a glob)
     * @param glob    whether the location is a glob
     */
    public record FileMatch(Path pattern, List<Path> files, boolean glob) {
    }

    /** A JDBC source's checked target and the SQL to read ({@code table} or {@code (query) src}). */
    public record Jdbc(JdbcTarget target, String from) {
    }

    public Jdbc jdbc(SourceSpec source) throws SourceRefused {
        Optional<SourceSettings.Connection> c = connection(source);
        if (c.isEmpty()) {
            throw new SourceRefused("source " + source.getName() + ": a jdbc source must name a connection (connection: <name>; "
                    + namesOf(SourceSettings.Kind.JDBC) + "); raw JDBC URLs are refused, credentials and URLs belong to the operator");
        }
        if (source.getLocation() != null && !source.getLocation().isBlank()) {
            throw new SourceRefused("source " + source.getName() + ": a jdbc source with a connection takes no location (the URL is the "
                    + "connection's); give table or query");
        }
        JdbcTarget target = JdbcUrlPolicy.check(c.get(), settings.sources().jdbcDriverPrefixes(), paths, source.getConnection());
        String at = "source " + source.getName() + ": ";
        try {
            if (source.getQuery() != null && !source.getQuery().isBlank()) {
                return new Jdbc(target, "(" + JdbcQueryPolicy.query(source.getQuery()) + ") src");
            }
            if (source.getTable() != null && !source.getTable().isBlank()) {
                return new Jdbc(target, JdbcQueryPolicy.table(source.getTable()));
            }
        } catch (SourceRefused e) {
            throw new SourceRefused(at + e.getMessage());
        }
        throw new SourceRefused(at + "a jdbc source needs table or query");
    }

    /** An HTTP source's first URL (checked, host not yet resolved) and the policy every later URL goes through. */
    public record Http(URI first, HttpPolicy policy, Map<String, String> headers) {
    }

    public Http http(SourceSpec source) throws SourceRefused {
        Optional<SourceSettings.Connection> c = connection(source);
        if (c.isEmpty()) {
            throw new SourceRefused("source " + source.getName() + ": an http source must name a connection (connection: <name>; "
                    + namesOf(SourceSettings.Kind.HTTP) + "); raw URLs are refused");
        }
        HttpPolicy policy = new HttpPolicy(source.getConnection(), c.get(), resolver);
        try {
            return new Http(policy.locate(source.getLocation()), policy, c.get().headers());
        } catch (SourceRefused e) {
            throw new SourceRefused("source " + source.getName() + ": " + e.getMessage());
        }
    }

    /**
     * The source's identity, which decides who owns its landing table: for files the real path (or glob)
     * they resolve to, however the goal spelled it and through whichever connection; for JDBC and HTTP the
     * connection and the table, query or path read in it. Two goals with equal identities read the same data.
     */
    public String identity(SourceSpec source, Path baseDir) {
        if (FILE_FORMATS.contains(format(source))) {
            try {
                return "file:" + format(source) + ":" + PathPolicy.real(files(source, baseDir).pattern());
            } catch (SourceRefused | IOException | RuntimeException refused) {
                // Refused sources are never loaded; the spelling is identity enough for the refusal.
            }
        }
        return identity(source);
    }

    /** The identity as the goal spells it: the connection and what is read inside it, or the raw location. */
    public static String identity(SourceSpec source) {
        String connection = source.getConnection() == null || source.getConnection().isBlank() ? null : source.getConnection().trim();
        StringBuilder id = new StringBuilder(connection == null ? "raw:" : "connection:" + connection + ":");
        id.append(format(source)).append(':').append(source.getLocation() == null ? "" : source.getLocation().trim());
        if (source.getTable() != null && !source.getTable().isBlank()) {
            id.append(":table=").append(source.getTable().trim());
        }
        if (source.getQuery() != null && !source.getQuery().isBlank()) {
            id.append(":query=").append(source.getQuery().strip().replaceAll("\\s+", " "));
        }
        return id.toString();
    }

    private Path inRoots(List<Path> roots, String location) {
        Path given = Path.of(location);
        if (given.isAbsolute()) {
            return given.normalize();
        }
        for (Path root : roots) {
            Path candidate = root.resolve(location).toAbsolutePath().normalize();
            Path probe = FileLocations.isGlob(location) ? FileLocations.globBase(candidate) : candidate;
            if (probe != null && Files.exists(probe)) {
                return candidate;
            }
        }
        return roots.get(0).resolve(location).toAbsolutePath().normalize();
    }

    private String namesOf(SourceSettings.Kind kind) {
        List<String> names = settings.connections().entrySet().stream().filter(e -> e.getValue().kind() == kind)
                .map(Map.Entry::getKey).sorted().toList();
        return names.isEmpty() ? "none is configured" : kind.name().toLowerCase(Locale.ROOT) + " connections: " + names;
    }

    private static SourceSettings.Kind kindFor(String format) {
        return switch (format) {
            case "jdbc" -> SourceSettings.Kind.JDBC;
            case "http" -> SourceSettings.Kind.HTTP;
            default -> SourceSettings.Kind.FILES;
        };
    }

    private static String format(SourceSpec source) {
        return source.getFormat() == null ? "" : source.getFormat().trim().toLowerCase(Locale.ROOT);
    }
}
