package io.dea.stack.security;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import com.sun.net.httpserver.HttpServer;
import io.dea.events.v1.PlanState;
import io.dea.platform.kafka.KafkaAccess.Principal;
import io.dea.platform.warehouse.DuckDbWarehouse;
import io.dea.platform.warehouse.Warehouse;
import io.dea.stack.StackCredentials;
import io.dea.stack.StackFixture;
import io.dea.stack.TestProperties;
import io.dea.stack.cli.StackClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * No credential leaves the place it is kept. A stack runs a goal whose sources need credentials (a
 * password-protected H2 database and an API behind a bearer token, both operator connections), and
 * a goal whose source fails after logging in; then everything the runs produced is searched for
 * every secret the stack holds: every record of every topic, every commit and file of the data
 * project, every table of the warehouse, every review and its diff, the files under DEA_HOME and
 * every log line the services wrote.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecretsScanTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String DB_PASSWORD = "db-pw-" + UUID.randomUUID();
    private static final String API_TOKEN = "api-token-" + UUID.randomUUID();

    private final TestProperties properties = new TestProperties();
    private final StringBuffer logs = new StringBuffer();
    private Path dir;
    private HttpServer api;
    private StackFixture fixture;
    private AppenderBase<ILoggingEvent> capture;

    @BeforeAll
    void startStackWithCredentialedConnections() throws Exception {
        dir = Files.createTempDirectory("dea-secrets");
        String h2 = "jdbc:h2:" + dir.resolve("erp");
        try (Connection c = DriverManager.getConnection(h2, "shop", DB_PASSWORD); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (id INT PRIMARY KEY, order_date DATE, status VARCHAR(20))");
            s.execute("INSERT INTO orders VALUES (1, DATE '2026-11-01', 'paid'), (2, DATE '2026-11-01', 'paid'), (3, DATE '2026-11-02', 'paid')");
        }
        api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        api.createContext("/api/payments", exchange -> {
            boolean authorized = ("Bearer " + API_TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = (authorized ? "[{\"id\": 10, \"order_id\": 1, \"amount\": 5.5}, {\"id\": 11, \"order_id\": 2, \"amount\": 4.5},"
                    + " {\"id\": 12, \"order_id\": 3, \"amount\": 7.0}]" : "{\"error\": \"unauthorized\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(authorized ? 200 : 401, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        api.start();
        // The scan reads every table the run left, sandboxes included: the ops agent must not clean
        // them up between listing a table and reading it.
        properties.set("dea.lifecycle.enabled", "false");
        properties.set("dea.connections.erp.kind", "jdbc");
        properties.set("dea.connections.erp.url", h2);
        properties.set("dea.connections.erp.user", "shop");
        properties.set("dea.connections.erp.password", DB_PASSWORD);
        properties.set("dea.connections.shop.kind", "http");
        properties.set("dea.connections.shop.base-url", "http://127.0.0.1:" + api.getAddress().getPort() + "/api");
        properties.set("dea.connections.shop.headers.Authorization", "Bearer " + API_TOKEN);
        properties.set("dea.connections.shop.allow-private-addresses", "true");
        fixture = new StackFixture();
        captureLogs();
    }

    @AfterAll
    void stop() {
        if (capture != null) {
            capture.stop();
            ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(capture);
        }
        if (fixture != null) {
            fixture.close();
        }
        if (api != null) {
            api.stop(0);
        }
        properties.close();
    }

    @Test
    void noSecretAppearsInAnythingARunWithCredentialsProduced() throws Exception {
        StackClient runner = StackClient.of(fixture);
        PlanState honest = runner.submitAndFollow(goal("secret_revenue", "orders"));
        assertThat(honest.getState()).as("the credentialed goal: %s", honest.getReason()).isEqualTo("COMPLETED");
        PlanState failing = runner.submitAndFollow(goal("secret_missing", "no_such_table"));
        assertThat(failing.getState()).as("a goal whose table does not exist fails after logging in").isEqualTo("FAILED");

        Map<String, String> secrets = secrets();
        Map<String, String> produced = new LinkedHashMap<>();
        produced.put("topics", topics());
        produced.put("data project", dataProject());
        produced.put("warehouse", warehouse());
        produced.put("reviews", reviews());
        produced.put("DEA_HOME files", homeFiles());
        produced.put("logs", logs.toString());

        assertThat(produced.get("topics")).as("the scan read the goal's records").contains("secret_revenue");
        assertThat(produced.get("logs")).as("the scan read the services' logs").contains("secret_revenue");
        assertThat(produced.get("warehouse")).as("the scan read the loaded rows").contains("2026-11-02");
        for (var place : produced.entrySet()) {
            for (var secret : secrets.entrySet()) {
                assertThat(place.getValue().contains(secret.getValue()))
                        .as("%s must not contain %s", place.getKey(), secret.getKey()).isFalse();
            }
        }
    }

    /** Every secret the stack and its connections hold, by what it is. */
    private Map<String, String> secrets() {
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("the JDBC connection's password", DB_PASSWORD);
        secrets.put("the HTTP connection's token", API_TOKEN);
        secrets.put("the CLI's review token", fixture.stack.files().token());
        StackCredentials credentials = fixture.stack.credentials();
        for (Principal principal : Principal.values()) {
            secrets.put("the Kafka password of " + principal.user(), credentials.kafka(principal).password());
        }
        secrets.put("the Kafka admin password", credentials.admin().password());
        secrets.put("the registry operator's password", credentials.registry(StackCredentials.REGISTRY_OPERATOR));
        secrets.put("the registry submitter's password", credentials.registry(StackCredentials.REGISTRY_SUBMITTER));
        return secrets;
    }

    private Path goal(String mart, String table) throws IOException {
        Path goal = Files.createTempFile(dir, mart, ".yaml");
        Files.writeString(goal, """
                goal: revenue from the ERP and the shop API
                sources:
                  - { name: %2$s_orders, format: jdbc, connection: erp, table: %3$s, primary_key: id }
                  - { name: %2$s_payments, format: http, connection: shop, location: payments }
                relationships: [%2$s_payments.order_id -> %2$s_orders.id]
                mart:
                  name: %1$s
                  grain: [%2$s_orders.order_date]
                  measures: [{ name: revenue, agg: sum, expr: %2$s_payments.amount }]
                """.formatted(mart, mart.replace("secret_", ""), table));
        return goal;
    }

    /** Every record of every topic, raw: Avro keeps strings as UTF-8 bytes, so a secret would show. */
    private String topics() throws Exception {
        Properties p = new Properties();
        p.putAll(fixture.stack.adminClientProperties());
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, fixture.stack.bootstrapServers());
        Set<String> names;
        try (Admin admin = Admin.create(p)) {
            names = admin.listTopics(new org.apache.kafka.clients.admin.ListTopicsOptions().listInternal(true)).names().get();
        }
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        StringBuilder all = new StringBuilder();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = names.stream()
                    .flatMap(t -> consumer.partitionsFor(t).stream().map(i -> new TopicPartition(t, i.partition()))).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    all.append(text(record.key())).append(' ').append(text(record.value())).append('\n');
                    record.headers().forEach(h -> all.append(text(h.value())).append('\n'));
                }
            }
        }
        return all.toString();
    }

    /** Every change of every commit on every branch, and the files on main. */
    private String dataProject() throws Exception {
        Path project = fixture.stack.files().dataProject();
        Process git = new ProcessBuilder("git", "-C", project.toString(), "log", "--all", "-p", "--format=%H %an %s%n%b")
                .redirectErrorStream(true).start();
        String history = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(git.waitFor()).isZero();
        assertThat(history).as("the data project holds the goal's models").contains("secret_revenue");
        return history + files(project, Set.of(".git"));
    }

    /** Every row of every table in the warehouse. */
    private String warehouse() {
        Warehouse warehouse = new DuckDbWarehouse(fixture.stack.files().warehouse(), true);
        StringBuilder all = new StringBuilder();
        var tables = warehouse.query("SELECT table_schema, table_name FROM information_schema.tables").rows();
        for (List<Object> table : tables) {
            String name = "\"" + table.get(0) + "\".\"" + table.get(1) + "\"";
            warehouse.query("SELECT * FROM " + name).rows().forEach(row -> all.append(name).append(row).append('\n'));
        }
        return all.toString();
    }

    /** Every review with its diff, as the review API serves it. */
    private String reviews() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String token = fixture.stack.files().token();
        StringBuilder all = new StringBuilder();
        JsonNode list = JSON.readTree(get(http, "/reviews", token));
        for (JsonNode review : list) {
            all.append(get(http, "/reviews/" + review.path("id").asString(), token)).append('\n');
        }
        return all.toString();
    }

    private String get(HttpClient http, String path, String token) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(fixture.stack.reviewUrl() + path))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s", path).isEqualTo(200);
        return response.body();
    }

    /** The files under DEA_HOME other than where secrets are meant to be kept and the broker's own log. */
    private String homeFiles() throws IOException {
        StackCredentials credentials = fixture.stack.credentials();
        Path home = fixture.stack.files().home();
        Set<String> keepers = Set.of(credentials.file().getFileName().toString(), "token", "review-tokens.yml", "kafka");
        return files(home, keepers);
    }

    private static String files(Path root, Set<String> skipped) throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                Path relative = root.relativize(file);
                if (!skipped.contains(relative.getName(0).toString())) {
                    all.append(text(Files.readAllBytes(file))).append('\n');
                }
            }
        }
        return all.toString();
    }

    private static String text(byte[] bytes) {
        return bytes == null ? "" : new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** Every log event from now on, with its stack traces, as a person reading the stack's log would see it. */
    private void captureLogs() {
        capture = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                logs.append(event.getFormattedMessage()).append('\n');
                for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                    logs.append(t.getClassName()).append(": ").append(t.getMessage()).append('\n');
                }
            }
        };
        capture.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
        capture.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(capture);
    }

}
