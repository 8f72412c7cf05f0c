package io.dea.stack.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.dea.events.v1.GoalRequested;
import io.dea.events.v1.PlanState;
import io.dea.events.v1.StepState;
import io.dea.platform.avro.ConfluentAvroDeserializer;
import io.dea.platform.avro.ConfluentAvroSerializer;
import io.dea.platform.goal.GoalYaml;
import io.dea.platform.kafka.Topics;
import io.dea.platform.warehouse.DuckDbWarehouse;
import io.dea.stack.StackFixture;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A goal submitter's attacks through sources, on one real local stack with operator connections (a
 * DuckDB database, a files root, a loopback API): each goal is rejected with a reason that says what
 * to change, nothing runs or lands, and then honest goals complete. The stack takes its connections
 * from system properties, which Spring reads under the stack's own settings.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SourceAttacksTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Path EXAMPLE = Path.of("../examples/daily-revenue/data").toAbsolutePath().normalize();

    private Path dir;
    private Path drop;
    private Path marker;
    private HttpServer api;
    private final AtomicInteger apiHits = new AtomicInteger();
    private final List<String> properties = new ArrayList<>();
    private StackFixture fixture;
    private String honestGoal;

    @BeforeAll
    void startStack() throws Exception {
        dir = Files.createTempDirectory("dea-source-attacks");
        drop = Files.createDirectories(dir.resolve("drop"));
        marker = dir.resolve("marker.txt");
        Files.writeString(dir.resolve("secret.csv"), "card\n4111-1111\n");
        Files.writeString(drop.resolve("orders.csv"), Files.readString(EXAMPLE.resolve("orders.csv")).replace(",completed,", ",PAID,"));
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("shop.duckdb")); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders AS SELECT 1 AS id");
        }
        api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        api.createContext("/", ex -> {
            apiHits.incrementAndGet();
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        api.start();
        property("dea.connections.duck.kind", "jdbc");
        property("dea.connections.duck.url", "jdbc:duckdb:" + dir.resolve("shop.duckdb"));
        property("dea.connections.drop.kind", "files");
        property("dea.connections.drop.roots[0]", drop.toString());
        property("dea.connections.api.kind", "http");
        property("dea.connections.api.base-url", "http://127.0.0.1:" + api.getAddress().getPort() + "/api");
        property("dea.connections.api.allow-private-addresses", "true");
        fixture = new StackFixture();
    }

    @AfterAll
    void stopStack() {
        if (fixture != null) {
            fixture.close();
        }
        if (api != null) {
            api.stop(0);
        }
        properties.forEach(System::clearProperty);
    }

    @Test
    @Order(1)
    void theH2InitUrlIsRejectedAndRunsNothing() throws Exception {
        String url = "jdbc:h2:mem:x;INIT=CREATE ALIAS MARK AS 'void mark(String p) throws Exception { java.nio.file.Files.writeString("
                + "java.nio.file.Path.of(p), \"x\"); }'\\;CALL MARK('" + marker + "')";
        PlanState plan = rejected("{name: h2_init, format: jdbc, location: '" + url.replace("'", "''") + "', table: t}", "h2_init");

        assertThat(plan.getReason()).contains("source h2_init: a jdbc source must name a connection", "jdbc connections: [duck]");
        assertThat(marker).doesNotExist();
    }

    @Test
    @Order(2)
    void aDuckDbQueryReadingAFileIsRejected() throws Exception {
        PlanState plan = rejected("{name: duck_file, format: jdbc, connection: duck, query: \"SELECT * FROM read_text('"
                + fixture.home.resolve("token") + "')\"}", "duck_file");

        assertThat(plan.getReason()).contains("source duck_file: query refused: table function read_text");
    }

    @Test
    @Order(3)
    void aFileOutsideTheConnectionsRootsIsRejected() throws Exception {
        PlanState plan = rejected("{name: outside, format: csv, connection: drop, location: ../secret.csv}", "outside");

        assertThat(plan.getReason()).contains("outside the connection's roots").doesNotContain("4111");
    }

    @Test
    @Order(4)
    void theTokenInDeaHomeIsRejectedWithoutQuotingIt() throws Exception {
        String token = fixture.stack.files().token().trim();
        PlanState plan = rejected("{name: token, format: csv, location: '" + fixture.home.resolve("token") + "'}", "token");

        assertThat(plan.getReason()).contains("inside DEA_HOME").doesNotContain(token);
    }

    @Test
    @Order(5)
    void anHttpSourceAtALoopbackPortItsConnectionDoesNotAllowIsRejected() throws Exception {
        String registry = fixture.stack.registryUrl();
        PlanState plan = rejected("{name: api_port, format: http, connection: api, location: '" + registry + "/subjects'}", "api_port");

        assertThat(plan.getReason()).contains("is not under connection api's base URL");
        assertThat(apiHits).hasValue(0);
    }

    @Test
    @Order(6)
    void theHonestGoalCompletesAndNothingTheAttacksNamedLanded() throws Exception {
        honestGoal = submit(Files.readString(EXAMPLE.resolve("../goal.yaml")).replace("location: data/", "location: " + EXAMPLE + "/"));
        PlanState end = follow(honestGoal, Set.of());

        assertThat(end.getState()).as("%s: %s", honestGoal, end.getReason()).isEqualTo("COMPLETED");
        assertThat(landingTables()).containsExactlyInAnyOrder("orders", "payments", "customers");
    }

    @Test
    @Order(7)
    void aSecondGoalCannotReplaceTheFirstGoalsLandingTable() throws Exception {
        long before = ordersRows();
        String goalId = submit(goal("{name: orders, format: csv, connection: drop, location: orders.csv}", "orders"));
        PlanState failed = waitFor(goalId, p -> p.getSteps().stream().anyMatch(s -> s.getName().equals("ingest_orders")
                && "FAILED".equals(s.getState())) || "FAILED".equals(p.getState()));
        StepState ingest = failed.getSteps().stream().filter(s -> s.getName().equals("ingest_orders")).findFirst().orElseThrow();

        assertThat(ingest.getError() + " " + ingest.getSummary()).contains("landing.orders is owned by goal " + honestGoal,
                "rename this goal's source");
        assertThat(ordersRows()).isEqualTo(before);
        assertThat(countWhere("SELECT count(*) FROM landing.orders WHERE status = 'PAID'")).as("none of the second goal's rows").isZero();
        rejectPending(goalId);
    }

    // --- the submitter's client: goals in, plan states out, reviews through the review API -------------

    private PlanState rejected(String source, String name) throws Exception {
        String goalId = submit(goal(source, name));
        PlanState plan = waitFor(goalId, p -> Set.of("REJECTED", "COMPLETED", "FAILED").contains(p.getState()));
        assertThat(plan.getState()).as(plan.getReason()).isEqualTo("REJECTED");
        assertThat(plan.getSteps()).as("nothing was planned, so nothing ran").isEmpty();
        return plan;
    }

    private static String goal(String source, String name) {
        return "goal: attack\nsources:\n  - " + source + "\nmart:\n  name: m_" + name + "\n  grain: [" + name + ".id]\n"
                + "  measures: [{name: n, agg: count, expr: " + name + ".id}]\n";
    }

    private void property(String key, String value) {
        System.setProperty(key, value);
        properties.add(key);
    }

    private String submit(String yaml) throws Exception {
        String goalId = "g-attack-" + UUID.randomUUID().toString().substring(0, 8);
        GoalRequested request = new GoalRequested(goalId, "submitter", Instant.now(), GoalYaml.parse(yaml));
        Properties p = kafka();
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ConfluentAvroSerializer.class);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(p)) {
            producer.send(new ProducerRecord<>(Topics.GOAL_REQUESTS, goalId, request)).get(30, TimeUnit.SECONDS);
        }
        return goalId;
    }

    private Properties kafka() {
        Properties p = new Properties();
        p.putAll(fixture.stack.kafkaClientProperties());
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, fixture.stack.bootstrapServers());
        p.put(ConfluentAvroSerializer.REGISTRY_URL, fixture.stack.registryUrl());
        return p;
    }

    private Map<String, PlanState> planStates() {
        Properties p = kafka();
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ConfluentAvroDeserializer.class);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Map<String, PlanState> plans = new LinkedHashMap<>();
        try (KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(Topics.PLAN_STATE, Duration.ofSeconds(15))
                    .forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.currentTimeMillis() + 30_000;
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, Object> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() instanceof PlanState state) {
                        plans.put(record.key(), state);
                    }
                }
            }
        }
        return plans;
    }

    private PlanState waitFor(String goalId, Predicate<PlanState> done) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            PlanState state = planStates().get(goalId);
            if (state != null && done.test(state)) {
                return state;
            }
            Thread.sleep(300);
        }
        throw new AssertionError("goal " + goalId + " did not reach the expected state: " + planStates().get(goalId));
    }

    /** Follows a goal to its end, approving its reviews as a reviewer would. */
    private PlanState follow(String goalId, Set<String> decided) throws Exception {
        Set<String> seen = new HashSet<>(decided);
        Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
        while (Instant.now().isBefore(deadline)) {
            PlanState plan = planStates().get(goalId);
            if (plan != null && Set.of("COMPLETED", "FAILED", "REJECTED", "ROLLED_BACK").contains(plan.getState())) {
                return plan;
            }
            for (JsonNode review : review("GET", "/reviews?state=PENDING&goal=" + goalId)) {
                if (seen.add(review.path("id").asString())) {
                    review("POST", "/reviews/" + review.path("id").asString() + "/approve");
                }
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("goal " + goalId + " did not end: " + planStates().get(goalId));
    }

    private void rejectPending(String goalId) throws Exception {
        for (JsonNode review : review("GET", "/reviews?state=PENDING&goal=" + goalId)) {
            review("POST", "/reviews/" + review.path("id").asString() + "/reject");
        }
    }

    private JsonNode review(String method, String path) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(fixture.stack.reviewUrl() + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + fixture.stack.files().token().trim()).header("Accept", "application/json");
        if (method.equals("POST")) {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                    path.endsWith("/reject") ? "{\"reason\": \"attack\"}" : "{\"comment\": \"ok\"}"));
        }
        HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
        return JSON.readTree(response.body());
    }

    // --- the warehouse, read-only ----------------------------------------------------------------------

    private List<String> landingTables() {
        return new DuckDbWarehouse(fixture.stack.files().warehouse(), true)
                .query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'landing'").rows().stream()
                .map(r -> (String) r.get(0)).toList();
    }

    private long ordersRows() {
        return countWhere("SELECT count(*) FROM landing.orders");
    }

    private long countWhere(String sql) {
        return ((Number) new DuckDbWarehouse(fixture.stack.files().warehouse(), true).query(sql).rows().get(0).get(0)).longValue();
    }
}
