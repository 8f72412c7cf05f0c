package io.dea.ingestion;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code dea.ingestion.*}: where raw file locations resolve, how HTTP and JDBC sources are read, and
 * how often a long load reports progress. Where sources are and their secrets (tokens, passwords)
 * belong to the operator's connections ({@code dea.connections.*}, {@link io.dea.platform.source.SourceSettings}),
 * never to a goal: goals travel on Kafka and are kept in plan state.
 *
 * @param baseDir        relative file locations resolve against it; blank is the working directory
 * @param progressRows   a streaming load (JDBC, HTTP) reports progress every this many rows...
 * @param progressBytes  ...or every this many bytes, whichever comes first
 * @param http           HTTP sources
 * @param jdbc           JDBC sources
 */
@ConfigurationProperties("dea.ingestion")
public record IngestionSettings(@DefaultValue("") String baseDir, @DefaultValue("100000") long progressRows,
                                @DefaultValue("64MB") DataSize progressBytes, @DefaultValue Http http, @DefaultValue Jdbc jdbc) {

    /**
     * @param headers        sent with every request, e.g. {@code User-Agent} (no secrets: those go on the connection)
     * @param maxAttempts    attempts per request when the server answers 429 or 5xx or the connection fails
     * @param initialBackoff the first wait; it doubles each retry (with jitter) up to maxBackoff
     * @param maxBackoff     the longest wait, also the cap on a server's Retry-After
     * @param timeout        connect and response timeout of one request
     * @param cursorParam    the query parameter a cursor token is sent in
     * @param pageParam      the query parameter a page number is sent in
     * @param maxPages       a guard against an API that never stops paginating
     * @param maxRedirects   redirects followed per request, each Location checked like the first URL
     */
    public record Http(@DefaultValue Map<String, String> headers,
                       @DefaultValue("5") int maxAttempts, @DefaultValue("500ms") Duration initialBackoff,
                       @DefaultValue("30s") Duration maxBackoff, @DefaultValue("30s") Duration timeout,
                       @DefaultValue("cursor") String cursorParam, @DefaultValue("page") String pageParam,
                       @DefaultValue("100000") int maxPages, @DefaultValue("5") int maxRedirects) {
    }

    /**
     * @param fetchSize rows the driver fetches per round trip (it also bounds what the driver holds)
     */
    public record Jdbc(@DefaultValue("10000") int fetchSize) {
    }

    /** The defaults, as an empty configuration binds them. */
    static IngestionSettings defaults(String baseDir) {
        return new IngestionSettings(baseDir, 100_000, DataSize.ofMegabytes(64), defaultHttp(), new Jdbc(10_000));
    }

    static Http defaultHttp() {
        return new Http(Map.of(), 5, Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofSeconds(30), "cursor", "page",
                100_000, 5);
    }

    IngestionSettings withHttp(Http other) {
        return new IngestionSettings(baseDir, progressRows, progressBytes, other, jdbc);
    }

    IngestionSettings withJdbc(Jdbc other) {
        return new IngestionSettings(baseDir, progressRows, progressBytes, http, other);
    }

    IngestionSettings withProgressRows(long rows) {
        return new IngestionSettings(baseDir, rows, progressBytes, http, jdbc);
    }
}
