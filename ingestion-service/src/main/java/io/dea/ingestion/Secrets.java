package io.dea.ingestion;

import io.dea.platform.source.Redaction;

/**
 * Keeps credentials that a location may carry (a JDBC URL's password, an API key in a query string,
 * {@code user:password@} in a URL) out of what is written down: connector configs committed to Git,
 * audit records and messages.
 */
final class Secrets {

    private Secrets() {
    }

    static String redactUrl(String location) {
        return Redaction.url(location);
    }
}
