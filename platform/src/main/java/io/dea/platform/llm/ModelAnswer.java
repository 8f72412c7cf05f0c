package io.dea.platform.llm;

/**
 * What a model said, and what it cost.
 *
 * @param text      the answer as the model wrote it: untrusted input, to be validated like a person's
 * @param tokensIn  prompt tokens the provider counted (0 when it did not say)
 * @param tokensOut answer tokens the provider counted (0 when it did not say)
 * @param tries     calls made, retries included
 */
public record ModelAnswer(String text, long tokensIn, long tokensOut, int tries) {
}
