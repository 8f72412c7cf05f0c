package io.dea.platform.source;

import java.util.Properties;

/**
 * A JDBC URL checked by {@link JdbcUrlPolicy}, rebuilt from its parsed parts, with the properties
 * that open it read-only and locked down.
 *
 * @param url        the URL to hand the driver
 * @param properties user, password and the driver's read-only and lock-down settings
 * @param driver     h2, duckdb, or the operator-listed prefix it matched
 */
public record JdbcTarget(String url, Properties properties, String driver) {

    /** Never the password: a target may end up in a message. */
    @Override
    public String toString() {
        return "JdbcTarget[" + Redaction.url(url) + ", " + driver + "]";
    }
}
