package io.dea.stack.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.dea.events.v1.PlanState;
import io.dea.events.v1.StepState;
import io.dea.platform.warehouse.DuckDbWarehouse;
import io.dea.stack.StackFixture;
import io.dea.stack.TestProperties;
import io.dea.stack.cli.StackClient;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A goal submitter's attacks through sources, on one real local stack with operator connections (a
 * DuckDB database, a files root, a loopback API): each goal is rejected with a reason that says what
 * to change, nothing runs or lands, and then honest goals complete. The stack takes its connections
 * from system properties, which Spring reads under the stack's own settings.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SourceAttacksTest {

    private static final Path EXAMPLE = Path.of("../examples/daily-revenue/data").toAbsolutePath().normalize();

    private Path dir;
    private Path drop;
    private Path marker;
    private HttpServer api;
    private final AtomicInteger apiHits = new AtomicInteger();
    private final TestProperties properties = new TestProperties();
    private StackFixture fixture;
    private StackClient client;
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
        properties.set("dea.connections.duck.kind", "jdbc");
        properties.set("dea.connections.duck.url", "jdbc:duckdb:" + dir.resolve("shop.duckdb"));
        properties.set("dea.connections.drop.kind", "files");
        properties.set("dea.connections.drop.roots[0]", drop.toString());
        properties.set("dea.connections.api.kind", "http");
        properties.set("dea.connections.api.base-url", "http://127.0.0.1:" + api.getAddress().getPort() + "/api");
        properties.set("dea.connections.api.allow-private-addresses", "true");
        fixture = new StackFixture();
        client = StackClient.of(fixture);
    }

    @AfterAll
    void stopStack() {
        if (fixture != null) {
            fixture.close();
        }
        if (api != null) {
            api.stop(0);
        }
        properties.close();
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

        PlanState raw = rejected("{name: duck_url, format: jdbc, location: 'jdbc:duckdb:" + fixture.home.resolve("warehouse.duckdb")
                + "', query: \"SELECT * FROM read_text('/etc/hostname')\"}", "duck_url");

        assertThat(raw.getReason()).contains("source duck_url: a jdbc source must name a connection");
    }

    @Test
    @Order(3)
    void aFileOutsideTheConnectionsRootsIsRejected() throws Exception {
        PlanState plan = rejected("{name: outside, format: csv, connection: drop, location: ../secret.csv}", "outside");

        // The whole value: the random temp directory's name may hold any four digits.
        assertThat(plan.getReason()).contains("outside the connection's roots").doesNotContain("4111-1111");
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
        honestGoal = client.submit(dir, Files.readString(EXAMPLE.resolve("../goal.yaml")).replace("location: data/", "location: " + EXAMPLE + "/"));
        PlanState end = client.followApproving(honestGoal);

        assertThat(end.getState()).as("%s: %s", honestGoal, end.getReason()).isEqualTo("COMPLETED");
        assertThat(landingTables()).containsExactlyInAnyOrder("orders", "payments", "customers");
    }

    @Test
    @Order(7)
    void aSecondGoalCannotReplaceTheFirstGoalsLandingTable() throws Exception {
        long before = ordersRows();
        String goalId = client.submit(dir, goal("{name: orders, format: csv, connection: drop, location: orders.csv}", "orders"));
        PlanState failed = client.waitFor(goalId, p -> p.getSteps().stream().anyMatch(s -> s.getName().equals("ingest_orders")
                && "FAILED".equals(s.getState())) || "FAILED".equals(p.getState()));
        StepState ingest = failed.getSteps().stream().filter(s -> s.getName().equals("ingest_orders")).findFirst().orElseThrow();

        assertThat(ingest.getError() + " " + ingest.getSummary()).contains("landing.orders is owned by goal " + honestGoal,
                "rename this goal's source");
        assertThat(ordersRows()).isEqualTo(before);
        assertThat(countWhere("SELECT count(*) FROM landing.orders WHERE status = 'PAID'")).as("none of the second goal's rows").isZero();
        client.rejectPending(goalId, "attack");
    }

    @Test
    @Order(8)
    void aBudgetOverTheOperatorsCeilingIsRejectedBeforeAnythingRuns() throws Exception {
        String yaml = goal("{name: orders, format: csv, connection: drop, location: orders.csv}", "orders")
                + "budget:\n  max_bytes_scanned: 5PB\n";

        PlanState plan = rejected(yaml);

        assertThat(plan.getReason()).contains("budget.max_bytes_scanned: 5 PB is over the platform's ceiling of 1 TB",
                "dea.cost.max-budget");
    }

    private PlanState rejected(String source, String name) throws Exception {
        return rejected(goal(source, name));
    }

    private PlanState rejected(String yaml) throws Exception {
        String goalId = client.submit(dir, yaml);
        PlanState plan = client.waitFor(goalId, p -> Set.of("REJECTED", "COMPLETED", "FAILED").contains(p.getState()));
        assertThat(plan.getState()).as(plan.getReason()).isEqualTo("REJECTED");
        assertThat(plan.getSteps()).as("nothing was planned, so nothing ran").isEmpty();
        return plan;
    }

    private static String goal(String source, String name) {
        return "goal: attack\nsources:\n  - " + source + "\nmart:\n  name: m_" + name + "\n  grain: [" + name + ".id]\n"
                + "  measures: [{name: n, agg: count, expr: " + name + ".id}]\n";
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
