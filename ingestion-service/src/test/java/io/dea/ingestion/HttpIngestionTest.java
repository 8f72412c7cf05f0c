package io.dea.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dea.platform.step.StepRef;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.dea.events.v1.GoalSpec;
import io.dea.events.v1.Outcome;
import io.dea.events.v1.TaskProgress;
import io.dea.events.v1.TaskRequested;
import io.dea.platform.agent.TaskOutcome;
import io.dea.platform.source.PathPolicy;
import io.dea.platform.source.SourcePolicy;
import io.dea.platform.source.SourceSettings;
import io.dea.platform.testing.TestTasks;
import java.net.InetAddress;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real HTTP server on loopback (the JDK's) serving one list of orders paginated three ways, that
 * wants a bearer token and answers 429 or 503 to the first request for some pages. Real DuckDB, a
 * real Git data project; nothing mocked.
 */
class HttpIngestionTest {

    private static final String TOKEN = "Bearer s3cret";
    private static final int PAGE_SIZE = 2;

    @TempDir
    Path home;

    private HttpServer server;
    private String base;
    private final List<String> orders = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private TestTasks tasks;

    @BeforeEach
    void setUp() throws IOException {
        for (int id = 1; id <= 5; id++) {
            addOrder(id);
        }
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/cursor/orders", this::cursorPages);
        server.createContext("/pages/orders", this::numberedPages);
        server.createContext("/link/orders", this::linkedPages);
        server.createContext("/down", ex -> send(ex, 503, "{\"error\": \"maintenance\"}", Map.of()));
        server.createContext("/missing", ex -> send(ex, 404, "{\"error\": \"no such resource\"}", Map.of()));
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
        tasks = new TestTasks(home);
    }

    @AfterEach
    void tearDown() {
        server.stop(0);
    }

    @Test
    void shouldFollowCursorPagesSendingTheConfiguredTokenAndRetryingOn429And503() throws Exception {
        TaskOutcome outcome = ingest("p1", handler(), goal(base + "/cursor/orders", null));

        assertThat(outcome.outcome()).as("%s: %s", outcome.summary(), outcome.error()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(outcome.outputs()).containsEntry("rows", "5").containsEntry("pages", "3").containsEntry("pagination", "cursor")
                .containsEntry("http_retries", "2").containsEntry("columns", "id,status,amount,updated_at");
        assertThat(ids()).containsExactly(1, 2, 3, 4, 5);
        assertThat(hits.get("cursor c2").get()).as("the 429 was retried").isEqualTo(2);
        assertThat(hits.get("cursor c4").get()).as("the 503 was retried").isEqualTo(2);
        assertThat(Long.parseLong(outcome.outputs().get("bytes"))).isGreaterThan(0);
    }

    @Test
    void shouldFollowPageNumbersUntilAnEmptyPage() throws Exception {
        TaskOutcome outcome = ingest("p1", handler(), goal(base + "/pages/orders", null));

        assertThat(outcome.outputs()).containsEntry("rows", "5").containsEntry("pages", "3").containsEntry("pagination", "pages")
                .containsEntry("http_retries", "1");
        assertThat(ids()).containsExactly(1, 2, 3, 4, 5);
        assertThat(hits.get("page 4").get()).as("the empty page ended it").isEqualTo(1);
        assertThat(hits).doesNotContainKey("page 5");
    }

    @Test
    void shouldFollowLinkHeaders() throws Exception {
        TaskOutcome outcome = ingest("p1", handler(), goal(base + "/link/orders", null));

        assertThat(outcome.outputs()).containsEntry("rows", "5").containsEntry("pages", "3").containsEntry("pagination", "link");
        assertThat(ids()).containsExactly(1, 2, 3, 4, 5);
    }

    @Test
    void shouldLoadOnlyNewRecordsByWatermarkAndNothingTwiceAcrossRestarts() throws Exception {
        GoalSpec goal = goal(base + "/cursor/orders", "id");
        TaskOutcome first = ingest("p1", handler(), goal);
        assertThat(first.outputs()).containsEntry("rows_loaded", "5").containsEntry("watermark", "5");

        addOrder(6);
        addOrder(7);
        TaskRequested second = OneGoal.task(tasks, "p2", StepRef.ingest("orders"), "ingestion", goal, Map.of());
        TaskOutcome secondOutcome = handler().handle(tasks.context(second));
        TaskOutcome redelivered = handler().handle(tasks.context(second));
        assertThat(secondOutcome.outputs()).containsEntry("rows_loaded", "2").containsEntry("rows", "7").containsEntry("watermark", "7");
        assertThat(redelivered.outputs()).containsEntry("rows_loaded", "0").containsEntry("rows", "7");

        addOrder(8);
        TestTasks restarted = new TestTasks(home);
        TaskOutcome afterRestart = handler().handle(restarted.context(
                OneGoal.task(restarted, "p3", StepRef.ingest("orders"), "ingestion", goal, Map.of())));
        assertThat(afterRestart.outputs()).containsEntry("rows_loaded", "1").containsEntry("rows", "8");
        assertThat(ids()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
    }

    @Test
    void shouldReportProgressWhileReadingPages() throws Exception {
        ingest("p1", handler(), goal(base + "/link/orders", null));

        List<String> messages = tasks.sink.events(TaskProgress.class).stream().map(TaskProgress::getMessage).toList();
        assertThat(messages).contains("reading orders over HTTP: 2 rows, " + pageBytes(1) + " bytes so far")
                .anyMatch(m -> m.startsWith("fetched 5 records in 3 page(s)"));
    }

    @Test
    void shouldAddAFieldThatNewRecordsBringAsAColumn() throws Exception {
        GoalSpec goal = goal(base + "/cursor/orders", "id");
        ingest("p1", handler(), goal);
        orders.add("{\"id\": 6, \"status\": \"paid\", \"amount\": 1.5, \"updated_at\": \"2024-01-06 10:00:00\", \"channel\": \"web\"}");

        TaskOutcome outcome = ingest("p2", handler(), goal);

        assertThat(outcome.review()).isNull();
        assertThat(outcome.outputs()).containsEntry("rows_loaded", "1").containsEntry("schema_drift", "added channel VARCHAR");
        assertThat(tasks.warehouse.query("SELECT channel FROM landing.orders WHERE id = 6").rows()).containsExactly(List.of("web"));
    }

    @Test
    void shouldFailClearlyWithoutTheTokenOrOnA404() throws Exception {
        IngestionHandler noToken = new IngestionHandler(settings(), policy(Map.of()));

        TaskOutcome unauthorized = ingest("p1", noToken, goal(base + "/cursor/orders", null));
        TaskOutcome missing = ingest("p1", handler(), goal(base + "/missing", null));

        assertThat(unauthorized.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(unauthorized.error()).contains("GET " + base + "/cursor/orders answered 401",
                "check the headers of its connection under dea.connections").doesNotContain("unauthorized");
        assertThat(missing.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(missing.error()).as("the status and URL, never the body").contains("answered 404").doesNotContain("no such resource");
    }

    @Test
    void shouldGiveUpAfterTheConfiguredAttemptsSoTheOrchestratorRetriesLater() {
        assertThatThrownBy(() -> ingest("p1", handler(), goal(base + "/down", null)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("GET " + base + "/down answered 503 4 times");
    }

    @Test
    void shouldWaitWhatRetryAfterSaysCappedAtTheMaximum() {
        HttpSource source = new HttpSource(IngestionSettings.defaults(home.toString()).withHttp(IngestionSettings.defaultHttp()));

        assertThat(source.backoff(1, "3")).isEqualTo(Duration.ofSeconds(3));
        assertThat(source.backoff(1, "120")).isEqualTo(Duration.ofSeconds(30));
        assertThat(source.backoff(3, null)).isBetween(Duration.ofMillis(1000), Duration.ofMillis(2000));
        assertThat(source.backoff(20, null)).isBetween(Duration.ofSeconds(15), Duration.ofSeconds(30));
    }

    // --- the server: one list of orders, three ways to page through it -------------------------

    private void cursorPages(HttpExchange ex) throws IOException {
        if (!TOKEN.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            send(ex, 401, "{\"error\": \"unauthorized\"}", Map.of());
            return;
        }
        String cursor = query(ex).getOrDefault("cursor", "c0");
        int from = Integer.parseInt(cursor.substring(1));
        // The first request for c2 is throttled and the first for c4 finds the server busy.
        int hit = hits.computeIfAbsent("cursor " + cursor, k -> new AtomicInteger()).incrementAndGet();
        if (cursor.equals("c2") && hit == 1) {
            send(ex, 429, "{\"error\": \"slow down\"}", Map.of("Retry-After", "1"));
            return;
        }
        if (cursor.equals("c4") && hit == 1) {
            send(ex, 503, "busy", Map.of());
            return;
        }
        int to = Math.min(orders.size(), from + PAGE_SIZE);
        String next = to < orders.size() ? "\"c" + to + "\"" : "null";
        send(ex, 200, "{\"data\": " + page(from, to) + ", \"meta\": {\"next_cursor\": " + next + "}}", Map.of());
    }

    private void numberedPages(HttpExchange ex) throws IOException {
        int page = Integer.parseInt(query(ex).getOrDefault("page", "1"));
        int hit = hits.computeIfAbsent("page " + page, k -> new AtomicInteger()).incrementAndGet();
        if (page == 2 && hit == 1) {
            send(ex, 503, "busy", Map.of("Retry-After", "0"));
            return;
        }
        int from = Math.min(orders.size(), (page - 1) * PAGE_SIZE);
        send(ex, 200, "{\"items\": " + page(from, Math.min(orders.size(), from + PAGE_SIZE)) + ", \"page\": " + page + "}", Map.of());
    }

    private void linkedPages(HttpExchange ex) throws IOException {
        int from = Integer.parseInt(query(ex).getOrDefault("after", "0"));
        int to = Math.min(orders.size(), from + PAGE_SIZE);
        Map<String, String> headers = to < orders.size()
                ? Map.of("Link", "<" + base + "/link/orders?after=" + to + ">; rel=\"next\", <" + base + "/link/orders>; rel=\"first\"")
                : Map.of("Link", "<" + base + "/link/orders>; rel=\"first\"");
        send(ex, 200, page(from, to), headers);
    }

    private String page(int from, int to) {
        return orders.subList(from, to).stream().collect(Collectors.joining(", ", "[", "]"));
    }

    private long pageBytes(int pageNumber) {
        return page((pageNumber - 1) * PAGE_SIZE, pageNumber * PAGE_SIZE).getBytes(StandardCharsets.UTF_8).length;
    }

    private void addOrder(int id) {
        orders.add("{\"id\": " + id + ", \"status\": \"" + (id % 3 == 0 ? "returned" : "paid") + "\", \"amount\": " + (id * 10 + 0.5)
                + ", \"updated_at\": \"2024-01-0" + Math.min(id, 9) + " 10:00:00\"}");
    }

    private static Map<String, String> query(HttpExchange ex) {
        Map<String, String> params = new HashMap<>();
        String raw = URI.create(ex.getRequestURI().toString()).getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                String[] kv = pair.split("=", 2);
                params.put(kv[0], kv.length > 1 ? java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return params;
    }

    private static void send(HttpExchange ex, int status, String body, Map<String, String> headers) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    // --- helpers ---------------------------------------------------------------------------------

    private IngestionSettings settings() {
        return IngestionSettings.defaults(home.toString()).withHttp(http()).withProgressRows(PAGE_SIZE);
    }

    /** The operator's connection "shop": the loopback test server (so private addresses are allowed) with its token. */
    private SourcePolicy policy(Map<String, String> headers) {
        return new SourcePolicy(SourceSettings.of(Map.of("shop", SourceSettings.Connection.http(base, headers, List.of(), true)),
                SourceSettings.RawLocations.NONE), new PathPolicy(List.of(home)), InetAddress::getAllByName);
    }

    /** Short waits so the test is quick; Retry-After (1 s) is capped by the 50 ms maximum. */
    private static IngestionSettings.Http http() {
        return new IngestionSettings.Http(Map.of("User-Agent", "dea-test"), 4, Duration.ofMillis(5), Duration.ofMillis(50),
                Duration.ofSeconds(5), "cursor", "page", 100, 5);
    }

    private IngestionHandler handler() {
        return new IngestionHandler(settings(), policy(Map.of("Authorization", TOKEN)));
    }

    private TaskOutcome ingest(String planId, IngestionHandler handler, GoalSpec goal) throws Exception {
        return handler.handle(tasks.context(OneGoal.task(tasks, planId, StepRef.ingest("orders"), "ingestion", goal, Map.of())));
    }

    private static GoalSpec goal(String url, String incrementalKey) {
        return TestTasks.goal("goal: load the shop's API\nsources:\n  - {name: orders, format: http, connection: shop, location: '" + url + "'"
                + (incrementalKey == null ? "" : ", incremental_key: " + incrementalKey) + "}\n");
    }

    private List<Integer> ids() {
        List<Integer> ids = new ArrayList<>();
        tasks.warehouse.query("SELECT id FROM landing.orders ORDER BY id").rows().forEach(r -> ids.add(((Number) r.get(0)).intValue()));
        return ids;
    }
}
