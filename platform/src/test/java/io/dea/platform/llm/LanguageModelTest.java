package io.dea.platform.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import io.dea.events.v1.StepKind;
import io.dea.events.v1.ToolCallAudited;
import io.dea.platform.agent.TaskContext;
import io.dea.platform.step.StepRef;
import io.dea.platform.testing.LoopbackModelServer;
import io.dea.platform.testing.LoopbackModelServer.Reply;
import io.dea.platform.testing.TestTasks;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LangChain4j's real OpenAI and Ollama clients against a loopback server that speaks their APIs, answering from a script. */
class LanguageModelTest {

    private static final JsonSchema SCHEMA = JsonSchema.builder().name("probe")
            .rootElement(JsonObjectSchema.builder().addStringProperty("answer").required("answer").build()).build();

    @TempDir
    Path home;
    private LoopbackModelServer server;
    private TestTasks tasks;
    private final Prompt prompt = Prompt.load(LanguageModelTest.class, "probe");

    @BeforeEach
    void start() throws Exception {
        server = new LoopbackModelServer();
        tasks = new TestTasks(home);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private TaskContext context(String provider, String baseUrl, String goalId) {
        tasks.withModel(TestTasks.loopbackModel(provider, baseUrl));
        return tasks.context(tasks.task(goalId, StepRef.of(StepKind.INTAKE), "modeling", TestTasks.goal("goal: probe\n"), Map.of()));
    }

    @Test
    void anAnswerIsAuditedWithProviderModelPromptAndTokensAndCountedAgainstTheBudget() throws Exception {
        server.script(Reply.answer("{\"answer\": \"42\"}"));

        ModelAnswer answer = context("openai", server.openAiBaseUrl(), "g1").askModel(prompt, "what is it?", SCHEMA);

        assertThat(answer).isEqualTo(new ModelAnswer("{\"answer\": \"42\"}", 120, 30, 1));
        assertThat(server.requests()).singleElement().asString().contains("\"json_schema\"", "what is it?", "Answer with JSON");
        assertThat(server.authorizations()).containsExactly("Bearer sk-test-SECRET-key");
        ToolCallAudited audit = tasks.sink.events(ToolCallAudited.class).stream().filter(a -> a.getTool().equals("llm.chat")).findFirst().orElseThrow();
        assertThat(audit.getArguments()).isEqualTo("openai loopback-model, prompt probe@v3");
        assertThat(audit.getLlm().getPromptId()).isEqualTo("probe");
        assertThat(audit.getLlm().getPromptVersion()).isEqualTo(3);
        assertThat(audit.getLlm().getTokensIn()).isEqualTo(120);
        assertThat(audit.getLlm().getTokensOut()).isEqualTo(30);
        assertThat(tasks.warehouse.query("SELECT goal_id, prompt, tokens_in, tokens_out FROM dea_meta.llm_usage").rows())
                .containsExactly(List.of("g1", "probe@v3", 120L, 30L));
        assertThat(tasks.meters.get("dea.llm.tokens").tag("direction", "out").counter().count()).isEqualTo(30.0);
    }

    @Test
    void ollamasChatApiAnswersTheSameWay() throws Exception {
        server.script(Reply.answer("{\"answer\": \"yes\"}"));

        ModelAnswer answer = context("ollama", server.ollamaBaseUrl(), "g2").askModel(prompt, "ok?", SCHEMA);

        assertThat(answer.text()).isEqualTo("{\"answer\": \"yes\"}");
        assertThat(answer.tokensIn()).isEqualTo(120);
        assertThat(server.requests()).singleElement().asString().contains("\"format\"", "ok?");
    }

    @Test
    void anthropicsAndGeminisApisAnswerTheSameWayWithTheirOwnKeyHeaders() throws Exception {
        server.script(Reply.answer("{\"answer\": \"a\"}"));
        ModelAnswer anthropic = context("anthropic", server.anthropicBaseUrl(), "g8").askModel(prompt, "q", SCHEMA);
        server.script(Reply.answer("{\"answer\": \"g\"}"));
        ModelAnswer gemini = context("gemini", server.geminiBaseUrl(), "g9").askModel(prompt, "q", SCHEMA);

        assertThat(anthropic).isEqualTo(new ModelAnswer("{\"answer\": \"a\"}", 120, 30, 1));
        assertThat(gemini).isEqualTo(new ModelAnswer("{\"answer\": \"g\"}", 120, 30, 1));
        assertThat(server.authorizations()).containsExactly("sk-test-SECRET-key", "sk-test-SECRET-key");
    }

    @Test
    void aRateLimitIsRetriedWithBackoffAndThenAnswers() throws Exception {
        server.script(Reply.status(429), Reply.answer("{\"answer\": \"later\"}"));

        ModelAnswer answer = context("openai", server.openAiBaseUrl(), "g3").askModel(prompt, "q", SCHEMA);

        assertThat(answer.tries()).isEqualTo(2);
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void repeatedServerErrorsEndAfterTheRetriesWithAReasonThatHoldsNoSecret() {
        server.script(Reply.status(500));

        assertThatThrownBy(() -> context("openai", server.openAiBaseUrl(), "g4").askModel(prompt, "q", SCHEMA))
                .isInstanceOf(ModelUnavailableException.class)
                .hasMessage("openai loopback-model gave no answer after 3 tries: HTTP 500")
                .satisfies(e -> assertThat(((ModelUnavailableException) e).kind()).isEqualTo(ModelUnavailableException.Cause.UNAVAILABLE));
        assertThat(server.requests()).hasSize(3);
        assertThat(tasks.sink.events(ToolCallAudited.class)).allSatisfy(a -> assertThat(a.toString()).doesNotContain("SECRET"));
    }

    @Test
    void anAnswerThatNeverEndsIsCutAtTheTimeout() {
        server.script(Reply.hang(10_000));

        assertThatThrownBy(() -> context("openai", server.openAiBaseUrl(), "g5").askModel(prompt, "q", SCHEMA))
                .isInstanceOf(ModelUnavailableException.class)
                .hasMessageEndingWith("no answer within the timeout");
    }

    @Test
    void aBadKeyIsNotRetried() {
        server.script(Reply.status(401));

        assertThatThrownBy(() -> context("openai", server.openAiBaseUrl(), "g6").askModel(prompt, "q", SCHEMA))
                .hasMessage("openai loopback-model refused the request: HTTP 401");
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void aCallThatWouldPassTheGoalsBudgetIsNotMade() throws Exception {
        server.script(Reply.answer("{\"answer\": \"1\"}"));
        TaskContext context = context("openai", server.openAiBaseUrl(), "g7");
        tasks.warehouse.withConnection(c -> {
            TokenBudget.record(c, new TokenBudget.Usage("g7", "g7", "modeling", "probe@v3", "openai", "m", 199_000, 900));
            return null;
        });

        assertThatThrownBy(() -> context.askModel(prompt, "q", SCHEMA))
                .isInstanceOf(ModelUnavailableException.class)
                .hasMessageStartingWith("the goal's token budget would be passed: 199900 spent")
                .hasMessageContaining("200000 allowed (dea.llm.tokens-per-goal)");
        assertThat(server.requests()).isEmpty();
    }
}
