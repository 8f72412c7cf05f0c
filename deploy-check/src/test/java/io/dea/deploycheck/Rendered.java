package io.dea.deploycheck;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/** One overlay rendered by kustomize, every document validated and typed. */
final class Rendered {

    private static final Map<Path, Rendered> CACHE = new ConcurrentHashMap<>();

    final Path dir;
    final String yaml;
    final List<JsonNode> documents;
    final List<Object> objects;

    private Rendered(Path dir, String yaml, List<JsonNode> documents, List<Object> objects) {
        this.dir = dir;
        this.yaml = yaml;
        this.documents = documents;
        this.objects = objects;
    }

    /** {@code k8s/overlays/<name>}, rendered once per test JVM. */
    static Rendered overlay(String name) {
        return of(Repo.k8s().resolve("overlays").resolve(name));
    }

    static Rendered of(Path dir) {
        return CACHE.computeIfAbsent(dir.toAbsolutePath().normalize(), d -> parse(d, Kustomize.build(d)));
    }

    /** Validates every document; all invalid ones are reported together. */
    static Rendered parse(Path dir, String yaml) {
        List<JsonNode> docs = StrictModel.documents(yaml);
        List<Object> objects = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        for (JsonNode doc : docs) {
            try {
                objects.add(StrictModel.validate(doc));
            } catch (StrictModel.InvalidDocument e) {
                invalid.add(e.getMessage());
            }
        }
        if (!invalid.isEmpty()) {
            throw new AssertionError(dir + ": " + invalid.size() + " invalid document(s):\n - " + String.join("\n - ", invalid));
        }
        return new Rendered(dir, yaml, Collections.unmodifiableList(docs), Collections.unmodifiableList(objects));
    }

    <T> List<T> all(Class<T> type) {
        List<T> found = new ArrayList<>();
        for (Object o : objects) {
            if (type.isInstance(o)) {
                found.add(type.cast(o));
            }
        }
        return found;
    }

    /** By metadata.name, for fabric8 resources. */
    <T extends HasMetadata> Map<String, T> byName(Class<T> type) {
        Map<String, T> map = new LinkedHashMap<>();
        for (T t : all(type)) {
            map.put(t.getMetadata().getName(), t);
        }
        return map;
    }

    Optional<Deployment> deployment(String name) {
        return Optional.ofNullable(byName(Deployment.class).get(name));
    }

    /** A generated ConfigMap or Secret is named {@code <name>-<hash>}. */
    static boolean generatedName(String actual, String base) {
        return actual.equals(base) || actual.startsWith(base + "-") && actual.substring(base.length() + 1).matches("[a-z0-9]{10}");
    }

    ConfigMap configMap(String base) {
        return all(ConfigMap.class).stream().filter(c -> generatedName(c.getMetadata().getName(), base)).findFirst()
                .orElseThrow(() -> new AssertionError(dir + ": no ConfigMap " + base));
    }

    Secret secret(String base) {
        return all(Secret.class).stream().filter(c -> generatedName(c.getMetadata().getName(), base)).findFirst()
                .orElseThrow(() -> new AssertionError(dir + ": no Secret " + base));
    }

    /** The ConfigMap dea-config every service reads. */
    Map<String, String> config() {
        return configMap("dea-config").getData();
    }
}
