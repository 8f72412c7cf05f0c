package io.dea.modeling.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.dea.events.v1.GoalSpec;
import io.dea.events.v1.Outcome;
import io.dea.platform.agent.TaskOutcome;
import io.dea.platform.goal.GoalYaml;
import io.dea.platform.llm.LlmSettings;
import io.dea.platform.testing.LoopbackModelServer;
import io.dea.platform.testing.LoopbackModelServer.Reply;
import io.dea.platform.testing.TestTasks;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The intake on the language-model path: LangChain4j's real clients against a loopback server speaking
 * OpenAI's and Ollama's chat APIs, over the demo's landed data. A good answer becomes the INTENT
 * review's proposal; every hostile answer is refused with its reason and the deterministic grammar
 * reads the words instead, changing nothing in the warehouse or the data project.
 */
class ModelIntakeTest {

    private static final String WORDS = "daily revenue from orders and payments, excluding returned orders";
    private static final String GOOD = """
            {"sources": ["orders", "payments"],
             "mart": {"name": "daily_revenue", "grain": ["orders.order_date"], "time_grain": "day",
                      "measures": [{"name": "revenue", "agg": "sum", "expr": "payments.amount"}],
                      "filters": ["orders.status <> 'returned'"]},
             "questions": []}""";

    @TempDir
    Path home;
    private LoopbackModelServer server;
    private LandedSchema shop;

