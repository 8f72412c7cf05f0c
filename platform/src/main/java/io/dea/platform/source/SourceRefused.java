package io.dea.platform.source;

/**
 * A source the policy does not allow to be read. The message says what to change and never quotes
 * what the source holds (no file content, no response body, no credential).
 */
public final class SourceRefused extends Exception {

    public SourceRefused(String message) {
        super(message);
    }
}
