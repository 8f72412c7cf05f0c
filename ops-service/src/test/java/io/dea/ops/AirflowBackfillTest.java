package io.dea.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.dea.events.v1.StepKind;
import io.dea.platform.step.StepRef;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.dea.events.v1.Outcome;
import io.dea.events.v1.TaskRequested;
import io.dea.platform.agent.TaskOutcome;
import io.dea.platform.testing.TestTasks;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A backfill with {@code dea.ops.airflow.url} set goes through Airflow 3's REST API: a real HTTP
 * server on the loopback speaks the endpoints (login, unpause, trigger, run state) and records what
 * it was sent.
 */
class AirflowBackfillTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String GOAL = """
            goal: daily revenue
            sources:
              - { name: orders, format: csv, location: data/orders.csv }
            mart:
              name: daily_revenue
              grain: [orders.order_date]
              measures:
                - { name: revenue, agg: sum, expr: orders.amount }
            backfill: { start: 2024-03-30, end: 2024-04-01 }
            """;

    record Received(String method, String path, String authorization, String body) {
    }

    @TempDir
    Path home;
    private HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> polls = new ConcurrentHashMap<>();
    /** Run ids Airflow already has (a trigger of one of them answers 409). */
    private final Map<String, String> existing = new ConcurrentHashMap<>();

    @BeforeEach
    void airflow() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    /** Airflow's answers: a token for the right password, 401 without it, runs that succeed on the second look. */
    private void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        received.add(new Received(method, path, exchange.getRequestHeaders().getFirst("Authorization"), body));
        if (method.equals("POST") && path.equals("/auth/token")) {
            JsonNode login = JSON.readTree(body);
            boolean ok = login.path("username").asString().equals("ops") && login.path("password").asString().equals("s3cret");
            reply(exchange, ok ? 201 : 401, ok ? "{\"access_token\": \"jwt-123\"}" : "{\"detail\": \"Invalid credentials\"}");
            return;
        }
        if (!"Bearer jwt-123".equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            reply(exchange, 401, "{\"detail\": \"Not authenticated\"}");
            return;
        }
        if (method.equals("PATCH") && path.equals("/api/v2/dags/dea_daily_revenue")) {
            reply(exchange, 200, "{\"dag_id\": \"dea_daily_revenue\", \"is_paused\": false}");
        } else if (method.equals("POST") && path.equals("/api/v2/dags/dea_daily_revenue/dagRuns")) {
            String runId = JSON.readTree(body).path("dag_run_id").asString();
            if (existing.putIfAbsent(runId, "queued") != null) {
                reply(exchange, 409, "{\"detail\": \"DAG Run already exists\"}");
            } else {
                reply(exchange, 200, "{\"dag_run_id\": \"" + runId + "\", \"state\": \"queued\"}");
            }
        } else if (method.equals("GET") && path.startsWith("/api/v2/dags/dea_daily_revenue/dagRuns/")) {
            String runId = path.substring(path.lastIndexOf('/') + 1);
            int seen = polls.computeIfAbsent(runId, id -> new AtomicInteger()).incrementAndGet();
            reply(exchange, 200, "{\"dag_run_id\": \"" + runId + "\", \"state\": \"" + (seen < 2 ? "running" : "success") + "\"}");
        } else {
            reply(exchange, 404, "{\"detail\": \"Not Found\"}");
        }
    }

    private static void reply(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Test
    void shouldLogInUnpauseAndTriggerOneRunPerDayWithItsLogicalDateThenRecordEachDayOnceItSucceeded() throws Exception {
        TestTasks tasks = new TestTasks(home);
        // A run for the first day was triggered before (an earlier attempt): Airflow answers 409 and it still counts.
        existing.put("dea_backfill__plan-af__2024-03-30", "queued");

        TaskOutcome outcome = handler("ops", "s3cret", "").handle(tasks.context(task(tasks, "plan-af")));

        assertThat(outcome.outcome()).as(outcome.summary()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(outcome.outputs()).containsEntry("runner", "through Airflow DAG dea_daily_revenue").containsEntry("chunks_run", "3");
        assertThat(received.get(0).path()).isEqualTo("/auth/token");
        assertThat(JSON.readTree(received.get(0).body()).path("username").asString()).isEqualTo("ops");
        assertThat(received.stream().skip(1)).allMatch(r -> "Bearer jwt-123".equals(r.authorization()));
        assertThat(received.stream().filter(r -> r.path().equals("/auth/token")).count()).as("one login, token reused").isEqualTo(1);
        Received unpause = received.get(1);
        assertThat(unpause.method() + " " + unpause.path()).isEqualTo("PATCH /api/v2/dags/dea_daily_revenue");
        assertThat(JSON.readTree(unpause.body()).path("is_paused").asBoolean(true)).isFalse();
        List<JsonNode> triggers = received.stream().filter(r -> r.method().equals("POST") && r.path().endsWith("/dagRuns"))
                .map(r -> JSON.readTree(r.body())).toList();
        assertThat(triggers).extracting(t -> t.path("logical_date").asString())
                .containsExactly("2024-03-30T00:00:00Z", "2024-03-31T00:00:00Z", "2024-04-01T00:00:00Z");
        assertThat(triggers).extracting(t -> t.path("dag_run_id").asString()).containsExactly(
                "dea_backfill__plan-af__2024-03-30", "dea_backfill__plan-af__2024-03-31", "dea_backfill__plan-af__2024-04-01");
        assertThat(triggers.get(1).path("conf").path("dea_backfill_day").asString()).isEqualTo("2024-03-31");
        assertThat(triggers.get(1).path("conf").path("dea_plan_id").asString()).isEqualTo("plan-af");
        assertThat(polls.values()).allMatch(n -> n.get() == 2);
        assertThat(tasks.warehouse.query("SELECT chunk_day::VARCHAR, runner, airflow_run_id FROM dea_meta.backfill_chunks ORDER BY 1")
                .rows()).containsExactly(
                List.of("2024-03-30", "airflow", "dea_backfill__plan-af__2024-03-30"),
                List.of("2024-03-31", "airflow", "dea_backfill__plan-af__2024-03-31"),
                List.of("2024-04-01", "airflow", "dea_backfill__plan-af__2024-04-01"));

        received.clear();
        TaskOutcome again = handler("ops", "s3cret", "").handle(tasks.context(task(tasks, "plan-af")));
        assertThat(again.outputs()).containsEntry("chunks_run", "0");
        assertThat(received).noneMatch(r -> r.path().endsWith("/dagRuns")).as("no day triggered twice");
    }

    @Test
    void shouldSendAConfiguredTokenAsIsWithoutLoggingIn() throws Exception {
        TestTasks tasks = new TestTasks(home);

        TaskOutcome outcome = handler("", "", "jwt-123").handle(tasks.context(task(tasks, "plan-token")));

        assertThat(outcome.outcome()).as(outcome.summary()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(received).noneMatch(r -> r.path().equals("/auth/token"));
        assertThat(received).allMatch(r -> "Bearer jwt-123".equals(r.authorization()));
    }

    private OpsHandler handler(String username, String password, String token) {
        OpsProperties.Airflow airflow = new OpsProperties.Airflow("http://127.0.0.1:" + server.getAddress().getPort() + "/",
                username, password, token, Duration.ofMillis(20), Duration.ofSeconds(30));
        return new OpsHandler(new OpsProperties(airflow, OpsProperties.defaults().backfill()), new ShutdownSignal());
    }

    private static TaskRequested task(TestTasks tasks, String planId) {
        return tasks.task(planId, StepRef.of(StepKind.BACKFILL), "ops", TestTasks.goal(GOAL), Map.of(
                "apply.mart_table", "dev.daily_revenue", "schedule.dag_id", "dea_daily_revenue"));
    }
}
