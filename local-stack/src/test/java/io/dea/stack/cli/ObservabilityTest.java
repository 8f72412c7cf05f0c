package io.dea.stack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dea.events.v1.PlanState;
import io.dea.stack.SpanCapture;
import io.dea.stack.StackFixture;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What an operator sees of one goal run on the local stack: its trace across the services and the
 * metrics each service exposes on {@code /actuator/prometheus}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ObservabilityTest {

    private static final AttributeKey<String> SERVICE = AttributeKey.stringKey("service.name");
    private static final List<String> AGENTS = List.of("ingestion-service", "modeling-service", "transform-service",
            "quality-service", "governance-service", "cost-service", "ops-service");

    private StackFixture fixture;
    private StackConnection connection;
    private PlanState end;

    @BeforeAll
    void runOneGoal() throws Exception {
        fixture = new StackFixture();
        connection = Connections.to(fixture);
        String goalId = GoalSubmission.submit(connection, Path.of("../examples/daily-revenue/goal.yaml"));
        end = new PlanFollower(connection, goalId, true, true).follow();
        assertThat(end.getState()).as("the goal ended: %s", end.getReason()).isEqualTo("COMPLETED");
    }

    @AfterAll
    void stopStack() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void oneGoalIsOneTraceAcrossTheOrchestratorEveryAgentAndTheirToolCalls() throws Exception {
        String traceId = end.getMeta().getTraceId();
        assertThat(traceId).as("the plan's trace id is an OpenTelemetry trace id").matches("[0-9a-f]{32}");

        // Spans leave each service in batches every few seconds: wait until the last step's are in.
        List<SpanData> spans = List.of();
        Instant deadline = Instant.now().plusSeconds(90);
        while (Instant.now().isBefore(deadline)) {
            spans = SpanCapture.SPANS.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(traceId)).toList();
            if (services(spans).containsAll(AGENTS)) {
                break;
            }
            Thread.sleep(500);
        }
        Map<String, Long> perService = spans.stream().collect(Collectors.groupingBy(s -> service(s), TreeMap::new, Collectors.counting()));
        System.out.println("trace " + traceId + ": " + spans.size() + " spans " + perService);

        assertThat(services(spans)).as("services in the goal's trace").contains("orchestrator-service").containsAll(AGENTS);

        Map<String, SpanData> byId = spans.stream().collect(Collectors.toMap(SpanData::getSpanId, Function.identity(), (a, b) -> a));
        // Orchestrator -> agent: the task's consumer span hangs under the orchestrator span that sent it.
        for (String agent : AGENTS) {
            assertThat(spans).as("%s consumed a task sent by the orchestrator", agent).anySatisfy(span -> {
                assertThat(service(span)).isEqualTo(agent);
                assertThat(span.getKind()).isEqualTo(SpanKind.CONSUMER);
                assertThat(byId.get(span.getParentSpanId())).isNotNull().extracting(ObservabilityTest::service).isEqualTo("orchestrator-service");
            });
        }
        // Agent -> orchestrator: a result is processed under the agent's span that published it.
        assertThat(spans).as("the orchestrator processed a result inside the agent's trace").anySatisfy(span -> {
            assertThat(service(span)).isEqualTo("orchestrator-service");
            assertThat(span.getName()).isEqualTo("plan TaskResult");
            assertThat(byId.get(span.getParentSpanId())).isNotNull().extracting(ObservabilityTest::service).isIn(AGENTS);
        });
        // Tool calls are spans inside the task that made them.
        assertThat(spans).as("a tool call of the ingestion agent, under its task").anySatisfy(span -> {
            assertThat(service(span)).isEqualTo("ingestion-service");
            assertThat(span.getAttributes().get(AttributeKey.stringKey("tool"))).isNotBlank();
            assertThat(span.getAttributes().get(AttributeKey.stringKey("dea.goal_id"))).isEqualTo(end.getMeta().getGoalId());
            assertThat(byId.get(span.getParentSpanId())).isNotNull().extracting(ObservabilityTest::service).isEqualTo("ingestion-service");
        });
    }

    @Test
    void everyServiceExposesItsMetricsForPrometheus() throws Exception {
        Map<String, Integer> ports = fixture.stack.ports();
        for (String agent : AGENTS) {
            String text = scrape(ports.get(agent));
            String id = agent.substring(0, agent.indexOf('-'));
            assertThat(value(text, "dea_tasks_received_total", "agent=\"" + id + "\"")).as(agent + " tasks received").isGreaterThanOrEqualTo(1);
            assertThat(value(text, "dea_tasks_completed_total", "agent=\"" + id + "\"")).as(agent + " tasks completed").isGreaterThanOrEqualTo(1);
            assertThat(text).as(agent).contains("dea_tasks_failed_total{", "dea_tasks_retried_total{",
                    "dea_tasks_duration_seconds_bucket{", "kafka_consumer_fetch_manager_records_lag_max{");
            assertThat(value(text, "dea_tool_seconds_count", "agent=\"" + id + "\"")).as(agent + " tool calls timed").isGreaterThanOrEqualTo(1);
            assertThat(text).as(agent + " tool-call histogram").contains("dea_tool_seconds_bucket{");
        }
        // The two approved steps (governance, apply) ran a second attempt after their review.
        assertThat(value(scrape(ports.get("governance-service")), "dea_tasks_retried_total", "agent=\"governance\"")).isEqualTo(1);

        String orchestrator = scrape(ports.get("orchestrator-service"));
        Instant deadline = Instant.now().plusSeconds(60);
        while (value(orchestrator, "dea_plans", "state=\"COMPLETED\"") < 1 && Instant.now().isBefore(deadline)) {
            Thread.sleep(1000); // the plan counts are refreshed every few seconds
            orchestrator = scrape(ports.get("orchestrator-service"));
        }
        assertThat(value(orchestrator, "dea_plans", "state=\"COMPLETED\"")).as("completed plans").isEqualTo(1);
        assertThat(orchestrator).contains("kafka_consumer_fetch_manager_records_lag_max{");

        String review = scrape(ports.get("review-service"));
        assertThat(value(review, "dea_reviews_open", "")).as("open reviews once both were approved").isZero();
    }

    private static Set<String> services(List<SpanData> spans) {
        return spans.stream().map(ObservabilityTest::service).collect(Collectors.toSet());
    }

    private static String service(SpanData span) {
        return span.getResource().getAttribute(SERVICE);
    }

    private static String scrape(int port) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET /actuator/prometheus on port " + port).isEqualTo(200);
        return response.body();
    }

    /** The sum of a metric's samples whose labels contain the given text (-1 when there is none). */
    private static double value(String text, String metric, String labels) {
        Matcher lines = Pattern.compile("^" + Pattern.quote(metric) + "(\\{[^}]*})? (\\S+)$", Pattern.MULTILINE).matcher(text);
        double sum = 0;
        boolean found = false;
        while (lines.find()) {
            if (lines.group(1) == null ? labels.isEmpty() : lines.group(1).contains(labels)) {
                sum += Double.parseDouble(lines.group(2));
                found = true;
            }
        }
        return found ? sum : -1;
    }
}
