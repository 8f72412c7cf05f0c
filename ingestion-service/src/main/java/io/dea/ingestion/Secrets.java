package io.dea.ingestion;

import java.util.regex.Pattern;

/**
 * Keeps credentials that a location may carry (a JDBC URL's password, an API key in a query string,
 * {@code user:password@} in a URL) out of what is written down: connector configs committed to Git,
 * audit records and messages.
 */
final class Secrets {

    private static final Pattern USER_INFO = Pattern.compile("(?<=://)[^/@?#]+@");
    private static final Pattern SECRET_PARAM = Pattern.compile(
            "(?i)((?:password|passwd|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|signature|sig|auth)[^=;&]*=)[^;&#]*");

    private Secrets() {
    }

    static String redactUrl(String location) {
        if (location == null) {
            return null;
        }
        return SECRET_PARAM.matcher(USER_INFO.matcher(location).replaceAll("***@")).replaceAll("$1***");
    }
}