    @BeforeEach
    void land() throws Exception {
        server = new LoopbackModelServer();
        shop = new LandedSchema(home);
        shop.tasks.withModel(TestTasks.loopbackModel("openai", server.openAiBaseUrl()));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void theModelsAnswerBecomesTheIntentReviewsProposalSayingWhoWroteIt() throws Exception {
        server.script(Reply.answer(GOOD));
        new io.dea.platform.catalog.Catalog(shop.tasks.warehouse).upsert(List.of(io.dea.platform.catalog.CatalogEntry.document(
                "docs/revenue.md", 0, "# Revenue\nDaily revenue is the money customers paid, returned orders excluded.")));

        TaskOutcome outcome = shop.intakeWords("m1", WORDS);

        assertThat(outcome.review().kind()).isEqualTo("INTENT");
        assertThat(outcome.outputs()).containsEntry("read_by", "openai loopback-model, prompt intake@v1");
        GoalSpec proposed = GoalYaml.parse(outcome.outputs().get("proposed_goal"));
        assertThat(proposed.getSources()).extracting(s -> s.getName()).containsExactly("orders", "payments");
        assertThat(proposed.getMart().getMeasures()).singleElement().satisfies(m -> assertThat(m.getExpr()).isEqualTo("payments.amount"));
        assertThat(proposed.getMart().getFilters()).containsExactly("orders.status <> 'returned'");
        assertThat(outcome.review().diff()).startsWith("# read by openai loopback-model, prompt intake@v1\n")
                .contains("measure revenue: sum(payments.amount) (written by openai loopback-model, prompt intake@v1, retrieved docs/revenue.md");
        assertThat(server.requests()).singleElement().asString().contains(WORDS, "payments.amount", "'returned'",
                "The catalog's entries closest to the words:", "docs/revenue.md");
    }

    @Test
    void ollamaAndARateLimitedFirstTryGiveTheSameProposal() throws Exception {
        shop.tasks.withModel(TestTasks.loopbackModel("ollama", server.ollamaBaseUrl()));
        server.script(Reply.status(429), Reply.answer(GOOD));

        TaskOutcome outcome = shop.intakeWords("m2", WORDS);

        assertThat(outcome.outputs()).containsEntry("read_by", "ollama loopback-model, prompt intake@v1");
        assertThat(GoalYaml.parse(outcome.outputs().get("proposed_goal")).getMart().getName()).isEqualTo("daily_revenue");
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void everyHostileAnswerIsRefusedWithItsReasonAndTheGrammarReadsTheWordsInstead() throws Exception {
        List<String> before = tablesAndRows();
        String deterministic = deterministicProposal();
        List<List<String>> hostile = List.of(
                List.of(GOOD.replace("\"orders.status <> 'returned'\"", "\"orders.status <> 'x'; DROP TABLE landing.orders\""),
                        "the model's filter is refused"),
                List.of(GOOD.replace("\"payments.amount\"", "\"CREATE OR REPLACE TABLE landing.orders AS SELECT 1\""),
                        "the model's measure revenue is refused"),
                List.of(GOOD.replace("\"daily_revenue\"", "\"{{ run_query('drop table landing.orders') }}\""),
                        "the model's answer holds template syntax ({{ }}, {% %} or {# #}) in answer.mart.name"),
                List.of(GOOD.replace("payments.amount", "payments.amount_paid"),
                        "the model's measure revenue names payments.amount_paid, which is not a column of orders, payments"),
                List.of(GOOD.replace("\"orders\", \"payments\"", "\"orders\", \"secrets\""),
                        "the model's answer names source 'secrets', which is not a landed table"),
                List.of(GOOD.substring(0, 40), "the model's answer is not JSON"),
                List.of("{\"sources\": [\"orders\"], \"mart\": {\"name\": \"m\", \"measures\": []}, \"questions\": [], \"sql\": \"DROP\"}",
                        "the model's answer has a field the schema does not: sql"));
        for (int i = 0; i < hostile.size(); i++) {
            server.script(Reply.answer(hostile.get(i).get(0)));

            TaskOutcome outcome = shop.intakeWords("h" + i, WORDS);

            assertThat(outcome.outcome()).isEqualTo(Outcome.SUCCEEDED);
            assertThat(outcome.outputs().get("read_by")).as("answer %d", i)
                    .startsWith("deterministic grammar (" + hostile.get(i).get(1));
            assertThat(outcome.outputs().get("proposed_goal")).as("answer %d", i).isEqualTo(deterministic);
        }
        assertThat(tablesAndRows()).isEqualTo(before);
        assertThat(shop.tasks.artifacts.files("plan/h0")).isEmpty();
    }

    @Test
    void anAnswerThatNeverEndsFallsBackAfterTheRetries() throws Exception {
        server.script(Reply.hang(10_000));

        TaskOutcome outcome = shop.intakeWords("t1", WORDS);

        assertThat(outcome.outputs().get("read_by"))
                .isEqualTo("deterministic grammar (openai loopback-model gave no answer after 3 tries: no answer within the timeout)");
    }

    @Test
    void withFallbackFailRepeatedServerErrorsFailTheStepWithTheReason() throws Exception {
        shop.tasks.withModel(new LlmSettings("openai", server.openAiBaseUrl(), "loopback-model", "k", Duration.ofSeconds(2), 2,
                Duration.ofMillis(20), LlmSettings.Fallback.FAIL, 200_000, 2_000_000, 500));
        server.script(Reply.status(503));

        TaskOutcome outcome = shop.intakeWords("f1", WORDS);

        assertThat(outcome.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(outcome.summary()).isEqualTo("openai loopback-model gave no answer after 3 tries: HTTP 503 (dea.llm.fallback: fail)");
        assertThat(outcome.review()).isNull();
    }

    @Test
    void aGoalThatWouldPassItsTokenBudgetIsStopped() throws Exception {
        shop.tasks.withModel(new LlmSettings("openai", server.openAiBaseUrl(), "loopback-model", "k", Duration.ofSeconds(2), 2,
                Duration.ofMillis(20), LlmSettings.Fallback.DETERMINISTIC, 1_000, 2_000_000, 500));
        server.script(Reply.answer(GOOD));

        TaskOutcome outcome = shop.intakeWords("b1", WORDS);

        assertThat(outcome.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(outcome.summary()).startsWith("stopped: the goal's token budget would be passed: 0 spent, about ")
                .endsWith("1000 allowed (dea.llm.tokens-per-goal)");
        assertThat(server.requests()).isEmpty();
    }

    private static final String DESCRIBED = """
            goal: daily revenue
            sources:
              - { name: orders, format: csv, location: data/orders.csv }
              - { name: payments, format: csv, location: data/payments.csv }
            mart:
              name: daily_revenue
              grain: [orders.order_date]
              time_grain: day
              measures:
                - { name: revenue, description: "the money customers paid" }
                - { name: order_count, agg: count_distinct, expr: orders.id }
            """;

    @Test
    void aMeasureGivenAsADescriptionIsWrittenByTheModelAndMarkedInTheReview() throws Exception {
        server.script(Reply.answer("{\"measures\": [{\"name\": \"revenue\", \"agg\": \"sum\", \"expr\": \"payments.amount\"}]}"));

        TaskOutcome outcome = shop.intake("d2", DESCRIBED);

        assertThat(outcome.review().kind()).isEqualTo("INTENT");
        GoalSpec proposed = GoalYaml.parse(outcome.outputs().get("proposed_goal"));
        assertThat(proposed.getMart().getMeasures()).extracting(m -> m.getName() + "=" + m.getAgg() + "(" + m.getExpr() + ")")
                .containsExactly("revenue=sum(payments.amount)", "order_count=count_distinct(orders.id)");
        assertThat(outcome.outputs().get("matches")).isEqualTo("measure revenue: sum(payments.amount) from 'the money customers paid' "
                + "(written by openai loopback-model, prompt described@v1, shown the columns of orders, payments)");
        assertThat(server.requests()).singleElement().asString().contains("the money customers paid", "payments.amount");
    }

    @Test
    void aHostileOrMissingMeasureAnswerFailsTheStepSayingWhatToWriteInstead() throws Exception {
        server.script(Reply.answer("{\"measures\": [{\"name\": \"revenue\", \"agg\": \"sum\", "
                + "\"expr\": \"payments.amount) FROM payments; DROP TABLE landing.orders; --\"}]}"));

        TaskOutcome hostile = shop.intake("d3", DESCRIBED);

        assertThat(hostile.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(hostile.summary()).startsWith("the model's measure revenue is refused: ").endsWith("; write measure revenue as expressions instead");
        assertThat(shop.tasks.warehouse.query("SELECT count(*) FROM landing.orders").rows().get(0).get(0)).isNotEqualTo(0L);

        TaskOutcome noModel = new LandedSchema(home.resolve("plain")).intake("d4", DESCRIBED);

        assertThat(noModel.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(noModel.summary()).isEqualTo("measure revenue given only as a description: no language model is configured "
                + "(dea.llm.provider), so write each measure's agg and expr and each filter as an expression");
    }

    private static final String FILTER_IN_WORDS = DESCRIBED.replace("the money customers paid", "x")
            .replace("{ name: revenue, description: \"x\" }", "{ name: revenue, agg: sum, expr: payments.amount }")
            + "  filters: [\"payments.amount > 0\", { description: \"leave out orders that came back\" }]\n";

    @Test
    void aFilterGivenInWordsIsWrittenByTheModelNextToTheGivenOnesAndMarkedInTheReview() throws Exception {
        server.script(Reply.answer("{\"measures\": [], \"filters\": [{\"description\": \"leave out orders that came back\", "
                + "\"expr\": \"orders.status <> 'returned'\"}]}"));

        TaskOutcome outcome = shop.intake("f1", FILTER_IN_WORDS);

        assertThat(outcome.review().kind()).isEqualTo("INTENT");
        GoalSpec proposed = GoalYaml.parse(outcome.outputs().get("proposed_goal"));
        assertThat(proposed.getMart().getFilters()).containsExactly("payments.amount > 0", "orders.status <> 'returned'");
        assertThat(proposed.getMart().getDescribedFilters()).isNull();
        assertThat(outcome.outputs().get("matches")).isEqualTo("filter: orders.status <> 'returned' from 'leave out orders that came back' "
                + "(written by openai loopback-model, prompt described@v1, shown the columns of orders, payments)");
        assertThat(server.requests()).singleElement().asString().contains("Filters to write:", "- leave out orders that came back", "returned");
    }

    @Test
    void aHostileWrongOrMissingFilterAnswerFailsTheStepAndChangesNothing() throws Exception {
        List<String> before = tablesAndRows();
        server.script(Reply.answer("{\"measures\": [], \"filters\": [{\"description\": \"leave out orders that came back\", "
                        + "\"expr\": \"orders.status <> 'returned'; DROP TABLE landing.orders\"}]}"),
                Reply.answer("{\"measures\": [], \"filters\": [{\"description\": \"leave out orders that came back\", "
                        + "\"expr\": \"orders.state <> 'returned'\"}]}"),
                Reply.answer("{\"measures\": [], \"filters\": []}"),
                Reply.answer("{\"measures\": [], \"filters\": [{\"description\": \"{{ run_query('drop table x') }}\", \"expr\": \"1 = 1\"}]}"));

        List<String> reasons = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            TaskOutcome outcome = shop.intake("h" + i, FILTER_IN_WORDS);
            assertThat(outcome.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(outcome.summary()).endsWith("; write filter 'leave out orders that came back' as expressions instead");
            reasons.add(outcome.summary());
        }

        assertThat(reasons.get(0)).startsWith("the model's filter 'leave out orders that came back' is refused: ");
        assertThat(reasons.get(1)).startsWith("the model's filter 'leave out orders that came back' names orders.state, which is not a column");
        assertThat(reasons.get(2)).startsWith("the model's answer leaves out filter(s) leave out orders that came back");
        assertThat(reasons.get(3)).startsWith("the model's answer").contains("template");
        assertThat(tablesAndRows()).isEqualTo(before);
    }

    private String deterministicProposal() throws Exception {
        LandedSchema plain = new LandedSchema(home.resolve("plain"));
        return plain.intakeWords("d1", WORDS).outputs().get("proposed_goal");
    }

    private List<String> tablesAndRows() {
        return shop.tasks.warehouse.query("SELECT schema_name || '.' || table_name || ':' || estimated_size FROM duckdb_tables() "
                + "WHERE schema_name <> 'dea_meta' ORDER BY 1").rows().stream().map(r -> String.valueOf(r.get(0))).toList();
    }
}
