package io.dea.ingestion;

/**
 * A source that cannot be read as the goal gives it (a table that does not exist, an HTTP 404, a
 * response without records): the step FAILS with this message instead of being retried, because
 * running it again would give the same answer. Transient trouble (timeouts, 503 after every retry)
 * is thrown as anything else and retried by the orchestrator.
 */
final class SourceException extends Exception {

    SourceException(String message) {
        super(message);
    }

    SourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
