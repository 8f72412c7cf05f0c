package io.dea.deploycheck;

import io.dea.platform.kafka.AgentKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The repository this module checks: where things are, and what the services' own configuration says. */
final class Repo {

    /** The schema registry has no yml of its own; its port is SchemaRegistryApplication.DEFAULT_PORT. */
    static final int REGISTRY_PORT = 8081;
    static final String REGISTRY = "schema-registry";
    static final String ORCHESTRATOR = "orchestrator-service";
    static final String REVIEW = "review-service";
    static final String INGESTION = "ingestion-service";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.-]+):([0-9]+)}");

    private Repo() {
    }

    static String property(String name, String fallback) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** The multi-module root (surefire passes it; from an IDE the working directory is the module). */
    static Path root() {
        String configured = System.getProperty("dea.repo.root");
        Path root = configured != null && !configured.isBlank() ? Path.of(configured) : Path.of("..");
        root = root.toAbsolutePath().normalize();
        if (!Files.isRegularFile(root.resolve("pom.xml")) || !Files.isDirectory(root.resolve("k8s"))) {
            throw new IllegalStateException(root + " is not the repository root (no pom.xml and k8s/ there)");
        }
        return root;
    }

    static Path k8s() {
        return root().resolve("k8s");
    }

    static String agentService(AgentKind kind) {
        return kind.id() + "-service";
    }

    static List<String> agentServices() {
        List<String> names = new ArrayList<>();
        for (AgentKind kind : AgentKind.values()) {
            names.add(agentService(kind));
        }
        return names;
    }

    /** Every deployable: the registry, the orchestrator, the review service and one service per agent kind. */
    static List<String> services() {
        List<String> names = new ArrayList<>(List.of(REGISTRY, ORCHESTRATOR, REVIEW));
        names.addAll(agentServices());
        return names;
    }

    /** The HTTP port a service listens on by default and the variable that overrides it (null: none). */
    record ServerPort(int port, String variable) {
    }

    /** Read from {@code <service>/src/main/resources/<service>.yml}: {@code server.port: ${VAR:default}}. */
    static ServerPort serverPort(String service) {
        if (service.equals(REGISTRY)) {
            return new ServerPort(REGISTRY_PORT, null);
        }
        Path yml = root().resolve(service).resolve("src/main/resources").resolve(service + ".yml");
        try {
            JsonNode port = YAMLMapper.builder().build().readTree(Files.readString(yml)).path("server").path("port");
            String text = port.asString();
            Matcher m = PLACEHOLDER.matcher(text);
            if (m.matches()) {
                return new ServerPort(Integer.parseInt(m.group(2)), m.group(1));
            }
            if (port.isInt()) {
                return new ServerPort(port.intValue(), null);
            }
            throw new IllegalStateException(yml + ": server.port '" + text + "' is neither a number nor ${VAR:number}");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Kafka version of the root pom ({@code kafka.version}), which docker-compose's broker image matches. */
    static String kafkaVersion() {
        try {
            Matcher m = Pattern.compile("<kafka\\.version>([^<]+)</kafka\\.version>").matcher(Files.readString(root().resolve("pom.xml")));
            if (!m.find()) {
                throw new IllegalStateException("no <kafka.version> in the root pom");
            }
            return m.group(1).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
