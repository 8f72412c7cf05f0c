package io.dea.stack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dea.events.v1.PlanState;
import io.dea.events.v1.StepState;
import io.dea.platform.kafka.AgentKind;
import io.dea.platform.kafka.KafkaAccess;
import io.dea.platform.kafka.Topics;
import io.dea.platform.lineage.LineageGraph;
import io.dea.platform.warehouse.DuckDbWarehouse;
import io.dea.platform.warehouse.Warehouse;
import io.dea.stack.StackFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * Goals through the whole system on a real broker: every agent, the review gates through the
 * review API, dbt and DuckDB for real.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndToEndTest {

    private StackFixture fixture;
    private StackConnection connection;

    @BeforeAll
    void startStack() throws Exception {
        fixture = new StackFixture();
        connection = Connections.to(fixture);
    }

    @AfterAll
    void stopStack() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void theExampleGoalGoesThroughEveryAgentAndItsReviewsToACorrectMart() throws Exception {
        String goalId = GoalSubmission.submit(connection, Path.of("../examples/daily-revenue/goal.yaml"));

        PlanState end = new PlanFollower(connection, goalId, true, true).follow();

        assertThat(end.getState()).as("plan %s ended: %s", goalId, end.getReason()).isEqualTo("COMPLETED");
        assertThat(end.getSteps()).extracting(StepState::getState).containsOnly("SUCCEEDED");
        JsonNode reviews = connection.reviews(false, goalId);
        assertThat(reviews).extracting(r -> r.path("kind").asString()).contains("CHANGE", "GOVERNANCE");
        assertThat(reviews).extracting(r -> r.path("state").asString()).containsOnly("APPROVED");
        // ./dea status asks the review service, which keeps every plan's state: the same JSON the topic gives.
        JsonNode served = awaitServed(goalId, end);
        JsonNode fromTopic = PlanPrinter.JSON.valueToTree(io.dea.platform.plan.PlanStatus.json(goalId, end, List.of()));
        assertThat(served.path("steps")).extracting(step -> step.path("name").asString() + " " + step.path("state").asString() + " "
                + step.path("started_at").asString()).containsExactlyElementsOf(fromTopic.path("steps").values().stream()
                .map(step -> step.path("name").asString() + " " + step.path("state").asString() + " " + step.path("started_at").asString())
                .toList());
        assertThat(served.path("steps")).allSatisfy(step -> assertThat(step.path("ended_at").asString()).isNotBlank());

        // Locked down like every warehouse connection; the expected answer reads the example's CSVs.
        Warehouse warehouse = new DuckDbWarehouse(fixture.stack.files().warehouse(), true,
                List.of(Path.of("../examples/daily-revenue/data")));
        Path data = Path.of("../examples/daily-revenue/data").toAbsolutePath();
        String expected = """
                WITH o AS (SELECT * FROM read_csv_auto('%1$s/orders.csv')),
                     p AS (SELECT * FROM read_csv_auto('%1$s/payments.csv'))
                SELECT o.order_date::DATE AS d, round(sum(p.amount), 2) AS revenue,
                       (SELECT count(*) FROM o o2 WHERE o2.order_date = o.order_date AND o2.status <> 'returned') AS orders
                FROM o JOIN p ON p.order_id = o.id WHERE o.status <> 'returned'
                GROUP BY o.order_date ORDER BY 1""".formatted(data);
        var want = warehouse.query(expected).rows();
        var got = warehouse.query("SELECT order_date::DATE, round(revenue, 2), order_count FROM dev.daily_revenue ORDER BY 1").rows();
        assertThat(got).hasSize(want.size());
        for (int i = 0; i < want.size(); i++) {
            assertThat(got.get(i).get(0).toString()).isEqualTo(want.get(i).get(0).toString());
            assertThat(((Number) got.get(i).get(1)).doubleValue()).isEqualTo(((Number) want.get(i).get(1)).doubleValue());
            assertThat(((Number) got.get(i).get(2)).longValue()).isEqualTo(((Number) want.get(i).get(2)).longValue());
        }
        // The catalog the agents kept while the goal ran, as ./dea search --json shows it.
        JsonNode hits = PlanPrinter.JSON.readTree(SearchCommand.json(SearchCommand.search(fixture.stack.files().warehouse(),
                "money customers paid", 3)));
        assertThat(hits).extracting(h -> h.path("name").asString())
                .containsAnyOf("landing.payments.amount", "dev.daily_revenue.revenue");
        assertThat(SearchCommand.search(fixture.stack.files().warehouse(), "order_date", 1).get(0).name()).endsWith(".order_date");
        assertLineageReachesTheSourceFiles(data);
    }

    /**
     * ./dea lineage dev.daily_revenue --upstream --json: the staging models, the landing tables and the CSV files the mart is
     * built from. The mart reads no customer column, so customers.csv feeds its landing table, staging model and the
     * governance agent's masked view, not the mart: the answer names it under also_loaded, what the plan that
     * built the mart loaded too.
     */
    private void assertLineageReachesTheSourceFiles(Path data) throws Exception {
        LineageGraph graph = connection.lineage();
        List<String> upstream = lineage(graph, "dev.daily_revenue", LineageGraph.Direction.UPSTREAM);
        assertThat(upstream).as("upstream of dev.daily_revenue").containsExactlyInAnyOrder(
                "model dev.stg_daily_revenue__orders 1", "model dev.stg_daily_revenue__payments 1",
                "table landing.orders 2", "table landing.payments 2",
                "file " + data.resolve("orders.csv").normalize() + " 3", "file " + data.resolve("payments.csv").normalize() + " 3");
        var answer = PlanPrinter.JSON.readTree(PlanPrinter.JSON.writeValueAsString(
                LineageCommand.lineage(graph, "dev.daily_revenue", LineageGraph.Direction.UPSTREAM, false).toJson()));
        assertThat(answer.path("also_loaded").toString()).as("the goal's third CSV, named beside the lineage")
                .isEqualTo("[{\"name\":\"" + data.resolve("customers.csv").normalize() + "\",\"kind\":\"file\",\"into\":\"landing.customers\"}]");
        assertThat(lineage(graph, data.resolve("customers.csv").normalize().toString(), LineageGraph.Direction.DOWNSTREAM))
                .as("downstream of customers.csv").containsExactly("table landing.customers 1",
                        "model dev.daily_revenue_customers_masked 2", "model dev.stg_daily_revenue__customers 2");
    }

    /** The --json answer's nodes as "kind name depth". */
    private static List<String> lineage(LineageGraph graph, String table, LineageGraph.Direction direction) throws Exception {
        var answer = LineageCommand.lineage(graph, table, direction, false);
        JsonNode json = PlanPrinter.JSON.readTree(PlanPrinter.JSON.writeValueAsString(answer.toJson()));
        List<String> nodes = new ArrayList<>();
        json.path("nodes").forEach(n -> nodes.add(n.path("kind").asString() + " " + n.path("name").asString() + " " + n.path("depth").asInt()));
        return nodes;
    }

    @Test
    void aBadGoalIsRejectedWithEveryReasonAndTheNextGoodGoalStillRuns() throws Exception {
        Path bad = java.nio.file.Files.createTempFile(fixture.home, "bad", ".yaml");
        java.nio.file.Files.writeString(bad, """
                goal: broken on purpose
                sources:
                  - name: orders
                    format: csv
                    location: %s/orders.csv
                  - name: "bad name"
                    format: xlsx
                    location: x.xlsx
                mart:
                  name: m
                  grain: [orders.nope]
                  measures:
                    - { name: revenue, agg: median, expr: "payments.amount" }
                    - { name: n, agg: count, expr: "orders.id; DROP TABLE x" }
                  filters: ["lower(orders.status) = 'x'"]
                """.formatted(Path.of("../examples/daily-revenue/data").toAbsolutePath()));
        String badId = GoalSubmission.submit(connection, bad);
        PlanState rejected = waitFor(badId, p -> p.getState().equals("REJECTED"));
        assertThat(rejected.getReason())
                .contains("sources[1].format: 'xlsx'")
                .contains("sources[1].name: 'bad name' is not a safe identifier")
                .contains("mart.measures[0].agg: 'median'")
                .contains("unknown source 'payments'")
                .contains("unknown column orders.nope")
                .contains("mart.measures[1].expr")
                .contains("mart.filters[0]")
                .contains("Function");

        String goodId = GoalSubmission.submit(connection, Path.of("../examples/daily-revenue/goal.yaml"));
        PlanState planned = waitFor(goodId, p -> !p.getSteps().isEmpty());
        assertThat(planned.getSteps()).extracting(StepState::getName).contains("ingest_orders", "model", "apply");
    }

    @Test
    void undecodableRecordsGoToDeadLetterTopicsAndTheNextGoalStillRuns() throws Exception {
        // Junk from a submitter on the request topic, and from a (buggy) orchestrator on a task topic...
        try (KafkaProducer<String, byte[]> raw = rawProducer(fixture.stack.kafkaClientProperties())) {
            raw.send(new ProducerRecord<>(Topics.GOAL_REQUESTS, "junk", "not avro at all".getBytes())).get();
        }
        try (KafkaProducer<String, byte[]> raw = rawProducer(fixture.stack.kafkaClientProperties(KafkaAccess.Principal.ORCHESTRATOR))) {
            raw.send(new ProducerRecord<>(Topics.tasks(AgentKind.INGESTION), "junk", new byte[] {0, 0, 0, 0, 99, 1, 2})).get();
        }

        // ...and from a (buggy) agent on the progress topic the orchestrator reads.
        try (KafkaProducer<String, byte[]> raw = rawProducer(fixture.stack.kafkaClientProperties(KafkaAccess.Principal.MODELING))) {
            raw.send(new ProducerRecord<>(Topics.TASK_PROGRESS, "junk", "no progress here".getBytes())).get();
        }

        assertThat(readAll(Topics.deadLetter(Topics.GOAL_REQUESTS))).contains("junk");
        assertThat(readAll(Topics.deadLetter(Topics.tasks(AgentKind.INGESTION)))).contains("junk");
        assertThat(readAll(Topics.deadLetter(Topics.TASK_PROGRESS))).contains("junk");

        String goalId = GoalSubmission.submit(connection, Path.of("../examples/daily-revenue/goal.yaml"));
        PlanState loaded = waitFor(goalId, p -> p.getSteps().stream()
                .filter(s -> s.getName().startsWith("ingest_")).allMatch(s -> s.getState().equals("SUCCEEDED")));
        assertThat(loaded.getState()).isIn("RUNNING", "AWAITING_REVIEW");
    }

    @Test
    void twoOrchestratorReplicasSharePlansByPartitionAndGoalsStillComplete() throws Exception {
        var second = fixture.stack.addReplica("orchestrator-service", "orchestrator-2");
        var first = fixture.stack.context("orchestrator-service");
        Instant deadline = Instant.now().plusSeconds(240);
        while (Instant.now().isBefore(deadline) && (tasks(first) == 0 || tasks(second) == 0 || tasks(first) + tasks(second) != 6)) {
            Thread.sleep(500);
        }
        assertThat(tasks(first)).as("partitions kept by the first replica").isPositive();
        assertThat(tasks(second)).as("partitions taken by the second replica").isPositive();

        List<String> goals = List.of(GoalSubmission.submit(connection, Path.of("../examples/daily-revenue/goal.yaml")),
                GoalSubmission.submit(connection, Path.of("../examples/daily-revenue/goal.yaml")));
        for (String goalId : goals) {
            PlanState end = new PlanFollower(connection, goalId, true, false).follow();
            assertThat(end.getState()).as("%s ended: %s", goalId, end.getReason()).isEqualTo("COMPLETED");
        }
    }

    private static int tasks(org.springframework.context.ConfigurableApplicationContext orchestrator) {
        return orchestrator.getBean(io.dea.orchestrator.stream.OrchestratorStreams.class).activeTasks();
    }

    @Test
    void rollbackRestoresTheTableAGoalReplacedAndDropsWhatAGoalCreated() throws Exception {
        Path data = Path.of("../examples/daily-revenue/data").toAbsolutePath();
        Warehouse warehouse = new DuckDbWarehouse(fixture.stack.files().warehouse(), true);
        String first = completed(revenueGoal(data, "orders.status <> 'returned'"));
        String kept = "SELECT order_date::DATE AS d, round(revenue, 2) AS r FROM dev.rollback_revenue ORDER BY 1";
        var firstFigures = warehouse.query(kept).rows();
        String second = completed(revenueGoal(data, "orders.status = 'returned'"));
        assertThat(warehouse.query(kept).rows()).as("the second goal replaced the mart").isNotEqualTo(firstFigures);

        PlanState undone = RollbackCommand.rollback(connection, second, "wrong filter");

        assertThat(undone.getState()).as("rollback of %s: %s", second, undone.getReason()).isEqualTo("ROLLED_BACK");
        assertThat(warehouse.query(kept).rows()).as("the table the second goal replaced, restored").isEqualTo(firstFigures);
        Path model = fixture.stack.files().dataProject().resolve("models/rollback_revenue/rollback_revenue.sql");
        assertThat(java.nio.file.Files.readString(model)).as("main's model is the first goal's again")
                .contains("<> 'returned'").doesNotContain("= 'returned'");
        assertThat(connection.planStates().get(first).getState()).isEqualTo("COMPLETED");

        PlanState firstUndone = RollbackCommand.rollback(connection, first, null);

        assertThat(firstUndone.getState()).isEqualTo("ROLLED_BACK");
        assertThat(warehouse.query("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'dev' "
                + "AND table_name LIKE '%rollback_revenue%'").rows().get(0).get(0)).as("what the first goal created is gone")
                .isEqualTo(0L);
        assertThat(model).as("and its model left main").doesNotExist();
    }

    /** A two-source revenue mart named rollback_revenue in dev, with the given filter. */
    private static Path revenueGoal(Path data, String filter) throws java.io.IOException {
        Path goal = java.nio.file.Files.createTempFile("rollback-goal", ".yaml");
        java.nio.file.Files.writeString(goal, """
                goal: revenue for the rollback test
                sources:
                  - { name: orders, format: csv, location: %1$s/orders.csv, primary_key: id }
                  - { name: payments, format: csv, location: %1$s/payments.csv }
                relationships: [payments.order_id -> orders.id]
                mart:
                  name: rollback_revenue
                  grain: [orders.order_date]
                  measures: [{ name: revenue, agg: sum, expr: payments.amount }]
                  filters: ["%2$s"]
                environment: dev
                """.formatted(data, filter));
        return goal;
    }

    private String completed(Path goal) throws Exception {
        String goalId = GoalSubmission.submit(connection, goal);
        PlanState end = new PlanFollower(connection, goalId, true, false).follow();
        assertThat(end.getState()).as("goal %s: %s", goalId, end.getReason()).isEqualTo("COMPLETED");
        return goalId;
    }

    private KafkaProducer<String, byte[]> rawProducer(Map<String, String> login) {
        Properties producer = new Properties();
        producer.putAll(login);
        producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, fixture.stack.bootstrapServers());
        return new KafkaProducer<>(producer, new StringSerializer(), new ByteArraySerializer());
    }

    /** The keys on a topic, read from the beginning (as the operator: nobody else reads dead letters) until some arrive or 60 s pass. */
    private List<String> readAll(String topic) {
        Properties props = new Properties();
        props.putAll(fixture.stack.adminClientProperties());
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, fixture.stack.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> keys = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            Instant deadline = Instant.now().plusSeconds(60);
            while (keys.isEmpty() && Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> keys.add(r.key()));
            }
        }
        return keys;
    }

    /** The review service's status of the plan once it has read the plan's last state (its copy may trail the topic a moment). */
    private JsonNode awaitServed(String goalId, PlanState end) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        java.util.Optional<JsonNode> served = connection.servedStatus(goalId);
        while (Instant.now().isBefore(deadline) && !served.map(s -> s.path("state").asString().equals(end.getState())).orElse(false)) {
            Thread.sleep(300);
            served = connection.servedStatus(goalId);
        }
        return served.orElseThrow(() -> new AssertionError("the review service never served goal " + goalId));
    }

    private PlanState waitFor(String goalId, Predicate<PlanState> done) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(180));
        while (Instant.now().isBefore(deadline)) {
            PlanState state = connection.planStates().get(goalId);
            if (state != null && done.test(state)) {
                return state;
            }
            Thread.sleep(300);
        }
        throw new AssertionError("goal " + goalId + " did not reach the expected state in 180 s: " + connection.planStates().get(goalId));
    }
}
