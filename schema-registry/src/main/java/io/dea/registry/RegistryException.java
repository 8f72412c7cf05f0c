package io.dea.registry;

import org.springframework.http.HttpStatus;

/**
 * A failure the client should see as a Confluent error body: an HTTP status plus Confluent's own
 * error code.
 *
 * <p>Unchecked so the store and the controllers can throw it from anywhere; {@link RegistryErrors}
 * is the one place that turns it into a response.
 */
public class RegistryException extends RuntimeException {

    private final HttpStatus status;
    private final int errorCode;

    public RegistryException(HttpStatus status, int errorCode, String message) {
        super(message);
        this.status = status;
        this.errorCode = errorCode;
    }

    public HttpStatus status() {
        return status;
    }

    public int errorCode() {
        return errorCode;
    }
}
