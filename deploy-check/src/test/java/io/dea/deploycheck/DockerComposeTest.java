package io.dea.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import io.dea.platform.source.SourceSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * docker-compose.yml, parsed as Compose reads it (YAML merge keys resolved, duplicate keys rejected):
 * a KRaft Kafka, the registry and every service, each with a health check and waiting for healthy
 * dependencies, with the same environment keys as the Kubernetes ConfigMap and Secret.
 */
class DockerComposeTest {

    private static final Set<String> SERVICE_KEYS = Set.of("image", "build", "hostname", "command", "entrypoint",
            "environment", "env_file", "ports", "expose", "volumes", "depends_on", "healthcheck", "restart",
            "deploy", "networks", "profiles", "user", "working_dir", "labels", "secrets", "configs", "stop_grace_period");
    private static final Set<String> TOP_LEVEL_KEYS = Set.of("name", "services", "volumes", "networks", "secrets", "configs");

    private static Map<String, Object> compose;
    private static Map<String, Map<String, Object>> services;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void parse() throws IOException {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        compose = new Yaml(new SafeConstructor(options)).load(Files.readString(Repo.root().resolve("docker-compose.yml")));
        services = (Map<String, Map<String, Object>>) compose.get("services");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o == null ? Map.of() : (Map<String, Object>) o;
    }

    private static Map<String, String> env(String service) {
        Map<String, String> env = new LinkedHashMap<>();
        map(services.get(service).get("environment")).forEach((k, v) -> env.put(k, v == null ? null : String.valueOf(v)));
        return env;
    }

    /** The services of the platform (everything but the broker). */
    private static List<String> platformServices() {
        return Repo.services();
    }

    @Test
    void onlyKeysComposeKnowsAndEveryServiceOfThePlatform() {
        for (String key : compose.keySet()) {
            assertThat(key).as("top-level key").satisfiesAnyOf(k -> assertThat(TOP_LEVEL_KEYS).contains(k),
                    k -> assertThat(k).startsWith("x-"));
        }
        Set<String> expected = new LinkedHashSet<>(List.of("kafka"));
        expected.addAll(platformServices());
        assertThat(services.keySet()).containsExactlyInAnyOrderElementsOf(expected);
        services.forEach((name, s) -> assertThat(SERVICE_KEYS).as(name).containsAll(s.keySet()));
        for (String name : platformServices()) {
            assertThat(services.get(name).get("image")).as(name).isEqualTo("dea/" + name + ":" + Invariants.IMAGE_TAG);
        }
        Set<String> declaredVolumes = map(compose.get("volumes")).keySet();
        services.forEach((name, s) -> {
            for (Object mount : (List<?>) s.getOrDefault("volumes", List.of())) {
                String source = String.valueOf(mount).split(":")[0];
                if (bindMount(source)) {
                    assertThat(String.valueOf(mount)).as(name + ": a host directory is mounted read-only").endsWith(":ro");
                } else {
                    assertThat(declaredVolumes).as(name + " mounts " + mount).contains(source);
                }
            }
        });
    }

