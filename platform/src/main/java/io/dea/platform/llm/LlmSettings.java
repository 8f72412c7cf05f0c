package io.dea.platform.llm;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The language model, under {@code dea.llm.*} (environment: {@code DEA_LLM_PROVIDER}, {@code DEA_LLM_BASE_URL},
 * {@code DEA_LLM_MODEL}, {@code DEA_LLM_API_KEY}). With no provider every agent stays on its deterministic path.
 *
 * @param provider        none, openai, ollama, gemini or anthropic
 * @param baseUrl         the API's address (the provider's public one when blank; a loopback server in tests)
 * @param model           the model name the provider knows
 * @param apiKey          the key, from a Secret or DEA_LLM_API_KEY; never logged, audited or written anywhere
 * @param timeout         one call's limit: an answer that never ends is cut here
 * @param maxRetries      retries of a call answered 429 or 5xx or timed out, with exponential backoff
 * @param backoff         the first retry's delay (doubled each time)
 * @param fallback        what a step does when the model cannot answer or its answer is refused
 * @param tokensPerGoal   tokens (in and out) one goal may spend; a call that would pass it is not made
 * @param tokensPerDay    tokens all goals together may spend in a UTC day
 * @param maxOutputTokens the most one answer may hold
 */
@ConfigurationProperties("dea.llm")
public record LlmSettings(
        @DefaultValue("none") String provider,
        String baseUrl,
        String model,
        String apiKey,
        @DefaultValue("60s") Duration timeout,
        @DefaultValue("2") int maxRetries,
        @DefaultValue("500ms") Duration backoff,
        @DefaultValue("deterministic") Fallback fallback,
        @DefaultValue("200000") long tokensPerGoal,
        @DefaultValue("2000000") long tokensPerDay,
        @DefaultValue("2000") int maxOutputTokens) {

    /** What a step does when the model fails it. */
    public enum Fallback {
        /** Take the deterministic path, saying why in the step. */
        DETERMINISTIC,
        /** Fail the step with the reason. */
        FAIL
    }

    public LlmProvider providerKind() {
        return LlmProvider.of(provider);
    }

    public boolean configured() {
        return providerKind() != LlmProvider.NONE;
    }

    /** {@code openai gpt-4o-mini}: what the audit and the reviews name. */
    public String describe() {
        return providerKind().id() + " " + (model == null || model.isBlank() ? "(default model)" : model);
    }

    /** Never prints the key. */
    @Override
    public String toString() {
        return "LlmSettings[" + describe() + ", baseUrl=" + baseUrl + ", apiKey=" + (apiKey == null || apiKey.isBlank() ? "unset" : "set")
                + ", timeout=" + timeout + ", maxRetries=" + maxRetries + ", fallback=" + fallback + "]";
    }
}
