package io.dea.review;

import io.dea.platform.catalog.Catalog;
import io.dea.platform.catalog.CatalogEntry;
import io.dea.platform.warehouse.DuckDbWarehouse;

import io.dea.platform.testing.TestKafka;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.dea.events.v1.Decision;
import io.dea.events.v1.EventMeta;
import io.dea.events.v1.ReviewDecided;
import io.dea.events.v1.ReviewRequested;
import io.dea.events.v1.RollbackRequested;
import io.dea.platform.avro.ConfluentAvroDeserializer;
import io.dea.platform.avro.ConfluentAvroSerializer;
import io.dea.platform.avro.SchemaRegistryClient;
import io.dea.platform.kafka.Topics;
import io.dea.platform.lineage.DatasetRef;
import io.dea.platform.lineage.LineageGraphEvents;
import io.openlineage.client.OpenLineageClientUtils;
import io.dea.registry.SchemaRegistryApplication;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The review service on a real broker and a real schema registry, over real HTTP: reviews come in
 * from the topic, decisions go out to it, tokens and roles decide who may do what, and the state
 * is rebuilt from the topics after a restart.
 */
class ReviewServiceIntegrationTest {

    private static final String ADMIN = "admin-token";
    private static final String REVIEWER = "reviewer-token";
    private static final String AGENT = "agent-token";
    private static final String AGENT_ROLE = "agent-role-token";
    private static final String FROM_FILE = "file-token";
    private static final String COST_ONLY = "cost-only-token";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final BlockingQueue<String> WEBHOOK_CALLS = new LinkedBlockingQueue<>();

    @TempDir
    static Path home;

    private static TestKafka broker;
    private static ConfigurableApplicationContext registry;
    private static HttpServer webhook;
    private static String registryUrl;
    private static KafkaProducer<String, Object> producer;
    private static ConfigurableApplicationContext service;
    private static String api;

