package io.dea.platform.llm;

import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.googleai.GoogleAiGeminiChatModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;

/**
 * LangChain4j's client of the configured provider. Each client's own retries are off (0): {@link
 * LanguageModel} retries only what is worth retrying (429, 5xx, timeouts), with backoff, and audits
 * each try. Request and response logging stays off, since prompts carry profiles of the user's data.
 */
final class ChatModels {

    private ChatModels() {
    }

    static ChatModel create(LlmSettings s) {
        return switch (s.providerKind()) {
            case OPENAI -> OpenAiChatModel.builder().baseUrl(blankToNull(s.baseUrl())).apiKey(keyOr(s, "none"))
                    .modelName(s.model()).timeout(s.timeout()).maxRetries(0).maxTokens(s.maxOutputTokens())
                    .temperature(0.0).logRequests(false).logResponses(false).build();
            case OLLAMA -> OllamaChatModel.builder().maxRetries(0).baseUrl(s.baseUrl() == null ? "http://localhost:11434" : s.baseUrl())
                    .modelName(s.model()).timeout(s.timeout()).numPredict(s.maxOutputTokens())
                    .temperature(0.0).logRequests(false).logResponses(false).build();
            case GEMINI -> GoogleAiGeminiChatModel.builder().maxRetries(0).baseUrl(blankToNull(s.baseUrl())).apiKey(keyOr(s, null))
                    .modelName(s.model()).timeout(s.timeout()).maxOutputTokens(s.maxOutputTokens())
                    .temperature(0.0).logRequestsAndResponses(false).build();
            case ANTHROPIC -> AnthropicChatModel.builder().baseUrl(blankToNull(s.baseUrl())).apiKey(keyOr(s, null))
                    .modelName(s.model()).timeout(s.timeout()).maxRetries(0).maxTokens(s.maxOutputTokens())
                    .temperature(0.0).logRequests(false).logResponses(false).build();
            case NONE -> throw new IllegalStateException("no language model is configured (dea.llm.provider)");
        };
    }

    private static String keyOr(LlmSettings s, String otherwise) {
        if (s.apiKey() != null && !s.apiKey().isBlank()) {
            return s.apiKey();
        }
        if (otherwise == null) {
            throw new IllegalArgumentException("dea.llm.api-key (DEA_LLM_API_KEY) is required for " + s.providerKind().id());
        }
        return otherwise; // a local OpenAI-compatible server needs no key, but the client wants one
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
