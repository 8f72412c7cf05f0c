package io.dea.stack;

import io.dea.cost.CostServiceApplication;
import io.dea.governance.GovernanceServiceApplication;
import io.dea.ingestion.IngestionServiceApplication;
import io.dea.modeling.ModelingServiceApplication;
import io.dea.ops.OpsServiceApplication;
import io.dea.orchestrator.OrchestratorServiceApplication;
import io.dea.platform.avro.SchemaRegistryClient;
import io.dea.platform.avro.TopicSchemas;
import io.dea.platform.kafka.KafkaAccess.Principal;
import io.dea.platform.kafka.Topics;
import io.dea.quality.QualityServiceApplication;
import io.dea.registry.SchemaRegistryApplication;
import io.dea.review.ReviewServiceApplication;
import io.dea.transform.TransformServiceApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The embedded default: a Kafka broker, the schema registry and every service, each its own Spring
 * application context (as it would be its own pod), in one JVM to spare a two-core machine eleven
 * JVM start-ups. State lives under DEA_HOME, so a stopped stack starts again where it was.
 */
public final class LocalStack implements AutoCloseable {

    /** The stack's log names each line's service; set before the first logger, so the broker's lines have it too. */
    static final String LOG_CONFIG = "dea-stack-logback.xml";

    static {
        if (System.getProperty("logback.configurationFile") == null && System.getProperty("logging.config") == null) {
            // Logback reads the first, Spring Boot (which re-applies it) only the second and warns about the first.
            System.setProperty("logback.configurationFile", LOG_CONFIG);
            LoggerFactory.getILoggerFactory();
            System.clearProperty("logback.configurationFile");
            System.setProperty("logging.config", "classpath:" + LOG_CONFIG);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(LocalStack.class);
    /** Every port of the stack listens on loopback only. */
    static final String LOOPBACK = "127.0.0.1";

    /** The services in start order; the orchestrator and review service first so gates open at once. */
    static final Map<String, Function<Map<String, Object>, ConfigurableApplicationContext>> SERVICES = services();

    /**
     * Every service shares this JVM's classpath here, so auto-configuration meant for one would
     * switch on in all: only the review service is secured (its own jar alone carries Spring
     * Security when deployed), and the registry is not a dea service.
     */
    public static final List<String> SECURITY = List.of(
            "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration");
    public static final List<String> NOT_FOR_THE_REGISTRY = java.util.stream.Stream.concat(SECURITY.stream(),
            java.util.stream.Stream.of("io.dea.platform.config.PlatformAutoConfiguration")).toList();

    private final StackFiles files;
    private final Settings settings;
    private StackCredentials credentials;
    private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();
    private final Map<String, ConfigurableApplicationContext> byName = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> propertiesByName = new LinkedHashMap<>();
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private KafkaBroker broker;

    /**
     * Where things listen and what the services use.
     *
     * @param kafkaPort    the broker's client port
     * @param registryPort the schema registry's port
     * @param reviewPort   the review API's port
     * @param dbt          the dbt executable
     * @param sourceDir    where relative source paths of goals resolve
     * @param scram        the submitter's SCRAM credentials (user {@code submitter}) when the operator chooses its
     *                     password; null: the stack generates it. Every principal logs in with SCRAM either way.
     */
    public record Settings(int kafkaPort, int registryPort, int reviewPort, String dbt, Path sourceDir, KafkaScram scram) {

        public Settings(int kafkaPort, int registryPort, int reviewPort, String dbt, Path sourceDir) {
            this(kafkaPort, registryPort, reviewPort, dbt, sourceDir, null);
        }
    }

    public LocalStack(Path home, Settings settings) {
        this.files = new StackFiles(home);
        this.settings = settings;
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args.length > 0 ? args[0] : System.getenv().getOrDefault("DEA_HOME", ".dea"));
        Settings settings = new Settings(
                Integer.parseInt(System.getenv().getOrDefault("DEA_KAFKA_PORT", "19092")),
                Integer.parseInt(System.getenv().getOrDefault("DEA_REGISTRY_PORT", "18081")),
                Integer.parseInt(System.getenv().getOrDefault("DEA_REVIEW_PORT", "18085")),
                System.getenv().getOrDefault("DEA_DBT", "dbt"),
                Path.of(System.getenv().getOrDefault("DEA_SOURCE_DIR", ".")).toAbsolutePath(),
                KafkaScram.fromEnvironment(System.getenv()));
        LocalStack stack = new LocalStack(home, settings);
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "stack-shutdown"));
        try {
            stack.start();
        } catch (Exception e) {
            log.error("the local stack could not start: {}", e.getMessage(), e);
            stack.close();
            System.exit(1);
        }
        Thread.currentThread().join();
    }

    public void start() throws Exception {
        Instant started = Instant.now();
        status("starting", null);
        startBroker();
        Map<String, Object> registryProperties = new HashMap<>(kafkaClientSettings(Principal.REGISTRY));
        registryProperties.put("management.endpoints.web.exposure.include", "health,prometheus");
        registryProperties.put("spring.autoconfigure.exclude", String.join(",", NOT_FOR_THE_REGISTRY));
        registryProperties.put("server.address", LOOPBACK);
        registryProperties.put("dea.registry.users." + StackCredentials.REGISTRY_OPERATOR + ".password",
                credentials.registry(StackCredentials.REGISTRY_OPERATOR));
        registryProperties.put("dea.registry.users." + StackCredentials.REGISTRY_OPERATOR + ".role", "write");
        registryProperties.put("dea.registry.users." + StackCredentials.REGISTRY_SUBMITTER + ".password",
                credentials.registry(StackCredentials.REGISTRY_SUBMITTER));
        registryProperties.put("dea.registry.users." + StackCredentials.REGISTRY_SUBMITTER + ".role", "read");
        ConfigurableApplicationContext registry = ServiceThreads.start("schema-registry",
                () -> SchemaRegistryApplication.start(broker.bootstrapServers(), settings.registryPort(), registryProperties));
        contexts.add(registry);
        ports.put("schema-registry", port(registry));
        waitHealthy("schema-registry", port(registry));
        TopicSchemas.registerAll(new SchemaRegistryClient(registryUrl(), credentials.registryUserInfo(StackCredentials.REGISTRY_OPERATOR)));
        files.writeReviewTokens();
        Map<String, Object> common = common();
        for (var service : SERVICES.entrySet()) {
            Map<String, Object> properties = new HashMap<>(common);
            properties.putAll(kafkaClientSettings(Principal.ofService(service.getKey())));
            boolean review = service.getKey().equals("review-service");
            properties.put("server.port", review ? settings.reviewPort() : 0);
            if (!review) {
                properties.put("spring.autoconfigure.exclude", String.join(",", SECURITY));
            }
            ConfigurableApplicationContext context = ServiceThreads.start(service.getKey(), () -> service.getValue().apply(properties));
            contexts.add(context);
            byName.put(service.getKey(), context);
            propertiesByName.put(service.getKey(), properties);
            ports.put(service.getKey(), port(context));
            log.info("{} started on port {}", service.getKey(), port(context));
        }
        for (var entry : ports.entrySet()) {
            waitHealthy(entry.getKey(), entry.getValue());
        }
        status("ready", Duration.between(started, Instant.now()));
        log.info("local stack ready in {} s", Duration.between(started, Instant.now()).toSeconds());
    }

    /** Stops one service and starts it again with the same settings, as a pod restart would. */
    public synchronized void restart(String service) throws InterruptedException {
        restart(service, Map.of());
    }

    /** Restarts one service with some of its settings changed, as a rollout of a new configuration would. */
    public synchronized void restart(String service, Map<String, Object> changed) throws InterruptedException {
        propertiesByName.get(service).putAll(changed);
        ConfigurableApplicationContext old = byName.get(service);
        contexts.remove(old);
        old.close();
        log.info("{} stopped", service);
        ConfigurableApplicationContext fresh = ServiceThreads.start(service, () -> SERVICES.get(service).apply(propertiesByName.get(service)));
        contexts.add(fresh);
        byName.put(service, fresh);
        ports.put(service, port(fresh));
        waitHealthy(service, port(fresh));
        log.info("{} started again", service);
    }

    /** Starts one more instance of a service beside the running one, as scaling a deployment would. */
    public synchronized ConfigurableApplicationContext addReplica(String service, String instance) throws InterruptedException {
        Map<String, Object> properties = new HashMap<>(propertiesByName.get(service));
        properties.put("dea.instance", instance);
        properties.put("server.port", 0);
        ConfigurableApplicationContext replica = ServiceThreads.start(service, () -> SERVICES.get(service).apply(properties));
        contexts.add(replica);
        waitHealthy(service + " " + instance, port(replica));
        return replica;
    }

    /** Each running service's HTTP port (health, metrics, and the review API for the review service). */
    public synchronized Map<String, Integer> ports() {
        return Map.copyOf(ports);
    }

    public ConfigurableApplicationContext context(String service) {
        return byName.get(service);
    }

    /**
     * The broker with logins and ACLs: SCRAM users, topics and ACLs are made as its admin before any
     * service starts (services may not create topics).
     */
    private void startBroker() throws Exception {
        boolean formatted = java.nio.file.Files.exists(files.home().resolve("kafka").resolve("meta.properties"));
        boolean known = java.nio.file.Files.exists(files.home().resolve("credentials.properties"));
        if (formatted && !known) {
            throw new IllegalStateException(files.home().resolve("kafka") + " was made by a stack without Kafka authorization: "
                    + "remove that directory (its topics and plans go with it) or use a fresh DEA_HOME");
        }
        credentials = StackCredentials.load(files.home());
        if (settings.scram() != null) {
            credentials.submitterPassword(settings.scram().password());
        }
        broker = new KafkaBroker(files.home().resolve("kafka"), settings.kafkaPort(), settings.kafkaPort() + 1,
                new KafkaBroker.Security(credentials.admin(), credentials.controllerPassword()));
        ServiceThreads.call("kafka", () -> {
            broker.start();
            return broker;
        });
        KafkaSetup.apply(broker.bootstrapServers(), broker.adminProperties(), credentials,
                Integer.parseInt(System.getenv().getOrDefault("DEA_PARTITIONS", "6")), (short) 1);
        log.info("kafka broker up on {} with SCRAM logins and ACLs", broker.bootstrapServers());
    }

    /** Properties every service gets: where Kafka, the registry and the warehouse are (each service's Kafka login is added apart). */
    Map<String, Object> common() {
        Map<String, Object> p = new HashMap<>();
        p.put("spring.kafka.bootstrap-servers", broker.bootstrapServers());
        // Topics exist already (made by the admin); services are not allowed to create them.
        p.put("spring.kafka.admin.auto-create", false);
        // Schemas are registered by the stack's registry operator; services only look them up.
        p.put("spring.kafka.properties.auto.register.schemas", false);
        p.put("server.address", LOOPBACK);
        p.put("spring.kafka.properties.schema.registry.url", registryUrl());
        p.put("dea.home", files.home().toString());
        p.put("dea.dbt", settings.dbt());
        p.put("dea.ingestion.base-dir", settings.sourceDir().toString());
        p.put("dea.sources.raw-locations", "files");
        p.put("dea.review.tokens-file", files.reviewTokens().toString());
        p.put("management.endpoints.web.exposure.include", "health,info,prometheus,metrics");
        // The language model, when one is configured (the key binds from DEA_LLM_API_KEY itself, never copied here).
        Map.of("DEA_LLM_PROVIDER", "dea.llm.provider", "DEA_LLM_BASE_URL", "dea.llm.base-url", "DEA_LLM_MODEL", "dea.llm.model")
                .forEach((variable, property) -> {
                    String value = System.getenv(variable);
                    if (value != null && !value.isBlank()) {
                        p.put(property, value);
                    }
                });
        return p;
    }

    /** One principal's Kafka login as Spring Boot properties, for every Kafka client of its service's context. */
    private Map<String, Object> kafkaClientSettings(Principal principal) {
        Map<String, Object> p = new HashMap<>();
        credentials.kafka(principal).clientProperties().forEach((key, value) -> p.put("spring.kafka.properties." + key, value));
        return p;
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** What the submitter (the CLI, foreign clients) needs besides the bootstrap servers: its SASL settings. */
    public Map<String, String> kafkaClientProperties() {
        return kafkaClientProperties(Principal.SUBMITTER);
    }

    /** One principal's SASL client settings (tests play a service's principal with these). */
    public Map<String, String> kafkaClientProperties(Principal principal) {
        return credentials.kafka(principal).clientProperties();
    }

    /** The broker admin's client settings: only the stack runner, and tests playing the operator, use them. */
    public Map<String, String> adminClientProperties() {
        return broker.adminProperties();
    }

    public StackCredentials credentials() {
        return credentials;
    }

    public String registryUrl() {
        return "http://127.0.0.1:" + settings.registryPort();
    }

    public String reviewUrl() {
        return "http://127.0.0.1:" + settings.reviewPort();
    }

    public StackFiles files() {
        return files;
    }

    private void status(String state, Duration startup) {
        Map<String, Object> stack = new LinkedHashMap<>();
        stack.put("state", state);
        stack.put("pid", ProcessHandle.current().pid());
        stack.put("KAFKA_BOOTSTRAP", "127.0.0.1:" + settings.kafkaPort());
        // Passwords stay in credentials.properties (0600); the CLI reads them there.
        stack.put("KAFKA_SECURITY_PROTOCOL", KafkaScram.PROTOCOL);
        stack.put("KAFKA_SASL_MECHANISM", KafkaScram.MECHANISM);
        stack.put("KAFKA_USERNAME", Principal.SUBMITTER.user());
        stack.put("SCHEMA_REGISTRY_URL", registryUrl());
        stack.put("REVIEW_API", reviewUrl());
        stack.put("REQUEST_TOPIC", Topics.GOAL_REQUESTS);
        stack.put("WAREHOUSE", files.warehouse().toString());
        stack.put("DATA_PROJECT", files.dataProject().toString());
        stack.put("services", new LinkedHashMap<>(ports));
        if (startup != null) {
            stack.put("startup_seconds", startup.toSeconds());
        }
        files.writeStack(stack);
    }

    private static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port", "0"));
    }

    private static void waitHealthy(String name, int port) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        URI uri = URI.create("http://127.0.0.1:" + port + "/actuator/health");
        Instant deadline = Instant.now().plusSeconds(180);
        String last = "no answer";
        while (Instant.now().isBefore(deadline)) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                last = response.statusCode() + " " + response.body();
            } catch (Exception e) {
                last = e.toString();
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(name + " did not become healthy in 180 s: " + last);
    }

    @Override
    public synchronized void close() {
        for (int i = contexts.size() - 1; i >= 0; i--) {
            try {
                contexts.get(i).close();
            } catch (Exception e) {
                log.warn("stopping a service failed: {}", e.getMessage());
            }
        }
        contexts.clear();
        if (broker != null) {
            broker.close();
            broker = null;
        }
        try {
            java.nio.file.Files.deleteIfExists(files.stackJson());
        } catch (Exception ignored) {
            // nothing to undo: the file only says where a running stack is
        }
    }

    private static Map<String, Function<Map<String, Object>, ConfigurableApplicationContext>> services() {
        Map<String, Function<Map<String, Object>, ConfigurableApplicationContext>> s = new LinkedHashMap<>();
        s.put("orchestrator-service", OrchestratorServiceApplication::start);
        s.put("review-service", ReviewServiceApplication::start);
        s.put("ingestion-service", IngestionServiceApplication::start);
        s.put("modeling-service", ModelingServiceApplication::start);
        s.put("transform-service", TransformServiceApplication::start);
        s.put("quality-service", QualityServiceApplication::start);
        s.put("governance-service", GovernanceServiceApplication::start);
        s.put("cost-service", CostServiceApplication::start);
        s.put("ops-service", OpsServiceApplication::start);
        return s;
    }
}
