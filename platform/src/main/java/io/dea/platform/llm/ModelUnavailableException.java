package io.dea.platform.llm;

/**
 * The model gave no usable answer: unreachable, answering errors or too slowly after every retry, or
 * refused by the token budget before it was asked. The message says which, never the key or the prompt.
 */
public final class ModelUnavailableException extends Exception {

    /** Why no answer came. */
    public enum Cause {
        /** 429, 5xx or timeouts on every try. */
        UNAVAILABLE,
        /** The call would pass the goal's or the day's token budget: it was not made. */
        BUDGET,
        /** The provider refused the request itself (bad key, unknown model, bad request). */
        REJECTED
    }

    private final Cause cause;

    public ModelUnavailableException(Cause cause, String message) {
        super(message);
        this.cause = cause;
    }

    public Cause kind() {
        return cause;
    }
}
