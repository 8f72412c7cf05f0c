package io.dea.platform.llm;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The model providers {@code dea.llm.provider} names; {@code none} (the default) keeps every agent deterministic. */
public enum LlmProvider {
    NONE,
    /** Any server speaking OpenAI's chat-completions API: OpenAI, vLLM, llama.cpp's server, LM Studio, most gateways. */
    OPENAI,
    OLLAMA,
    GEMINI,
    ANTHROPIC;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The provider a setting names, any case; blank is {@link #NONE}. */
    public static LlmProvider of(String text) {
        if (text == null || text.isBlank()) {
            return NONE;
        }
        return Arrays.stream(values()).filter(p -> p.id().equals(text.trim().toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("dea.llm.provider: '" + text + "' must be one of "
                        + Arrays.stream(values()).map(LlmProvider::id).collect(Collectors.joining(", "))));
    }
}