    @BeforeAll
    static void startStack() throws IOException {
        broker = TestKafka.start();
        broker.createTopic("dea._schemas", 1, Map.of("cleanup.policy", "compact"));
        // Spring Security and the platform are on this module's classpath; the registry in this JVM
        // must not pick them up (nor create the dea topics with the platform's default partitions).
        registry = SchemaRegistryApplication.start(broker.bootstrapServers(), 0, Map.of(
                "dea.registry.topic", "dea._schemas",
                // Registry writes need a user with the write role; the service auto-registers as it.
                "dea.registry.users.test.password", "test-registry-secret",
                "dea.registry.users.test.role", "write",
                "spring.autoconfigure.exclude", String.join(",",
                        "io.dea.platform.config.PlatformAutoConfiguration",
                        "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
                        "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
                        "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
                        "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration",
                        "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration")));
        registryUrl = "http://localhost:" + registry.getEnvironment().getProperty("local.server.port");
        webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/hook", exchange -> {
            WEBHOOK_CALLS.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        webhook.start();
        Files.writeString(home.resolve("review-tokens.yml"), """
                - token: file-token
                  identity: carol
                  roles: [reviewer]
                """);
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(),
                new ConfluentAvroSerializer(SchemaRegistryClient.shared(registryUrl, "test:test-registry-secret"), true));
        startService();
    }

    @AfterAll
    static void stopStack() {
        if (service != null) {
            service.close();
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
        if (webhook != null) {
            webhook.stop(0);
        }
        if (registry != null) {
            registry.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void aPublishedReviewRequestShowsUpAsPending() throws Exception {
        String goal = "goal-" + UUID.randomUUID();
        String id = publishReview(goal, "CHANGE", "reviewer");

        JsonNode pending = getJson("/reviews?state=PENDING&goal=" + goal, ADMIN);
        assertThat(pending).hasSize(1);
        assertThat(pending.get(0).get("id").asString()).isEqualTo(id);
        assertThat(pending.get(0).get("goal_id").asString()).isEqualTo(goal);
        assertThat(pending.get(0).get("state").asString()).isEqualTo("PENDING");
        assertThat(pending.get(0).get("required_role").asString()).isEqualTo("reviewer");
        assertThat(Instant.parse(pending.get(0).get("requested_at").asString())).isBefore(Instant.now().plusSeconds(1));
        assertThat(pending.get(0).has("diff")).isFalse();

        JsonNode detail = getJson("/reviews/" + id, REVIEWER);
        assertThat(detail.get("diff").asString()).contains("+select 1");
        assertThat(detail.get("decided_by").isNull()).isTrue();
    }

    @Test
    void anUnknownReviewIs404WithAJsonError() throws Exception {
        HttpResponse<String> response = get("/reviews/no-such-review", ADMIN);
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(response.body()).get("message").asString()).contains("no-such-review");
    }

    @Test
    void approvingPublishesAReviewDecidedWithWhoWhenAndComment() throws Exception {
        String id = publishReview("goal-" + UUID.randomUUID(), "CHANGE", "reviewer");
        Instant before = Instant.now().minusSeconds(1);

        HttpResponse<String> response = post("/reviews/" + id + "/approve", ADMIN, "{\"comment\": \"looks good\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode review = JSON.readTree(response.body());
        assertThat(review.get("state").asString()).isEqualTo("APPROVED");
        assertThat(review.get("decided_by").asString()).isEqualTo("alice");
        List<ConsumerRecord<String, Object>> decisions = decisionsFor(id);
        assertThat(decisions).hasSize(1);
        assertThat(decisions.get(0).key()).isEqualTo("plan-" + id);
        ReviewDecided decided = (ReviewDecided) decisions.get(0).value();
        assertThat(decided.getDecision()).isEqualTo(Decision.APPROVED);
        assertThat(decided.getDecidedBy()).isEqualTo("alice");
        assertThat(decided.getComment()).isEqualTo("looks good");
        assertThat(decided.getDecidedAt()).isAfter(before).isBefore(Instant.now().plusSeconds(1));
        assertThat(decided.getMeta().getTraceId()).isEqualTo("trace-" + id);
        assertThat(decided.getMeta().getPlanId()).isEqualTo("plan-" + id);
        assertThat(decided.getMeta().getService()).isEqualTo("review-service");
    }

    @Test
    void anIntentReviewIsApprovedWithACorrectedGoalWhichMustBeAGoalAndAnswersNoOtherKind() throws Exception {
        String intent = publishReview("goal-" + UUID.randomUUID(), "INTENT", "reviewer");
        String change = publishReview("goal-" + UUID.randomUUID(), "CHANGE", "reviewer");
        String corrected = JSON.writeValueAsString(java.util.Map.of("goal_yaml", "goal: daily revenue\nmart: {name: revenue_by_day, "
                + "grain: [orders.order_date], measures: [{name: revenue, agg: sum, expr: payments.amount}]}\n"));

        HttpResponse<String> notAGoal = post("/reviews/" + intent + "/approve", ADMIN, "{\"goal_yaml\": \"mart: [1, 2]\"}");
        HttpResponse<String> wrongKind = post("/reviews/" + change + "/approve", ADMIN, corrected);
        assertThat(notAGoal.statusCode()).isEqualTo(400);
        assertThat(notAGoal.body()).contains("goal_yaml is not a goal");
        assertThat(wrongKind.statusCode()).isEqualTo(400);
        assertThat(wrongKind.body()).contains("answers only an INTENT review");
        assertThat(decisionsFor(change)).as("nothing published for a refused approval").isEmpty();

        assertThat(post("/reviews/" + intent + "/approve", ADMIN, corrected).statusCode()).isEqualTo(200);
        ReviewDecided decided = (ReviewDecided) decisionsFor(intent).get(0).value();
        assertThat(decided.getGoalYaml()).contains("revenue_by_day");
    }

    @Test
    void theDecisionNamesTheKindAttemptAndRoleItWasMadeFor() throws Exception {
        String id = publishReview("goal-" + UUID.randomUUID(), "COST", "cost-approver");

        assertThat(post("/reviews/" + id + "/approve", ADMIN, null).statusCode()).isEqualTo(200);

        ReviewDecided decided = (ReviewDecided) decisionsFor(id).get(0).value();
        assertThat(decided.getKind()).isEqualTo("COST");
        assertThat(decided.getAttempt()).isEqualTo(1);
        assertThat(decided.getRole()).isEqualTo("cost-approver");
    }

    @Test
    void underFourEyesTheRequesterGets403AndAnotherReviewerDecides() throws Exception {
        String id = publishReview("goal-" + UUID.randomUUID(), "CHANGE", "reviewer", "alice");

        HttpResponse<String> own = post("/reviews/" + id + "/approve", ADMIN, null);
        assertThat(own.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(own.body()).get("message").asString()).contains("alice requested this goal", "another reviewer");
        assertThat(decisionsFor(id)).isEmpty();

        assertThat(post("/reviews/" + id + "/approve", REVIEWER, null).statusCode()).isEqualTo(200);
        assertThat(((ReviewDecided) decisionsFor(id).get(0).value()).getDecidedBy()).isEqualTo("bob");
    }

    @Test
    void aReviewerAsksForARollbackThroughTheApiAndItIsPublishedWithTheirName() throws Exception {
        String goal = "goal-" + UUID.randomUUID();

        HttpResponse<String> response = post("/goals/" + goal + "/rollback", REVIEWER, "{\"reason\": \"wrong totals\"}");

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(response.body()).get("requested_by").asString()).isEqualTo("bob");
        List<ConsumerRecord<String, Object>> requests = recordsOn(Topics.GOAL_ROLLBACKS,
                value -> value instanceof RollbackRequested r && r.getGoalId().equals(goal));
        assertThat(requests).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo(goal);
            RollbackRequested request = (RollbackRequested) record.value();
            assertThat(request.getRequestedBy()).isEqualTo("bob");
            assertThat(request.getReason()).isEqualTo("wrong totals");
        });
    }

    @Test
    void onlyAPersonWithTheReviewerRoleMayAskForARollback() throws Exception {
        String goal = "goal-" + UUID.randomUUID();

        assertThat(post("/goals/" + goal + "/rollback", COST_ONLY, null).statusCode()).isEqualTo(403);
        assertThat(post("/goals/" + goal + "/rollback", AGENT_ROLE, null).statusCode()).isEqualTo(403);
        assertThat(post("/goals/" + goal + "/rollback", null, null).statusCode()).isEqualTo(401);
        assertThat(recordsOn(Topics.GOAL_ROLLBACKS, value -> value instanceof RollbackRequested r && r.getGoalId().equals(goal))).isEmpty();
    }

    @Test
    void aGoalIdThatIsNotAPlainIdIsRefusedWith400AndNothingIsPublished() throws Exception {
        HttpResponse<String> response = post("/goals/" + "..%2F..%2Fetc" + "/rollback", REVIEWER, null);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(post("/goals/" + "-starts-with-a-dash" + "/rollback", REVIEWER, null).statusCode()).isEqualTo(400);
        assertThat(post("/goals/" + "x".repeat(101) + "/rollback", REVIEWER, null).statusCode()).isEqualTo(400);
        assertThat(recordsOn(Topics.GOAL_ROLLBACKS, value -> value instanceof RollbackRequested r
                && (r.getGoalId().contains("etc") || r.getGoalId().startsWith("-") || r.getGoalId().length() > 100))).isEmpty();
    }

    @Test
    void approvingTwiceIs200AndPublishesOnlyOneEvent() throws Exception {
        String id = publishReview("goal-" + UUID.randomUUID(), "CHANGE", "reviewer");

        assertThat(post("/reviews/" + id + "/approve", REVIEWER, null).statusCode()).isEqualTo(200);
        HttpResponse<String> again = post("/reviews/" + id + "/approve", ADMIN, "{\"comment\": \"again\"}");

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(again.body()).get("decided_by").asString()).isEqualTo("bob");
        assertThat(decisionsFor(id)).hasSize(1);
    }

    @Test
    void rejectingAfterApprovingIs409() throws Exception {
        String id = publishReview("goal-" + UUID.randomUUID(), "CHANGE", "reviewer");
        assertThat(post("/reviews/" + id + "/approve", ADMIN, null).statusCode()).isEqualTo(200);

        HttpResponse<String> reject = post("/reviews/" + id + "/reject", ADMIN, "{\"reason\": \"changed my mind\"}");

        assertThat(reject.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(reject.body()).get("status").asInt()).isEqualTo(409);
        assertThat(decisionsFor(id)).hasSize(1);
    }

    @Test
    void rejectingNeedsAReasonAndRecordsIt() throws Exception {
        String id = publishReview("goal-" + UUID.randomUUID(), "CHANGE", "reviewer");

        assertThat(post("/reviews/" + id + "/reject", ADMIN, null).statusCode()).isEqualTo(400);
        assertThat(post("/reviews/" + id + "/reject", ADMIN, "{\"reason\": \"  \"}").statusCode()).isEqualTo(400);
        HttpResponse<String> reject = post("/reviews/" + id + "/reject", ADMIN, "{\"reason\": \"drops a column\"}");

        assertThat(reject.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(reject.body()).get("state").asString()).isEqualTo("REJECTED");
        ReviewDecided decided = (ReviewDecided) decisionsFor(id).get(0).value();
        assertThat(decided.getDecision()).isEqualTo(Decision.REJECTED);
        assertThat(decided.getComment()).isEqualTo("drops a column");
    }

    @Test
    void anEscalationApprovalCarriesItsAction() throws Exception {
        String id = publishReview("goal-" + UUID.randomUUID(), "ESCALATION", "reviewer");

        assertThat(post("/reviews/" + id + "/approve", REVIEWER, "{\"action\": \"explode\"}").statusCode()).isEqualTo(400);
        assertThat(post("/reviews/" + id + "/approve", REVIEWER, "{\"action\": \"retry\"}").statusCode()).isEqualTo(200);

        assertThat(((ReviewDecided) decisionsFor(id).get(0).value()).getAction()).isEqualTo("retry");
    }

    @Test
    void noTokenIs401() throws Exception {
        HttpResponse<String> response = get("/reviews", null);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(response.body()).get("status").asInt()).isEqualTo(401);
        assertThat(post("/reviews/x/approve", null, null).statusCode()).isEqualTo(401);
    }

    @Test
    void aBadTokenIs401() throws Exception {
        HttpResponse<String> response = get("/reviews", "not-a-token");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(response.body()).get("error").asString()).isEqualTo("Unauthorized");
    }

    @Test
    void aTokenFromTheTokensFileIsAccepted() throws Exception {
        String id = publishReview("goal-" + UUID.randomUUID(), "CHANGE", "reviewer");
        HttpResponse<String> approve = post("/reviews/" + id + "/approve", FROM_FILE, null);
        assertThat(approve.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(approve.body()).get("decided_by").asString()).isEqualTo("carol");
    }

    @Test
    void aReviewerApprovingAGovernanceReviewIs403() throws Exception {
        String id = publishReview("goal-" + UUID.randomUUID(), "GOVERNANCE", "governance-approver");
        // Even when the request names the weaker role, the kind's role is needed.
        String sneaky = publishReview("goal-" + UUID.randomUUID(), "GOVERNANCE", "reviewer");

        assertThat(post("/reviews/" + id + "/approve", REVIEWER, null).statusCode()).isEqualTo(403);
        assertThat(post("/reviews/" + sneaky + "/approve", REVIEWER, null).statusCode()).isEqualTo(403);
        assertThat(post("/reviews/" + id + "/approve", ADMIN, null).statusCode()).isEqualTo(200);
        assertThat(decisionsFor(sneaky)).isEmpty();
    }

    @Test
    void anAgentIdentityIs403() throws Exception {
        String id = publishReview("goal-" + UUID.randomUUID(), "CHANGE", "reviewer");

        assertThat(get("/reviews/" + id, AGENT).statusCode()).isEqualTo(200);
        assertThat(post("/reviews/" + id + "/approve", AGENT, null).statusCode()).isEqualTo(403);
        assertThat(post("/reviews/" + id + "/reject", AGENT_ROLE, "{\"reason\": \"no\"}").statusCode()).isEqualTo(403);
        assertThat(getJson("/reviews/" + id, ADMIN).get("state").asString()).isEqualTo("PENDING");
        assertThat(decisionsFor(id)).isEmpty();
    }

    @Test
    void healthMetricsAndApiDocsAreOpen() throws Exception {
        assertThat(get("/actuator/health/readiness", null).statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health/liveness", null).statusCode()).isEqualTo(200);
        HttpResponse<String> prometheus = get("/actuator/prometheus", null);
        assertThat(prometheus.statusCode()).isEqualTo(200);
        assertThat(prometheus.body()).contains("dea_reviews_open");
        HttpResponse<String> docs = get("/v3/api-docs", null);
        assertThat(docs.statusCode()).isEqualTo(200);
        assertThat(docs.body()).contains("/reviews/{id}/approve", "goal_id");
        assertThat(get("/", null).body()).contains("Pending reviews");
        assertThat(get("/actuator/metrics", null).statusCode()).isEqualTo(401);
    }

    @Test
    void anUndecodableRecordIsSkippedAndLaterReviewsStillArrive() throws Exception {
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            for (int partition = 0; partition < 2; partition++) {
                raw.send(new ProducerRecord<>(Topics.REVIEWS_REQUESTED, partition, "junk", "not avro".getBytes(StandardCharsets.UTF_8))).get();
            }
        }
        String goal = "goal-" + UUID.randomUUID();
        publishReview(goal, "CHANGE", "reviewer");
        assertThat(getJson("/reviews?goal=" + goal, ADMIN)).hasSize(1);
    }

    @Test
    void aWebhookHearsOfANewReview() throws Exception {
        String id = publishReview("goal-" + UUID.randomUUID(), "COST", "cost-approver");
        String call;
        do {
            call = WEBHOOK_CALLS.poll(10, TimeUnit.SECONDS);
            assertThat(call).as("webhook call for " + id).isNotNull();
        } while (!call.contains(id));
        JsonNode body = JSON.readTree(call);
        assertThat(body.get("kind").asString()).isEqualTo("COST");
        assertThat(body.get("summary").asString()).contains(id);
    }

    @Test
    void stateSurvivesARestart() throws Exception {
        String approved = publishReview("goal-" + UUID.randomUUID(), "CHANGE", "reviewer");
        String pending = publishReview("goal-" + UUID.randomUUID(), "CHANGE", "reviewer");
        assertThat(post("/reviews/" + approved + "/approve", ADMIN, "{\"comment\": \"ship it\"}").statusCode()).isEqualTo(200);

        service.close();
        startService();

        JsonNode review = getJson("/reviews/" + approved, ADMIN);
        assertThat(review.get("state").asString()).isEqualTo("APPROVED");
        assertThat(review.get("decided_by").asString()).isEqualTo("alice");
        assertThat(review.get("comment").asString()).isEqualTo("ship it");
        assertThat(getJson("/reviews/" + pending, ADMIN).get("state").asString()).isEqualTo("PENDING");
    }

    // --- helpers -------------------------------------------------------------------------------

    @Test
    void lineageIsAnsweredForAnyTokenAndRefusedWithoutOne() throws Exception {
        Instant at = Instant.parse("2026-03-01T10:00:00Z");
        try (KafkaProducer<String, String> lineage = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            lineage.send(new ProducerRecord<>(Topics.LINEAGE, "g-lineage", OpenLineageClientUtils.toJson(LineageGraphEvents.load(
                    "shop.ingest_orders", at, DatasetRef.file(Path.of("/shop/orders.csv")), "landing.orders")))).get();
            lineage.send(new ProducerRecord<>(Topics.LINEAGE, "g-lineage", OpenLineageClientUtils.toJson(LineageGraphEvents.model(
                    io.openlineage.client.OpenLineage.RunEvent.EventType.COMPLETE, "shop.apply.shop_orders", at.plusSeconds(5),
                    List.of("landing.orders"), "dev.shop_orders", Map.of("id", List.<String[]>of(new String[] {"landing.orders", "id", "IDENTITY"})))))).get();
        }

        HttpResponse<String> anonymous = get("/lineage/dev.shop_orders", null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).doesNotContain("landing.orders");
        await("the lineage to be read", () -> status("/lineage/dev.shop_orders", AGENT) == 200);

        JsonNode upstream = JSON.readTree(get("/lineage/shop_orders?columns=true", AGENT).body());
        assertThat(upstream.path("table").asString()).isEqualTo("dev.shop_orders");
        assertThat(upstream.path("kind").asString()).isEqualTo("model");
        assertThat(upstream.path("nodes")).extracting(n -> n.path("name").asString() + " " + n.path("kind").asString() + " " + n.path("depth").asInt())
                .containsExactly("landing.orders table 1", "/shop/orders.csv file 2");
        assertThat(upstream.path("columns")).extracting(c -> c.path("column").asString() + " <- " + c.path("from_table").asString() + "."
                + c.path("from_column").asString()).containsExactly("id <- landing.orders.id");
        JsonNode downstream = JSON.readTree(get("/lineage/orders.csv?direction=downstream", COST_ONLY).body());
        assertThat(downstream.path("nodes")).extracting(n -> n.path("name").asString()).containsExactly("landing.orders", "dev.shop_orders");
        assertThat(downstream.has("columns")).isFalse();
        assertThat(status("/lineage/dev.nothing_here", REVIEWER)).isEqualTo(404);
        assertThat(status("/lineage/dev.shop_orders?direction=sideways", REVIEWER)).isEqualTo(400);
    }

    @Test
    void aPlansStatusIsAnsweredAsTheCliGivesItForAnyTokenAndRefusedWithoutOne() throws Exception {
        Instant t0 = Instant.parse("2026-03-01T10:00:00.250Z");
        io.dea.events.v1.PlanState goal = planState("g-status", io.dea.events.v1.PlanKind.GOAL, t0);
        io.dea.events.v1.PlanState run = planState("r-status-1", io.dea.events.v1.PlanKind.RUN, t0.plusSeconds(60));
        producer.send(new ProducerRecord<>(Topics.PLAN_STATE, "g-status", goal)).get();
        producer.send(new ProducerRecord<>(Topics.PLAN_STATE, "r-status-1", run)).get();

        HttpResponse<String> anonymous = get("/plans/g-status", null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).doesNotContain("ingest_orders");
        await("the plan states to be read", () -> status("/plans/r-status-1", COST_ONLY) == 200);

        JsonNode status = getJson("/plans/g-status", COST_ONLY);
        assertThat(status).isEqualTo(JSON.valueToTree(io.dea.platform.plan.PlanStatus.json("g-status", goal, List.of(run))));
        assertThat(status.path("state").asString()).isEqualTo("RUNNING");
        assertThat(status.path("steps").get(0).path("started_at").asString()).isEqualTo("2026-03-01T10:00:00.250Z");
        assertThat(status.path("runs")).extracting(r -> r.path("run_id").asString()).containsExactly("r-status-1");
        assertThat(getJson("/plans/r-status-1", REVIEWER).path("goal_id").asString()).isEqualTo("g-status");
        assertThat(status("/plans/g-nothing-here", REVIEWER)).isEqualTo(404);
    }

    /** A plan of goal g-status (a run of it when kind is RUN) with one ingest step that started at {@code at}. */
    private static io.dea.events.v1.PlanState planState(String id, io.dea.events.v1.PlanKind kind, Instant at) {
        io.dea.events.v1.StepState step = io.dea.events.v1.StepState.newBuilder().setName("ingest_orders").setAgent("ingestion")
                .setDependsOn(List.of()).setState("RUNNING").setAttempt(1).setStartedAt(at).setSummary("loading")
                .setOutputs(Map.of()).setArtifacts(List.of()).build();
        return io.dea.events.v1.PlanState.newBuilder().setMeta(new EventMeta("e-" + id, "t", "g-status", id, at, "test", "test-1"))
                .setGoal(io.dea.platform.goal.GoalYaml.parse("goal: revenue\n")).setRequestedBy("ann").setState("RUNNING")
                .setBranch("dea/g-status").setKind(kind).setTrigger(kind == io.dea.events.v1.PlanKind.RUN ? "cli" : null)
                .setCreatedAt(at).setUpdatedAt(at).setSteps(List.of(step)).build();
    }

    private static int status(String path, String token) {
        try {
            return get(path, token).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    @Test
    void catalog_search_needs_a_token_and_any_role_may_search() throws Exception {
        assertThat(get("/catalog/search?q=amount", null).statusCode()).isEqualTo(401);
        new Catalog(new DuckDbWarehouse(home.resolve("warehouse.duckdb"))).upsert(List.of(
                CatalogEntry.table("landing.payments", Map.of("rows", "3")),
                CatalogEntry.column("landing.payments", "amount", Map.of("type", "DOUBLE"))));
        HttpResponse<String> found = get("/catalog/search?q=amount&limit=1", COST_ONLY);
        assertThat(found.statusCode()).isEqualTo(200);
        JsonNode hits = JSON.readTree(found.body());
        assertThat(hits).hasSize(1);
        assertThat(hits.get(0).path("kind").asString()).isEqualTo("column");
        assertThat(hits.get(0).path("name").asString()).isEqualTo("landing.payments.amount");
        assertThat(hits.get(0).path("why").asString()).startsWith("name is the query");
        assertThat(get("/catalog/search?q=%20", COST_ONLY).statusCode()).isEqualTo(400);
        assertThat(get("/catalog/search?q=amount&limit=1000", COST_ONLY).statusCode()).isEqualTo(400);
    }

    private static void startService() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("spring.kafka.bootstrap-servers", broker.bootstrapServers());
        properties.put("spring.kafka.properties.schema.registry.url", registryUrl);
        properties.put("spring.kafka.properties.basic.auth.user.info", "test:test-registry-secret");
        properties.put("server.port", 0);
        properties.put("spring.main.banner-mode", "off");
        properties.put("dea.home", home.toString());
        properties.put("dea.partitions", 2);
        properties.put("dea.review.webhook-url", "http://127.0.0.1:" + webhook.getAddress().getPort() + "/hook");
        grant(properties, 0, ADMIN, "alice", "reviewer", "governance-approver", "cost-approver");
        grant(properties, 1, REVIEWER, "bob", "reviewer");
        grant(properties, 2, AGENT, "agent:transform", "reviewer");
        grant(properties, 3, AGENT_ROLE, "robot", "agent", "reviewer", "governance-approver", "cost-approver");
        grant(properties, 4, COST_ONLY, "dave", "cost-approver");
        service = ReviewServiceApplication.start(properties);
        api = "http://localhost:" + service.getEnvironment().getProperty("local.server.port");
        await("the service to be ready", () -> {
            try {
                return get("/actuator/health/readiness", null).statusCode() == 200;
            } catch (Exception e) {
                return false;
            }
        });
    }

    private static void grant(Map<String, Object> properties, int index, String token, String identity, String... roles) {
        String prefix = "dea.review.tokens[" + index + "].";
        properties.put(prefix + "token", token);
        properties.put(prefix + "identity", identity);
        properties.put(prefix + "roles", String.join(",", roles));
    }

    /** Publishes a review request keyed by its plan id and waits until the service has read it. */
    private static String publishReview(String goal, String kind, String requiredRole) throws Exception {
        return publishReview(goal, kind, requiredRole, null);
    }

    /** With {@code fourEyesRequester}, the review bars the goal's requester (that identity) from deciding it. */
    private static String publishReview(String goal, String kind, String requiredRole, String fourEyesRequester) throws Exception {
        String id = "review-" + UUID.randomUUID();
        ReviewRequested request = ReviewRequested.newBuilder()
                .setMeta(EventMeta.newBuilder().setEventId(UUID.randomUUID().toString()).setTraceId("trace-" + id)
                        .setGoalId(goal).setPlanId("plan-" + id).setProducedAt(Instant.now())
                        .setService("orchestrator-service").setInstance("test").build())
                .setReviewId(id).setKind(kind).setStep("apply").setTaskId("task-" + id).setAttempt(1)
                .setSummary("merge " + id).setDiff("--- a/x.sql\n+++ b/x.sql\n+select 1\n").setRequiredRole(requiredRole)
                .setRequestedBy(fourEyesRequester).setFourEyes(fourEyesRequester == null ? null : true)
                .build();
        producer.send(new ProducerRecord<>(Topics.REVIEWS_REQUESTED, "plan-" + id, request)).get();
        await("review " + id + " to be read", () -> {
            try {
                return get("/reviews/" + id, ADMIN).statusCode() == 200;
            } catch (Exception e) {
                return false;
            }
        });
        return id;
    }

    /** Every ReviewDecided on the topic for this review, read from the beginning to the end. */
    private static List<ConsumerRecord<String, Object>> decisionsFor(String reviewId) {
        return recordsOn(Topics.REVIEWS_DECIDED, value -> value instanceof ReviewDecided decided && decided.getReviewId().equals(reviewId));
    }

    /** Every record on the topic whose value matches, read from the beginning to the end. */
    private static List<ConsumerRecord<String, Object>> recordsOn(String topic, java.util.function.Predicate<Object> matching) {
        ConfluentAvroDeserializer values = new ConfluentAvroDeserializer();
        values.configure(Map.of(ConfluentAvroSerializer.REGISTRY_URL, registryUrl), false);
        List<ConsumerRecord<String, Object>> found = new ArrayList<>();
        try (KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), values)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                assertThat(System.nanoTime()).as("reading " + topic).isLessThan(deadline);
                for (ConsumerRecord<String, Object> record : consumer.poll(Duration.ofMillis(200))) {
                    if (matching.test(record.value())) {
                        found.add(record);
                    }
                }
            }
        }
        return found;
    }

    private static JsonNode getJson(String path, String token) throws Exception {
        HttpResponse<String> response = get(path, token);
        assertThat(response.statusCode()).as("GET " + path + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> get(String path, String token) throws Exception {
        return send(request(path, token).GET());
    }

    private static HttpResponse<String> post(String path, String token, String json) throws Exception {
        HttpRequest.Builder request = request(path, token);
        if (json == null) {
            request.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        }
        return send(request);
    }

    private static HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api + path)).timeout(Duration.ofSeconds(20));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request;
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
