package io.dea.deploycheck;

import io.dea.platform.source.SourceSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.FileSystemResource;

/**
 * Where the orchestrator and the ingestion agent of a deployment may read goal sources. The source policy
 * never reads under DEA_HOME and the deployments allow no raw locations, so a file source works only
 * through a files connection whose roots lie outside DEA_HOME. The container's environment is bound over
 * the service's own yml by Spring's binder, as the service binds it, so a misspelt variable is caught.
 */
final class SourceDefaults {

    /** The files connection every deployment defines, and where its root is mounted. */
    static final String CONNECTION = "sources";
    static final String ROOT = "/var/lib/dea-sources";
    static final List<String> SERVICES = List.of(Repo.ORCHESTRATOR, Repo.INGESTION);

    /** What a service makes of its environment. */
    record Bound(SourceSettings settings, String home, String baseDir, List<String> readable) {
    }

    private SourceDefaults() {
    }

    /** Binds {@code env} (the container's whole environment) over dea-platform.yml and the service's yml. */
    static Bound bind(String service, Map<String, String> env) {
        StandardEnvironment environment = new StandardEnvironment();
        MutablePropertySources sources = environment.getPropertySources();
        sources.remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        sources.remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        sources.addFirst(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new HashMap<>(env)));
        yaml(service, Repo.root().resolve(service).resolve("src/main/resources/" + service + ".yml")).forEach(sources::addLast);
        yaml("platform", Repo.root().resolve("platform/src/main/resources/dea-platform.yml")).forEach(sources::addLast);
        Binder binder = Binder.get(environment);
        return new Bound(binder.bindOrCreate("dea", SourceSettings.class), binder.bind("dea.home", String.class).orElse(""),
                binder.bind("dea.ingestion.base-dir", String.class).orElse(""),
                binder.bind("dea.warehouse.readable-directories", Bindable.listOf(String.class)).orElse(List.of()));
    }

    private static List<PropertySource<?>> yaml(String name, Path file) {
        try {
            return new YamlPropertySourceLoader().load(name, new FileSystemResource(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What breaks the rule for one container.
     *
     * @param sharedHome the DEA_HOME of the shared volume (a service may have its own DEA_HOME besides)
     * @param mounts     mount path → read-only
     */
    static List<String> violations(String at, String service, Map<String, String> env, String sharedHome, Map<String, Boolean> mounts) {
        List<String> v = new ArrayList<>();
        Bound b = bind(service, env);
        List<String> homes = List.of(b.home(), sharedHome);
        if (b.settings().sources().rawLocations() != SourceSettings.RawLocations.NONE) {
            v.add(at + "raw locations must stay off (DEA_RAW_LOCATIONS none), is " + b.settings().sources().rawLocations());
        }
        SourceSettings.Connection sources = b.settings().connections().get(CONNECTION);
        if (sources == null || sources.kind() != SourceSettings.Kind.FILES || sources.roots().isEmpty()) {
            v.add(at + "no files connection '" + CONNECTION + "' with a root (DEA_CONNECTIONS_SOURCES_KIND=files, "
                    + "DEA_CONNECTIONS_SOURCES_ROOTS_0_), has " + b.settings().connections().keySet());
        }
        List<String> roots = b.settings().connections().values().stream().filter(c -> c.kind() == SourceSettings.Kind.FILES)
                .flatMap(c -> c.roots().stream()).toList();
        for (String root : roots) {
            checkRoot(at, root, homes, mounts, v);
        }
        if (b.baseDir().isBlank() || overlaps(b.baseDir(), homes) || roots.stream().noneMatch(r -> inside(b.baseDir(), r))) {
            v.add(at + "DEA_SOURCE_DIR " + b.baseDir() + " must be inside a files connection's root, outside DEA_HOME " + homes);
        }
        if (service.equals(Repo.INGESTION)) {
            checkReadable(at, b, roots, v);
        }
        return v;
    }

    private static void checkRoot(String at, String root, List<String> homes, Map<String, Boolean> mounts, List<String> v) {
        if (!Path.of(root).isAbsolute() || overlaps(root, homes)) {
            v.add(at + "files root " + root + " must be an absolute directory apart from DEA_HOME " + homes
                    + " (the source policy refuses everything under it)");
        }
        String mount = mounts.keySet().stream().filter(m -> inside(root, m)).findFirst().orElse(null);
        if (mount == null || !mounts.get(mount)) {
            v.add(at + "files root " + root + " is not on a read-only mount (mounts " + mounts + ")");
        }
    }

    /** The warehouse reads the roots and the HTTP spool, nothing else of DEA_HOME and nothing above the roots. */
    private static void checkReadable(String at, Bound b, List<String> roots, List<String> v) {
        String spool = Path.of(b.home(), "work").toString();
        List<String> wanted = new ArrayList<>(roots);
        wanted.add(spool);
        if (!b.readable().containsAll(wanted)) {
            v.add(at + "DEA_READABLE_DIRECTORIES " + b.readable() + " must list " + wanted);
        }
        for (String dir : b.readable()) {
            if (!dir.equals(spool) && roots.stream().noneMatch(r -> inside(dir, r))) {
                v.add(at + "DEA_READABLE_DIRECTORIES lets the warehouse read " + dir + ", which is no connection root");
            }
        }
    }

    private static boolean overlaps(String path, List<String> homes) {
        return homes.stream().filter(h -> h != null && !h.isBlank()).anyMatch(h -> inside(path, h) || inside(h, path));
    }

    static boolean inside(String path, String dir) {
        return Path.of(path).normalize().startsWith(Path.of(dir).normalize());
    }
}