    @Test
    void kafkaRunsInKraftModeWithTheProjectsKafkaVersionAndAHealthCheck() {
        Map<String, Object> kafka = services.get("kafka");
        assertThat(kafka.get("image")).isEqualTo("apache/kafka:" + Repo.kafkaVersion());
        Map<String, String> env = env("kafka");
        assertThat(env.get("KAFKA_PROCESS_ROLES")).contains("broker").contains("controller");
        assertThat(env).containsKeys("CLUSTER_ID", "KAFKA_CONTROLLER_QUORUM_VOTERS", "KAFKA_CONTROLLER_LISTENER_NAMES");
        assertThat(env.keySet()).noneMatch(k -> k.contains("ZOOKEEPER"));
        assertThat(env).as("one broker: the orchestrator's exactly-once needs a transaction log it can create")
                .containsEntry("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
                .containsEntry("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
                .containsEntry("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1");
        assertThat(healthcheckTest("kafka")).contains("--bootstrap-server localhost:9092");
    }

    @Test
    void everyServiceHasAHealthCheckOnItsReadinessAndWaitsForAHealthyKafka() {
        for (String name : platformServices()) {
            int port = Repo.serverPort(name).port();
            assertThat(healthcheckTest(name)).as(name)
                    .contains("http://localhost:" + port + Invariants.READINESS);
            Map<String, Object> dependsOn = map(services.get(name).get("depends_on"));
            assertThat(map(dependsOn.get("kafka"))).as(name + " depends_on kafka").containsEntry("condition", "service_healthy");
            if (!name.equals(Repo.REGISTRY)) {
                assertThat(map(dependsOn.get(Repo.REGISTRY))).as(name + " depends_on the registry")
                        .containsEntry("condition", "service_healthy");
            }
            for (String dependency : dependsOn.keySet()) {
                assertThat(services).containsKey(dependency);
                assertThat(map(dependsOn.get(dependency))).containsEntry("condition", "service_healthy");
            }
        }
    }

    @Test
    void theEnvironmentHasTheKeysOfTheKubernetesConfigMapAndSecret() {
        Rendered dev = Rendered.overlay("dev");
        Set<String> k8sKeys = new LinkedHashSet<>(dev.config().keySet());
        k8sKeys.addAll(OverlaysTest.decode(dev.secret("dea-kafka-auth")).keySet());
        Set<String> common = null;
        for (String name : platformServices()) {
            Set<String> keys = env(name).keySet();
            assertThat(keys).as(name).containsAll(k8sKeys);
            if (common == null) {
                common = new LinkedHashSet<>(keys);
            } else {
                common.retainAll(keys);
            }
        }
        assertThat(common).as("keys every service gets in compose are exactly the ConfigMap's and Secret's")
                .containsExactlyInAnyOrderElementsOf(k8sKeys);
    }

    @Test
    void theEnvironmentPointsAtTheComposeBrokerAndRegistry() {
        Map<String, String> kafka = env("kafka");
        List<String> advertised = new ArrayList<>(List.of(kafka.get("KAFKA_ADVERTISED_LISTENERS").split(",")));
        for (String name : platformServices()) {
            Map<String, String> env = env(name);
            assertThat(advertised).as(name + " KAFKA_BOOTSTRAP").anyMatch(l -> l.endsWith("://" + env.get("KAFKA_BOOTSTRAP")));
            assertThat(env.get("SCHEMA_REGISTRY_URL")).isEqualTo("http://schema-registry:" + Repo.REGISTRY_PORT);
            assertThat(env.get("DEA_PARTITIONS")).isEqualTo(kafka.get("KAFKA_NUM_PARTITIONS"));
            assertThat(env.get("DEA_REPLICAS")).isEqualTo("1");
            assertThat(env.get("DEA_AUTO_REGISTER_SCHEMAS")).as("nothing registers schemas at deploy in compose").isEqualTo("true");
        }
        assertThat(env(Repo.REGISTRY)).containsEntry("SPRING_KAFKA_BOOTSTRAP_SERVERS", env(Repo.REGISTRY).get("KAFKA_BOOTSTRAP"))
                .containsEntry("MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED", "true");
    }

    @Test
    void everyServiceButTheRegistryHasItsDeaHomeOnTheSharedVolume() {
        for (String name : platformServices()) {
            if (name.equals(Repo.REGISTRY)) {
                continue;
            }
            String home = env(name).get("DEA_HOME");
            assertThat((List<?>) services.get(name).getOrDefault("volumes", List.of())).as(name)
                    .map(String::valueOf).contains("dea-home:" + home);
        }
    }

    @Test
    void orchestratorAndIngestionReadSourcesThroughTheSourcesConnectionOutsideDeaHome() {
        Map<String, Object> connections = new LinkedHashMap<>();
        for (String name : SourceDefaults.SERVICES) {
            assertThat(SourceDefaults.violations(name + ": ", name, env(name), env(name).get("DEA_HOME"), mounts(name))).isEmpty();
            SourceSettings.Connection sources = SourceDefaults.bind(name, env(name)).settings().connections().get(SourceDefaults.CONNECTION);
            assertThat(sources.roots()).containsExactly(SourceDefaults.ROOT);
            connections.put(name, SourceDefaults.bind(name, env(name)).settings().connections());
        }
        assertThat(connections.get(Repo.ORCHESTRATOR)).as("one policy: the orchestrator validates what ingestion loads")
                .isEqualTo(connections.get(Repo.INGESTION));
    }

    @Test
    void theSourceSettingsAreThoseOfTheKubernetesSourcesConfigMap() {
        Map<String, String> k8s = Rendered.overlay("dev").configMap("dea-sources").getData();
        for (String name : SourceDefaults.SERVICES) {
            assertThat(env(name)).as(name).containsAllEntriesOf(k8s);
        }
        for (String name : platformServices()) {
            if (!SourceDefaults.SERVICES.contains(name)) {
                assertThat(env(name).keySet()).as(name + " reads no sources").doesNotContainAnyElementsOf(k8s.keySet());
            }
        }
    }

    /** mount path → read-only, from the short syntax {@code source:target[:ro]}. */
    private static Map<String, Boolean> mounts(String service) {
        Map<String, Boolean> mounts = new LinkedHashMap<>();
        for (Object mount : (List<?>) services.get(service).getOrDefault("volumes", List.of())) {
            String[] parts = String.valueOf(mount).replaceFirst("^\\$\\{[^}]*}", "host").split(":");
            mounts.put(parts[1], parts.length > 2 && parts[2].equals("ro"));
        }
        return mounts;
    }

    private static boolean bindMount(String source) {
        return source.startsWith(".") || source.startsWith("/") || source.startsWith("$");
    }

    private static String healthcheckTest(String service) {
        Map<String, Object> hc = map(services.get(service).get("healthcheck"));
        assertThat(hc).as(service + " healthcheck").containsKeys("test", "interval", "timeout", "retries");
        Object test = hc.get("test");
        return test instanceof List<?> list ? String.join(" ", list.stream().map(String::valueOf).toList()) : String.valueOf(test);
    }
}
