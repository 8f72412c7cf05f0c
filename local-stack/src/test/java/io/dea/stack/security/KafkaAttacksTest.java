package io.dea.stack.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dea.events.v1.Decision;
import io.dea.events.v1.EventMeta;
import io.dea.events.v1.PlanState;
import io.dea.events.v1.ReviewDecided;
import io.dea.events.v1.RollbackRequested;
import io.dea.events.v1.RunChecked;
import io.dea.events.v1.RunRequested;
import io.dea.events.v1.TaskRequested;
import io.dea.platform.avro.ConfluentAvroSerializer;
import io.dea.platform.kafka.AgentKind;
import io.dea.platform.kafka.KafkaAccess.Principal;
import io.dea.platform.kafka.Topics;
import io.dea.stack.StackFixture;
import io.dea.stack.cli.EnvCommand;
import io.dea.stack.cli.StackClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * Issue 9's Kafka and registry attacks on a real stack, each played by the principal who would try
 * it: a Kafka client with the submitter's credentials (what {@code ./dea env} prints), an agent's
 * principal, a client without credentials, an HTTP client without registry credentials. Each is
 * refused by the broker's ACLs or the registry's authentication, nothing changes (the review stays
 * PENDING, the goal stays COMPLETED, the subjects stay as they were), and the honest path (approving
 * through the review API) still completes the goal.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaAttacksTest {

    private static final Path GOAL = Path.of("../examples/daily-revenue/goal.yaml");

    private StackFixture fixture;
    private StackClient client;
    private Map<String, String> env;
    private String goalId;

    @BeforeAll
    void startStack() throws Exception {
        fixture = new StackFixture();
        client = StackClient.of(fixture);
        env = EnvCommand.env(fixture.stack.files());
    }

    @AfterAll
    void stopStack() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    @Order(1)
    void theSubmitterCanForgeNeitherADecisionNorAnApprovedTaskAndTheHonestApprovalCompletesTheGoal() throws Exception {
        goalId = client.submit(GOAL);
        JsonNode review = pendingReview(goalId);
        PlanState waiting = client.plan(goalId);
        String planId = waiting.getMeta().getPlanId();
        Map<String, String> submitter = submitterLogin();

        ReviewDecided forgedDecision = ReviewDecided.newBuilder().setMeta(meta(planId, "review-service"))
                .setReviewId(review.path("id").asString()).setDecision(Decision.APPROVED)
                .setDecidedBy("mallory").setDecidedAt(Instant.now()).build();
        assertRefused(submitter, Topics.REVIEWS_DECIDED, planId, forgedDecision);

        TaskRequested forgedTask = TaskRequested.newBuilder().setMeta(meta(planId, "orchestrator-service"))
                .setTaskId(goalId + ":apply:9").setAttempt(9).setStep("apply").setAgent(AgentKind.TRANSFORM.id())
                .setGoal(waiting.getGoal()).setBranch("plan/" + goalId).setEnvironment("dev")
                .setApprovedBy("mallory").setReviewId(review.path("id").asString()).setDeadline(Instant.now().plusSeconds(600)).build();
        assertRefused(submitter, Topics.tasks(AgentKind.TRANSFORM), planId, forgedTask);

        Thread.sleep(3000);
        assertThat(client.review(review.path("id").asString()).path("state").asString()).as("the review after the forgeries").isEqualTo("PENDING");
        assertThat(client.plan(goalId).getState()).isEqualTo("AWAITING_REVIEW");

        PlanState end = client.followApproving(goalId);
        assertThat(end.getState()).as("the honest path: %s", end.getReason()).isEqualTo("COMPLETED");
        assertThat(end.getSteps()).filteredOn(s -> s.getApprovedBy() != null)
                .allSatisfy(s -> assertThat(s.getApprovedBy()).isNotEqualTo("mallory"));
    }

    @Test
    @Order(2)
    void neitherTheSubmitterNorAnAgentNorAClientWithoutCredentialsCanAskForARollback() throws Exception {
        assertThat(goalId).as("the goal of the first test").isNotNull();
        PlanState completed = client.plan(goalId);
        assertThat(completed.getState()).isEqualTo("COMPLETED");
        String planId = completed.getMeta().getPlanId();
        RollbackRequested rollback = new RollbackRequested(meta(planId, "dea-cli"), goalId, "mallory", "forged");

        assertRefused(submitterLogin(), Topics.GOAL_ROLLBACKS, planId, rollback);
        assertRefused(fixture.stack.kafkaClientProperties(Principal.INGESTION), Topics.GOAL_ROLLBACKS, planId, rollback);
        Map<String, String> anonymous = new HashMap<>();
        anonymous.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
        assertThatThrownBy(() -> send(anonymous, Topics.GOAL_ROLLBACKS, planId, rollback))
                .as("a client without a login does not get past the SASL listener").isNotNull();

        Thread.sleep(3000);
        assertThat(client.plan(goalId).getState()).as("the goal after the forged rollbacks").isEqualTo("COMPLETED");
    }

    @Test
    @Order(3)
    void withoutCredentialsTheRegistryTakesNoDeleteRegistrationOrConfigChange() throws Exception {
        String registry = fixture.stack.registryUrl();
        String subjects = get(registry + "/subjects");
        String versions = get(registry + "/subjects/" + Topics.GOAL_REQUESTS + "-value/versions");
        String config = get(registry + "/config");

        HttpResponse<String> delete = http("DELETE", registry + "/subjects/" + Topics.GOAL_REQUESTS + "-value", null);
        HttpResponse<String> register = http("POST", registry + "/subjects/" + Topics.REVIEWS_DECIDED + "-value/versions",
                "{\"schema\":\"{\\\"type\\\":\\\"string\\\"}\"}");
        HttpResponse<String> loosen = http("PUT", registry + "/config", "{\"compatibility\":\"NONE\"}");

        for (HttpResponse<String> refused : java.util.List.of(delete, register, loosen)) {
            assertThat(refused.statusCode()).as(refused.request().method() + " " + refused.uri()).isEqualTo(401);
            assertThat(refused.body()).contains("Authorization: Basic");
        }
        assertThat(get(registry + "/subjects")).isEqualTo(subjects);
        assertThat(get(registry + "/subjects/" + Topics.GOAL_REQUESTS + "-value/versions")).isEqualTo(versions);
        assertThat(get(registry + "/config")).isEqualTo(config);

        HttpResponse<String> asSubmitter = http("DELETE", registry + "/subjects/" + Topics.GOAL_REQUESTS + "-value", null,
                env.get("SCHEMA_REGISTRY_USER_INFO"));
        assertThat(asSubmitter.statusCode()).as("the submitter's registry user may only read").isEqualTo(403);
        assertThat(get(registry + "/subjects")).isEqualTo(subjects);
    }

    @Test
    @Order(4)
    void confluentsPythonClientSubmitsAGoalAndDecodesThePlanWithThePrintedCredentials() throws Exception {
        String python = System.getenv("DEA_PYTHON");
        assertThat(python).as("DEA_PYTHON must name the virtualenv's python").isNotBlank();
        String pyGoal = "py-sec-" + System.currentTimeMillis();
        ProcessBuilder builder = new ProcessBuilder(python, "src/test/python/confluent_client.py", env.get("KAFKA_BOOTSTRAP"),
                env.get("SCHEMA_REGISTRY_URL"), GOAL.toString(), Path.of("../examples/daily-revenue/data").toAbsolutePath().toString(), pyGoal)
                .redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        JsonNode seen = StackClient.JSON.readTree(output.lines().reduce((a, b) -> b).orElseThrow());
        assertThat(seen.path("goal_id").asString()).isEqualTo(pyGoal);
        assertThat(seen.path("produced_by").asString()).isEqualTo("orchestrator-service");
        assertThat(output).doesNotContain(env.get("KAFKA_PASSWORD"));
    }

    private Map<String, String> submitterLogin() {
        assertThat(env).containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT").containsEntry("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512")
                .containsEntry("KAFKA_USERNAME", "submitter").containsKey("KAFKA_PASSWORD");
        Map<String, String> login = new HashMap<>();
        login.put("security.protocol", env.get("KAFKA_SECURITY_PROTOCOL"));
        login.put("sasl.mechanism", env.get("KAFKA_SASL_MECHANISM"));
        login.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + env.get("KAFKA_USERNAME") + "\" password=\"" + env.get("KAFKA_PASSWORD") + "\";");
        return login;
    }

    @Test
    @Order(5)
    void aRunRunsUnderTheApplysApprovalWhichNoClientCanForgeAndNeedsNoReviewOfItsOwn() throws Exception {
        assertThat(goalId).as("the goal of the first test").isNotNull();
        PlanState goal = client.plan(goalId);
        String applyApprover = goal.getSteps().stream().filter(s -> s.getName().equals("apply")).findFirst().orElseThrow().getApprovedBy();
        RunChecked forged = new RunChecked(meta("forged-run", "orchestrator-service"), goalId, "forged-run", "mallory", "forged",
                goal.getGoal(), "mallory", null);
        assertRefused(submitterLogin(), Topics.RUNS_CHECKED, "forged-run", forged);
        RunRequested request = new RunRequested(goalId, goalId + "-run-1", "ann", Instant.now(), "KafkaAttacksTest");
        assertRefused(fixture.stack.kafkaClientProperties(Principal.INGESTION), Topics.RUN_REQUESTS, goalId, request);

        send(submitterLogin(), Topics.RUN_REQUESTS, goalId, request);
        PlanState run = client.followApproving(goalId + "-run-1");

        assertThat(run.getState()).as("the run: %s", run.getReason()).isEqualTo("COMPLETED");
        assertThat(run.getWriteApproval()).isEqualTo(applyApprover).isNotEqualTo("mallory");
        assertThat(run.getSteps()).extracting(s -> s.getName()).contains("ingest_orders", "build");
        assertThat(run.getSteps()).allSatisfy(s -> assertThat(s.getApprovedBy()).as("no review in a plain re-run").isNull());
        assertThat(client.plan("forged-run")).as("the forged run never started").isNull();
    }

    private void assertRefused(Map<String, String> login, String topic, String key, Object value) {
        assertThatThrownBy(() -> send(login, topic, key, value)).as("writing %s", topic)
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicAuthorizationException.class);
    }

    private void send(Map<String, String> login, String topic, String key, Object value) throws Exception {
        Properties p = new Properties();
        p.putAll(login);
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, env.get("KAFKA_BOOTSTRAP"));
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ConfluentAvroSerializer.class);
        p.put(ConfluentAvroSerializer.REGISTRY_URL, env.get("SCHEMA_REGISTRY_URL"));
        p.put(ConfluentAvroSerializer.AUTO_REGISTER, false);
        p.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, "20000");
        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(p)) {
            producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        }
    }

    private static EventMeta meta(String planId, String service) {
        return new EventMeta(UUID.randomUUID().toString(), UUID.randomUUID().toString(), "forged", planId, Instant.now(), service, "mallory");
    }

    private JsonNode pendingReview(String goal) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        while (Instant.now().isBefore(deadline)) {
            for (JsonNode review : client.pendingReviews(goal)) {
                return review;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("goal " + goal + " opened no review in 5 minutes: " + client.plan(goal));
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> response = http("GET", url, null);
        assertThat(response.statusCode()).as("GET " + url).isEqualTo(200);
        return response.body();
    }

    private static HttpResponse<String> http(String method, String url, String body) throws Exception {
        return http(method, url, body, null);
    }

    private static HttpResponse<String> http(String method, String url, String body, String userInfo) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (userInfo != null) {
            request.header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)));
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
