package io.dea.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import io.dea.platform.step.StepRef;
import com.sun.net.httpserver.HttpServer;
import io.dea.events.v1.GoalSpec;
import io.dea.events.v1.Outcome;
import io.dea.platform.agent.TaskOutcome;
import io.dea.platform.source.PathPolicy;
import io.dea.platform.source.SourcePolicy;
import io.dea.platform.source.SourceSettings;
import io.dea.platform.testing.TestTasks;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each attack a goal submitter could try through a source, against real H2 and DuckDB files, real
 * directories and symlinks and loopback HTTP servers: refused with a reason that says what to change,
 * nothing written to the warehouse, no file created, no request sent where the connection does not
 * reach; and the honest source loading.
 */
class SourcePolicyIngestionTest {

    private static final String TOKEN = "approver-token-9a4e";
    private static final String SECRET_ROW = "card-4111-1111";

    @TempDir
    Path temp;
    private Path home;
    private Path data;
    private TestTasks tasks;
    private final Map<String, SourceSettings.Connection> connections = new HashMap<>();
    private final List<HttpServer> servers = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        home = Files.createDirectories(temp.resolve("dea-home"));
        data = Files.createDirectories(temp.resolve("data"));
        Files.writeString(home.resolve("token"), TOKEN + "\n");
        Files.writeString(data.resolve("orders.csv"), "id,amount\n1,2.50\n2,4.00\n");
        Files.writeString(temp.resolve("secret.csv"), "card\n" + SECRET_ROW + "\n");
        // As the ingestion service's DuckDB: the file connection's root and the HTTP spool, not DEA_HOME.
        tasks = new TestTasks(home, data, home.resolve("work"));
        connections.put("drop", SourceSettings.Connection.files(List.of(data.toString())));
    }

    @AfterEach
    void tearDown() {
        servers.forEach(s -> s.stop(0));
    }

    // --- JDBC ---------------------------------------------------------------------------------------

    @Test
    void theH2InitAttackIsRefusedAsARawUrlAndAsAConnectionAndRunsNothing() throws Exception {
        Path marker = temp.resolve("marker.txt");
        String attack = "jdbc:h2:mem:x;INIT=CREATE ALIAS MARK AS 'void mark(String p) throws Exception { java.nio.file.Files.writeString("
                + "java.nio.file.Path.of(p), \"pwned\"); }'\\;CALL MARK('" + marker + "')";
        connections.put("evil", SourceSettings.Connection.jdbc(attack, null, null, Map.of()));

        TaskOutcome raw = ingest("orders", "{name: orders, format: jdbc, location: '" + attack.replace("'", "''") + "', table: t}");
        TaskOutcome viaConnection = ingest("orders", "{name: orders, format: jdbc, connection: evil, table: t}");

        assertThat(raw.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(raw.error()).contains("a jdbc source must name a connection");
        assertThat(viaConnection.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(viaConnection.error()).contains("connection evil: the H2 URL has a backslash");
        assertThat(marker).doesNotExist();
        assertNothingLanded();
    }

    @Test
    void anH2QueryCallingFileFunctionsIsRefusedAndAPlainOneLoadsReadOnly() throws Exception {
        Path db = data.resolve("erp");
        try (Connection c = DriverManager.getConnection("jdbc:h2:" + db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (id INT PRIMARY KEY, amount DECIMAL(10,2))");
            s.execute("INSERT INTO orders VALUES (1, 2.50), (2, 4.00)");
        }
        connections.put("erp", SourceSettings.Connection.jdbc("jdbc:h2:" + db + ";MODE=PostgreSQL", null, null, Map.of()));

        TaskOutcome fileRead = ingest("orders", "{name: orders, format: jdbc, connection: erp, query: \"SELECT FILE_READ('"
                + home.resolve("token") + "') AS t\"}");
        TaskOutcome csvRead = ingest("orders", "{name: orders, format: jdbc, connection: erp, query: \"SELECT * FROM CSVREAD('"
                + temp.resolve("secret.csv") + "')\"}");
        TaskOutcome honest = ingest("orders", "{name: orders, format: jdbc, connection: erp, query: \"SELECT id, amount FROM orders\"}");

        assertThat(fileRead.error()).contains("function FILE_READ is not on the allow-list").doesNotContain(TOKEN);
        assertThat(csvRead.error()).contains("table function CSVREAD").doesNotContain(SECRET_ROW);
        assertThat(honest.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(honest.outputs()).containsEntry("rows", "2");
        try (Connection c = DriverManager.getConnection("jdbc:h2:" + db + ";IFEXISTS=TRUE;ACCESS_MODE_DATA=r");
             Statement s = c.createStatement()) {
            assertThat(c.isReadOnly()).as("the policy's URL opens the database read-only").isTrue();
        }
    }

    @Test
    void aDuckDbSourceCannotReadFilesEvenThroughAViewItHolds() throws Exception {
        Path db = data.resolve("shop.duckdb");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders AS SELECT 1 AS id, 2.5 AS amount UNION ALL SELECT 2, 4.0");
            s.execute("CREATE VIEW leak AS SELECT * FROM read_csv('" + temp.resolve("secret.csv") + "')");
        }
        connections.put("shop", SourceSettings.Connection.jdbc("jdbc:duckdb:" + db, null, null, Map.of()));
        connections.put("warehouse", SourceSettings.Connection.jdbc("jdbc:duckdb:" + home.resolve("warehouse.duckdb"), null, null, Map.of()));

        TaskOutcome query = ingest("orders", "{name: orders, format: jdbc, connection: shop, query: \"SELECT * FROM read_csv('"
                + temp.resolve("secret.csv") + "')\"}");
        TaskOutcome view = ingest("orders", "{name: orders, format: jdbc, connection: shop, table: leak}");
        TaskOutcome warehouse = ingest("orders", "{name: orders, format: jdbc, connection: warehouse, table: landing.orders}");

        assertThat(query.error()).contains("table function read_csv");
        assertThat(view.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(view.error()).as("external access is off in the source connection").doesNotContain(SECRET_ROW);
        assertThat(warehouse.error()).contains("inside DEA_HOME");
        assertNothingLanded();

        TaskOutcome honest = ingest("orders", "{name: orders, format: jdbc, connection: shop, table: orders}");
        assertThat(honest.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(honest.outputs()).containsEntry("rows", "2");
    }

    // --- files --------------------------------------------------------------------------------------

    @Test
    void deaHomeAndLinksOutOfTheRootsAreRefusedWithoutQuotingTheFile() throws Exception {
        Files.createSymbolicLink(data.resolve("innocent.csv"), home.resolve("token"));
        Files.createSymbolicLink(data.resolve("other.csv"), temp.resolve("secret.csv"));

        TaskOutcome token = ingest("t", "{name: t, format: csv, location: '" + home.resolve("token") + "'}");
        TaskOutcome linked = ingest("t", "{name: t, format: csv, connection: drop, location: innocent.csv}");
        TaskOutcome outside = ingest("t", "{name: t, format: csv, connection: drop, location: other.csv}");
        TaskOutcome dotdot = ingest("t", "{name: t, format: csv, connection: drop, location: ../secret.csv}");
        TaskOutcome glob = ingest("t", "{name: t, format: csv, connection: drop, location: '*.csv'}");

        for (TaskOutcome o : List.of(token, linked, outside, dotdot, glob)) {
            assertThat(o.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(o.error()).doesNotContain(TOKEN, SECRET_ROW);
        }
        assertThat(token.error()).contains("inside DEA_HOME");
        assertThat(linked.error()).contains("inside DEA_HOME");
        assertThat(outside.error()).contains("outside the connection's roots");
        assertThat(dotdot.error()).contains("outside the connection's roots");
        assertThat(glob.error()).contains("a file it matches");
        assertNothingLanded();

        assertThat(ingest("orders", "{name: orders, format: csv, connection: drop, location: orders.csv}").outputs()).containsEntry("rows", "2");
    }

    @Test
    void rawFilesAreRefusedWhereTheOperatorAllowsNone() throws Exception {
        TaskOutcome raw = new IngestionHandler(IngestionSettings.defaults(data.toString()), new SourcePolicy(
                SourceSettings.of(connections, SourceSettings.RawLocations.NONE), new PathPolicy(List.of(home)), InetAddress::getAllByName))
                .handle(tasks.context(tasks.task("p1", StepRef.ingest("orders"), "ingestion", goal("{name: orders, format: csv, location: orders.csv}"),
                        Map.of())));

        assertThat(raw.error()).contains("raw locations are not allowed here", "files connections: [drop]");
        assertNothingLanded();
    }

    // --- HTTP ---------------------------------------------------------------------------------------

    @Test
    void aLoopbackApiIsRefusedUnlessTheConnectionAllowsPrivateAddresses() throws Exception {
        AtomicInteger hits = new AtomicInteger();
        String base = server(hits, 200, "[{\"id\": 1}]", Map.of());
        connections.put("public", SourceSettings.Connection.http(base + "/api", Map.of(), List.of(), false));
        connections.put("local", SourceSettings.Connection.http(base + "/api", Map.of(), List.of(), true));

        TaskOutcome refused = ingest("orders", "{name: orders, format: http, connection: public, location: orders}");
        TaskOutcome raw = ingest("orders", "{name: orders, format: http, location: '" + base + "/api/orders'}");
        TaskOutcome otherPort = ingest("orders", "{name: orders, format: http, connection: local, location: 'http://127.0.0.1:1/api/orders'}");

        assertThat(refused.error()).contains("resolves to 127.0.0.1, a loopback address", "allow-private-addresses");
        assertThat(raw.error()).contains("an http source must name a connection");
        assertThat(otherPort.error()).contains("is not under connection local's base URL");
        assertThat(hits).as("no request reached the server").hasValue(0);
        assertNothingLanded();

        assertThat(ingest("orders", "{name: orders, format: http, connection: local, location: orders}").outputs()).containsEntry("rows", "1");
        assertThat(hits).as("the allowed connection reaches it").hasPositiveValue();
    }

    @Test
    void aRedirectOutOfTheConnectionIsNotFollowedAndBodiesNeverReachErrors() throws Exception {
        AtomicInteger elsewhere = new AtomicInteger();
        String target = server(elsewhere, 200, "[{\"id\": 1}]", Map.of());
        AtomicInteger hits = new AtomicInteger();
        String base = server(hits, 302, "", Map.of("Location", target + "/latest/meta-data"));
        AtomicInteger errors = new AtomicInteger();
        String failing = server(errors, 404, "{\"error\": \"" + SECRET_ROW + "\"}", Map.of());
        connections.put("api", SourceSettings.Connection.http(base, Map.of("Authorization", "Bearer " + TOKEN), List.of(), true));
        connections.put("failing", SourceSettings.Connection.http(failing, Map.of(), List.of(), true));

        TaskOutcome redirected = ingest("orders", "{name: orders, format: http, connection: api, location: orders}");
        TaskOutcome notFound = ingest("orders", "{name: orders, format: http, connection: failing, location: 'orders?api_key=k3y'}");

        assertThat(redirected.error()).contains("refused to fetch", target + "/latest/meta-data", "not under connection api's base URL");
        assertThat(elsewhere).as("the redirect target got no request (and so no token)").hasValue(0);
        assertThat(notFound.error()).contains("answered 404", "api_key=***").doesNotContain(SECRET_ROW, "k3y");
        assertNothingLanded();
    }

    // --- landing tables per source identity ------------------------------------------------------------

    @Test
    void aSecondGoalCannotReplaceALandingTableAnotherGoalLoadsFromOtherData() throws Exception {
        Files.writeString(data.resolve("mine.csv"), "id,amount\n9,99.00\n");
        String first = "{name: orders, format: csv, connection: drop, location: orders.csv}";
        assertThat(ingestAs("goal-a", first).outputs()).containsEntry("rows", "2");

        TaskOutcome other = ingestAs("goal-b", "{name: orders, format: csv, connection: drop, location: mine.csv}");
        TaskOutcome same = ingestAs("goal-c", first);

        assertThat(other.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(other.error()).contains("landing.orders is owned by goal goal-a", "rename this goal's source");
        assertThat(tasks.warehouse.query("SELECT CAST(sum(id) AS BIGINT) FROM landing.orders").rows()).as("goal-a's rows, untouched")
                .containsExactly(List.of(3L));
        assertThat(same.outcome()).as("the same data for another goal loads as before").isEqualTo(Outcome.SUCCEEDED);
        assertThat(tasks.warehouse.query("SELECT source, goal_id FROM dea_meta.landing_sources ORDER BY goal_id").rows())
                .containsExactly(List.of("orders", "goal-a"), List.of("orders", "goal-c"));

        Files.writeString(data.resolve("orders.csv"), "id,amount,channel\n1,2.50,web\n2,4.00,shop\n3,1.00,web\n");
        TaskOutcome added = ingestAs("goal-a", first);
        assertThat(added.review()).as("an added column is held when other goals read the table").isNotNull();
        assertThat(added.review().summary()).contains("added channel", "other goals read landing.orders");
        assertThat(tasks.warehouse.query("SELECT count(*) FROM landing.orders").rows()).containsExactly(List.of(2L));
    }

    // --- helpers ------------------------------------------------------------------------------------

    private IngestionHandler handler() {
        return new IngestionHandler(IngestionSettings.defaults(data.toString()).withHttp(new IngestionSettings.Http(Map.of(), 1,
                java.time.Duration.ofMillis(5), java.time.Duration.ofMillis(10), java.time.Duration.ofSeconds(5), "cursor", "page", 10, 3)),
                new SourcePolicy(SourceSettings.of(connections, SourceSettings.RawLocations.FILES), new PathPolicy(List.of(home)),
                        InetAddress::getAllByName));
    }

    private TaskOutcome ingest(String source, String spec) throws Exception {
        return ingestAs("goal-1", spec, source);
    }

    private TaskOutcome ingestAs(String goalId, String spec) throws Exception {
        return ingestAs(goalId, spec, "orders");
    }

    private TaskOutcome ingestAs(String goalId, String spec, String source) throws Exception {
        return handler().handle(tasks.context(OneGoal.asGoal(tasks.task("p-" + goalId, StepRef.ingest(source), "ingestion", goal(spec), Map.of()),
                goalId)));
    }

    private static GoalSpec goal(String source) {
        return TestTasks.goal("goal: g\nsources:\n  - " + source + "\n");
    }

    private void assertNothingLanded() {
        assertThat(tasks.warehouse.query("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'landing'").rows())
                .containsExactly(List.of(0L));
    }

    private String server(AtomicInteger hits, int status, String body, Map<String, String> headers) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            hits.incrementAndGet();
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                ex.getResponseBody().write(bytes);
            }
            ex.close();
        });
        server.start();
        servers.add(server);
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }
}
