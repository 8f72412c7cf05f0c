package io.dea.stack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dea.events.v1.PlanState;
import io.dea.events.v1.StepState;
import io.dea.platform.warehouse.DuckDbWarehouse;
import io.dea.stack.StackFixture;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import io.dea.platform.testing.LoopbackModelServer;
import io.dea.platform.testing.LoopbackModelServer.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * Goals given in words on a real stack, with the demo's sources landed: the intake step's proposal
 * waits in an INTENT review; approved, it builds what the demo's structured goal built. A word that
 * matches nothing is asked about, never guessed. With a language model configured (a loopback server
 * speaking OpenAI's API), the model reads the words and writes a measure and a filter given as descriptions, and
 * both build the same figures.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GoalInWordsTest {

    private static final String FIGURES = "SELECT order_date::DATE::VARCHAR, round(revenue, 2)::DOUBLE FROM dev.daily_revenue ORDER BY 1";

    private StackFixture fixture;
    private StackClient client;

    @BeforeAll
    void startStack() throws Exception {
        fixture = new StackFixture();
        client = StackClient.of(fixture);
    }

    @AfterAll
    void stopStack() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    @Order(1)
    void aGoalInWordsIsProposedInAnIntentReviewAndApprovedBuildsTheDemosFigures() throws Exception {
        PlanState demo = client.submitAndFollow(Path.of("../examples/daily-revenue/goal.yaml"));
        assertThat(demo.getState()).as("the demo goal: %s", demo.getReason()).isEqualTo("COMPLETED");
        String structured = figures();

        String words = client.submit(fixture.home, "goal: daily revenue from orders and payments, excluding returned orders\n");
        pendingIntent(words);
        assertThat(intake(words).get("proposed_goal"))
                .contains("daily_revenue", "orders.order_date", "payments.amount", "orders.status <> 'returned'");
        PlanState end = client.followApproving(words);

        assertThat(end.getState()).as("the goal in words: %s", end.getReason()).isEqualTo("COMPLETED");
        assertThat(end.getGoal().getMart().getName()).isEqualTo("daily_revenue");
        assertThat(end.getSteps()).extracting(StepState::getName).startsWith("intake").contains("model", "transform", "apply");
        assertThat(figures()).as("the same figures as the structured goal").isEqualTo(structured);
    }

    @Test
    @Order(2)
    void aWordThatMatchesNothingIsAskedAboutAndLeftOutOfTheProposal() throws Exception {
        String words = client.submit(fixture.home, "goal: daily revenue by warehouse region from orders and payments\n");
        JsonNode intent = pendingIntent(words);
        String proposal = intake(words).get("proposed_goal");

        assertThat(intent.path("summary").asString()).contains("question");
        assertThat(intake(words).get("questions")).contains("warehouse region");
        assertThat(io.dea.platform.goal.GoalYaml.parse(proposal).getMart().getGrain()).as("nothing proposed for the unmatched words")
                .containsExactly("orders.order_date");
        client.rejectPending(words, "there is no region column");
        assertThat(client.waitFor(words, p -> p.getState().equals("REJECTED")).getReason()).contains("no region column");
    }

    @Test
    @Order(3)
    void withAModelConfiguredTheModelReadsTheWordsAndWritesADescribedMeasureAndFilterAndBothBuildTheDemosFigures() throws Exception {
        String structured = figures();
        try (LoopbackModelServer model = new LoopbackModelServer()) {
            model.script(Reply.answer(MODEL_GOAL), Reply.answer(MODEL_MEASURE));
            fixture.stack.restart("modeling-service", Map.of("dea.llm.provider", "openai", "dea.llm.base-url", model.openAiBaseUrl(),
                    "dea.llm.model", "loopback-model", "dea.llm.api-key", "sk-loopback"));

            String words = client.submit(fixture.home, "goal: the money we took each day, leaving out returns\n");
            pendingIntent(words);
            assertThat(intake(words)).containsEntry("read_by", "openai loopback-model, prompt intake@v1");
            PlanState read = client.followApproving(words);
            assertThat(read.getState()).as("the words read by the model: %s", read.getReason()).isEqualTo("COMPLETED");
            assertThat(figures()).as("the model's reading builds the structured goal's figures").isEqualTo(structured);

            Path demo = Path.of("../examples/daily-revenue/goal.yaml").toAbsolutePath().normalize();
            String described = client.submit(fixture.home, java.nio.file.Files.readString(demo)
                    .replace("name: daily_revenue", "name: daily_paid")
                    .replace("{ name: revenue, agg: sum, expr: payments.amount }", "{ name: revenue, description: \"the money customers paid\" }")
                    .replace("filters: [\"orders.status <> 'returned'\"]", "filters: [{ description: \"leave out orders that came back\" }]")
                    .replace("location: data/", "location: " + demo.getParent().resolve("data") + "/"));
            pendingIntent(described);
            assertThat(intake(described).get("matches")).contains("measure revenue: sum(payments.amount) from 'the money customers paid'",
                    "filter: orders.status <> 'returned' from 'leave out orders that came back'");
            PlanState built = client.followApproving(described);
            assertThat(built.getState()).as("the described measure: %s", built.getReason()).isEqualTo("COMPLETED");
            assertThat(figures("daily_paid")).as("the model's measure builds the demo's figures").isEqualTo(structured);
            assertThat(figures("daily_paid")).as("and they are what hand-written SQL over the CSVs gives").isEqualTo(handWritten());
            assertThat(model.requests()).hasSize(2);
        } finally {
            fixture.stack.restart("modeling-service", Map.of("dea.llm.provider", "none"));
        }
    }

    private static final String MODEL_GOAL = """
            {"sources": ["orders", "payments"],
             "mart": {"name": "daily_revenue", "grain": ["orders.order_date"], "time_grain": "day",
                      "measures": [{"name": "revenue", "agg": "sum", "expr": "payments.amount"},
                                   {"name": "order_count", "agg": "count_distinct", "expr": "orders.id"}],
                      "filters": ["orders.status <> 'returned'"]},
             "questions": []}""";
    private static final String MODEL_MEASURE = "{\"measures\": [{\"name\": \"revenue\", \"agg\": \"sum\", \"expr\": \"payments.amount\"}], "
            + "\"filters\": [{\"description\": \"leave out orders that came back\", \"expr\": \"orders.status <> 'returned'\"}]}";

    private JsonNode pendingIntent(String goalId) throws Exception {
        client.waitFor(goalId, p -> p.getState().equals("AWAITING_REVIEW") || p.getState().equals("FAILED"));
        assertThat(client.plan(goalId).getState()).as("%s", client.plan(goalId).getReason()).isEqualTo("AWAITING_REVIEW");
        JsonNode reviews = client.pendingReviews(goalId);
        assertThat(reviews).extracting(r -> r.path("kind").asString()).containsExactly("INTENT");
        return reviews.get(0);
    }

    /** The intake step's outputs: the proposal and the questions the INTENT review shows. */
    private java.util.Map<String, String> intake(String goalId) {
        return client.plan(goalId).getSteps().stream().filter(s -> s.getName().equals("intake")).findFirst().orElseThrow().getOutputs();
    }

    private String figures() {
        return figures("daily_revenue");
    }

    /** Revenue per day, returned orders left out, straight from the demo's CSVs. */
    private String handWritten() {
        Path data = Path.of("../examples/daily-revenue/data").toAbsolutePath().normalize();
        return new DuckDbWarehouse(fixture.stack.files().warehouse(), true, List.of(data)).query("""
                WITH o AS (SELECT * FROM read_csv_auto('%1$s/orders.csv')),
                     p AS (SELECT * FROM read_csv_auto('%1$s/payments.csv'))
                SELECT o.order_date::DATE::VARCHAR, round(sum(p.amount), 2)::DOUBLE
                FROM o JOIN p ON p.order_id = o.id WHERE o.status <> 'returned'
                GROUP BY 1 ORDER BY 1""".formatted(data)).rows().toString();
    }

    private String figures(String mart) {
        return new DuckDbWarehouse(fixture.stack.files().warehouse(), true).query(FIGURES.replace("daily_revenue", mart)).rows().toString();
    }
}
