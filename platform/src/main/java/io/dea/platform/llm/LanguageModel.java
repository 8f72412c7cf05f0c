package io.dea.platform.llm;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.InterruptedIOException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;

/**
 * The configured model of one service: a LangChain4j {@link ChatModel} asked for JSON that fits a
 * schema, retried with exponential backoff on 429, 5xx and timeouts (Spring's {@link RetryTemplate}),
 * and metered ({@code dea.llm.tokens}, tagged agent, provider, model and direction). Budgets and the
 * audit are the task's ({@code TaskContext.askModel}); what the answer says is the caller's to check.
 */
public final class LanguageModel {

    private final LlmSettings settings;
    private final ChatModel chat;
    private final RetryTemplate retry;
    private final MeterRegistry meters;

    public LanguageModel(LlmSettings settings, MeterRegistry meters) {
        this(settings, ChatModels.create(settings), meters);
    }

    LanguageModel(LlmSettings settings, ChatModel chat, MeterRegistry meters) {
        this.settings = settings;
        this.chat = chat;
        this.meters = meters;
        this.retry = new RetryTemplate(RetryPolicy.builder()
                .maxRetries(settings.maxRetries())
                .delay(settings.backoff())
                .multiplier(2.0)
                .maxDelay(settings.backoff().multipliedBy(16))
                .predicate(LanguageModel::passing)
                .build());
    }

    public LlmSettings settings() {
        return settings;
    }

    /**
     * Asks the model: the system prompt, the question, and JSON that fits {@code schema} as the answer.
     *
     * @throws ModelUnavailableException when every try failed or the provider refused the request
     */
    public ModelAnswer ask(String agent, Prompt prompt, String question, JsonSchema schema) throws ModelUnavailableException {
        ChatRequest request = ChatRequest.builder()
                .messages(SystemMessage.from(prompt.text()), UserMessage.from(question))
                .responseFormat(ResponseFormat.builder().type(ResponseFormatType.JSON).jsonSchema(schema).build())
                .build();
        AtomicInteger tries = new AtomicInteger();
        try {
            ChatResponse response = retry.execute(() -> {
                tries.incrementAndGet();
                return chat.chat(request);
            });
            return answer(agent, response, tries.get());
        } catch (RetryException e) {
            Throwable last = e.getLastException();
            if (passing(last)) {
                throw new ModelUnavailableException(ModelUnavailableException.Cause.UNAVAILABLE, settings.describe() + " gave no answer after "
                        + tries.get() + " tries: " + describe(last));
            }
            throw new ModelUnavailableException(ModelUnavailableException.Cause.REJECTED, settings.describe() + " refused the request: "
                    + describe(last));
        }
    }

    private ModelAnswer answer(String agent, ChatResponse response, int tries) {
        TokenUsage usage = response.tokenUsage();
        long in = usage == null || usage.inputTokenCount() == null ? 0 : usage.inputTokenCount();
        long out = usage == null || usage.outputTokenCount() == null ? 0 : usage.outputTokenCount();
        meters.counter("dea.llm.tokens", "agent", agent, "provider", settings.providerKind().id(), "model", String.valueOf(settings.model()),
                "direction", "in").increment(in);
        meters.counter("dea.llm.tokens", "agent", agent, "provider", settings.providerKind().id(), "model", String.valueOf(settings.model()),
                "direction", "out").increment(out);
        String text = response.aiMessage() == null ? null : response.aiMessage().text();
        return new ModelAnswer(text == null ? "" : text, in, out, tries);
    }

    /** A failure that may pass: rate limited, the server's own error, or no answer in time. */
    static boolean passing(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof RateLimitException || c instanceof InternalServerException || c instanceof TimeoutException
                    || c instanceof HttpTimeoutException || c instanceof InterruptedIOException) {
                return true;
            }
            if (c instanceof HttpException http) {
                return http.statusCode() == 429 || http.statusCode() >= 500;
            }
        }
        return false;
    }

    /** The failure in a few words: the HTTP status where there is one; never the request, which may hold the key. */
    private static String describe(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof HttpException http) {
                return "HTTP " + http.statusCode();
            }
            if (c instanceof TimeoutException || c instanceof HttpTimeoutException || c instanceof InterruptedIOException) {
                return "no answer within the timeout";
            }
        }
        return t == null ? "unknown error" : t.getClass().getSimpleName();
    }
}
