package io.dea.platform.source;

import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What sources may be read, as the operator configured it: named connections
 * ({@code dea.connections.<name>}) and whether goals may name raw locations
 * ({@code dea.sources.*}). The orchestrator (validating goals) and ingestion (reading sources) bind
 * the same properties, so both judge a source the same way. Credentials live here, on the
 * connection, never on a goal: goals travel on Kafka and anyone allowed to submit one writes them.
 *
 * @param connections the connections by name
 * @param sources     the policy for sources that name no connection
 */
@ConfigurationProperties("dea")
public record SourceSettings(@DefaultValue Map<String, Connection> connections, @DefaultValue Sources sources) {

    public SourceSettings {
        connections = connections == null ? Map.of() : Map.copyOf(connections);
        sources = sources == null ? new Sources(RawLocations.NONE, List.of()) : sources;
    }

    /** What a connection reaches. */
    public enum Kind { FILES, JDBC, HTTP }

    /** Which sources may name a raw location instead of a connection. */
    public enum RawLocations {
        /** None: every source names a connection (the default of the service configurations). */
        NONE,
        /** Files anywhere but the forbidden directories (the local stack); JDBC and HTTP still need a connection. */
        FILES
    }

    /**
     * @param rawLocations       {@code none} or {@code files}
     * @param jdbcDriverPrefixes JDBC URL prefixes accepted besides H2 and DuckDB (e.g. {@code jdbc:postgresql:}); such
     *                           URLs are passed to their driver unparsed, so list only drivers that cannot run code from a URL
     */
    public record Sources(@DefaultValue("none") RawLocations rawLocations, @DefaultValue List<String> jdbcDriverPrefixes) {
        public Sources {
            rawLocations = rawLocations == null ? RawLocations.NONE : rawLocations;
            jdbcDriverPrefixes = jdbcDriverPrefixes == null ? List.of() : List.copyOf(jdbcDriverPrefixes);
        }
    }

    /**
     * One connection. Which fields count depends on the kind.
     *
     * @param kind                  files, jdbc or http
     * @param roots                 files: the directories a source's location must resolve inside; jdbc: where a file
     *                              database may be (optional)
     * @param url                   jdbc: the URL (H2 and DuckDB URLs are parsed and checked)
     * @param user                  jdbc: the user
     * @param password              jdbc: the password (give it as an environment placeholder)
     * @param properties            jdbc: driver properties, checked like URL settings
     * @param baseUrl               http: every URL fetched is under it (or on an allowed host)
     * @param headers               http: sent with every request of this connection (tokens go here)
     * @param allowedHosts          http: further {@code host} or {@code host:port} a redirect or next-page link may reach
     * @param allowPrivateAddresses http: allow loopback, private and link-local addresses (off: refused)
     */
    public record Connection(Kind kind, @DefaultValue List<String> roots, String url, String user, String password,
                             @DefaultValue Map<String, String> properties, String baseUrl, @DefaultValue Map<String, String> headers,
                             @DefaultValue List<String> allowedHosts, @DefaultValue("false") boolean allowPrivateAddresses) {

        public Connection {
            roots = roots == null ? List.of() : List.copyOf(roots);
            properties = properties == null ? Map.of() : Map.copyOf(properties);
            headers = headers == null ? Map.of() : Map.copyOf(headers);
            allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
        }

        public static Connection files(List<String> roots) {
            return new Connection(Kind.FILES, roots, null, null, null, Map.of(), null, Map.of(), List.of(), false);
        }

        public static Connection jdbc(String url, String user, String password, Map<String, String> properties) {
            return new Connection(Kind.JDBC, List.of(), url, user, password, properties, null, Map.of(), List.of(), false);
        }

        public static Connection http(String baseUrl, Map<String, String> headers, List<String> allowedHosts, boolean allowPrivate) {
            return new Connection(Kind.HTTP, List.of(), null, null, null, Map.of(), baseUrl, headers, allowedHosts, allowPrivate);
        }

        /** Without password, header values or driver properties: a connection may be logged. */
        @Override
        public String toString() {
            return "Connection[kind=" + kind + ", roots=" + roots + ", url=" + (url == null ? null : Redaction.url(url))
                    + ", user=" + user + ", baseUrl=" + (baseUrl == null ? null : Redaction.url(baseUrl)) + ", headers=" + headers.keySet()
                    + ", allowedHosts=" + allowedHosts + ", allowPrivateAddresses=" + allowPrivateAddresses + "]";
        }
    }

    public static SourceSettings of(Map<String, Connection> connections, RawLocations raw) {
        return new SourceSettings(connections, new Sources(raw, List.of()));
    }
}
