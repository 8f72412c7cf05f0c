package io.dea.ingestion;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.dea.platform.source.SourcePolicy;
import io.dea.platform.source.SourceRefused;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads every page of a paginated JSON API and spools its records, one JSON object a line, to a
 * file that DuckDB then reads like any JSON source (types inferred over every record). Only one
 * page is in memory at a time.
 *
 * <p>The goal has no field for pagination, so the first response decides it:
 * <ol>
 *   <li>a {@code Link} header with {@code rel="next"} (RFC 8288): follow it until a page has none;</li>
 *   <li>a cursor field in the body ({@code next_cursor}, {@code nextCursor}, {@code next_page_token},
 *       {@code nextPageToken} or {@code next}, at the top or inside {@code meta}, {@code pagination},
 *       {@code paging} or {@code links}): a value that looks like a URL is fetched as is, any other is
 *       sent as the {@code cursor} parameter (configurable); stop when it is missing, null or empty;</li>
 *   <li>otherwise page numbers: the {@code page} parameter (configurable) counts up from the
 *       location's own value (or 1) until a page has no records, or repeats the previous page
 *       exactly (an API that ignores the parameter).</li>
 * </ol>
 * The records are the body when it is an array, else the first array among {@code data},
 * {@code items}, {@code results}, {@code records}, {@code rows} and the source's name, else the
 * body's only array field.
 *
 * <p>Every URL fetched (the first, each redirect's {@code Location}, each next page) is checked by
 * the connection's {@link HttpPolicy} first: under its base URL or on its allowed hosts, every
 * address the host resolves to allowed. The client follows no redirect itself. Errors give the
 * status and the URL with secrets masked, never the body: an answer may hold data or echo a token.
 *
 * <p>Each request is retried on 429, 5xx and connection failures, waiting the server's
 * {@code Retry-After} when it gives one, else an exponential backoff with jitter. This is a small
 * explicit loop over the JDK's HttpClient rather than a retry library: the wait depends on the
 * response (Retry-After), which Spring's RetryTemplate cannot express without the same code.
 */
final class HttpSource {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> CURSOR_FIELDS = List.of("next_cursor", "nextCursor", "next_page_token", "nextPageToken", "next");
    private static final List<String> CURSOR_HOLDERS = List.of("meta", "pagination", "paging", "links");
    private static final List<String> RECORD_FIELDS = List.of("data", "items", "results", "records", "rows");
    private static final Pattern LINK = Pattern.compile("<([^>]*)>((?:\\s*;\\s*[^;,]+)*)");
    private static final java.util.Set<Integer> REDIRECTS = java.util.Set.of(301, 302, 303, 307, 308);
    private static final Pattern REL = Pattern.compile("(?i)rel\\s*=\\s*\"?([^\";]+)\"?");

    enum Pagination { LINK, CURSOR, PAGES }

    /**
     * What was fetched.
     *
     * @param spool      the records, one JSON object a line
     * @param records    how many
     * @param bytes      response bytes received
     * @param pages      pages fetched
     * @param pagination how pages were followed
     * @param retries    requests retried
     */
    record Fetched(Path spool, long records, long bytes, int pages, Pagination pagination, int retries) {
    }

    private final IngestionSettings settings;
    private final HttpClient client;

    HttpSource(IngestionSettings settings) {
        this.settings = settings;
        this.client = HttpClient.newBuilder().connectTimeout(settings.http().timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    Fetched fetch(String source, SourcePolicy.Http http, Path spool, Progress progress)
            throws IOException, InterruptedException, SourceException {
        URI first = http.first();
        Files.createDirectories(spool.toAbsolutePath().getParent());
        Progress.Meter meter = new Progress.Meter(progress, "reading " + source + " over HTTP", settings.progressRows(),
                settings.progressBytes().toBytes());
        long bytes = 0;
        int pages = 0;
        int[] retries = {0};
        Pagination pagination = null;
        long page = pageNumber(first).orElse(1L);
        byte[] previous = null;
        URI next = first;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(spool), 1 << 16)) {
            while (next != null) {
                if (pages >= settings.http().maxPages()) {
                    throw new SourceException("source " + source + ": more than " + settings.http().maxPages()
                            + " pages; raise dea.ingestion.http.max-pages if the API really has that many");
                }
                HttpResponse<byte[]> response = get(source, http, next, retries);
                bytes += response.body().length;
                JsonNode body = body(source, next, response.body());
                JsonNode records = records(source, next, body);
                if (pagination == null) {
                    pagination = link(response).isPresent() ? Pagination.LINK
                            : cursorField(body).isPresent() ? Pagination.CURSOR : Pagination.PAGES;
                }
                byte[] digest = sha256(response.body());
                if (pagination == Pagination.PAGES && (records.isEmpty() || Arrays.equals(digest, previous))) {
                    break;
                }
                previous = digest;
                pages++;
                meter.add(spool(source, next, records, out), response.body().length);
                next = nextPage(pagination, response, body, first, next, page + 1);
                page++;
            }
        }
        return new Fetched(spool, meter.rows(), bytes, pages, pagination == null ? Pagination.PAGES : pagination, retries[0]);
    }

    /** Writes each record of a page to the spool as one JSON line; answers how many. */
    private static long spool(String source, URI uri, JsonNode records, OutputStream out) throws IOException, SourceException {
        long written = 0;
        for (JsonNode record : records) {
            if (!record.isObject()) {
                throw new SourceException("source " + source + ": " + shown(uri) + " has a record that is not a JSON object");
            }
            out.write(JSON.writeValueAsBytes(record));
            out.write('\n');
            written++;
        }
        return written;
    }

    /** The next page as the API's pagination gives it (the Link header, a cursor, or the page number), or null after the last. */
    private URI nextPage(Pagination pagination, HttpResponse<byte[]> response, JsonNode body, URI first, URI current, long nextPage) {
        return switch (pagination) {
            case LINK -> link(response).map(current::resolve).orElse(null);
            case CURSOR -> cursor(body).map(c -> looksLikeUrl(c) ? first.resolve(c) : withParam(first, settings.http().cursorParam(), c))
                    .orElse(null);
            case PAGES -> withParam(first, settings.http().pageParam(), Long.toString(nextPage));
        };
    }

    /** One GET, each redirect checked and followed by hand (bounded). */
    private HttpResponse<byte[]> get(String source, SourcePolicy.Http http, URI uri, int[] retries)
            throws IOException, InterruptedException, SourceException {
        URI current = uri;
        for (int redirects = 0; ; redirects++) {
            checked(source, http, current);
            HttpResponse<byte[]> response = getOnce(source, http, current, retries);
            int status = response.statusCode();
            if (!REDIRECTS.contains(status)) {
                return response;
            }
            if (redirects >= settings.http().maxRedirects()) {
                throw new SourceException("source " + source + ": more than " + settings.http().maxRedirects() + " redirects from " + shown(uri));
            }
            Optional<String> location = response.headers().firstValue("Location");
            if (location.isEmpty()) {
                throw new SourceException("source " + source + ": GET " + shown(current) + " answered " + status + " without a Location");
            }
            try {
                current = current.resolve(location.get().trim());
            } catch (IllegalArgumentException e) {
                throw new SourceException("source " + source + ": GET " + shown(current) + " redirected to a Location that is not a URL");
            }
        }
    }

    /** The URL when the connection may fetch it: under its base URL or allowed hosts, every address allowed. */
    private static void checked(String source, SourcePolicy.Http http, URI uri) throws SourceException {
        try {
            http.policy().checkAddresses(http.policy().check(uri));
        } catch (SourceRefused e) {
            throw new SourceException("source " + source + ": refused to fetch: " + e.getMessage());
        }
    }

    /** One GET, retried on 429, 5xx and connection failures; a redirect is returned to the caller. */
    private HttpResponse<byte[]> getOnce(String source, SourcePolicy.Http http, URI uri, int[] retries)
            throws IOException, InterruptedException, SourceException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(settings.http().timeout()).header("Accept", "application/json").GET();
        settings.http().headers().forEach(request::header);
        // The connection's own headers (its token) go only to URLs its policy accepted.
        http.headers().forEach(request::setHeader);
        int attempts = Math.max(1, settings.http().maxAttempts());
        for (int attempt = 1; ; attempt++) {
            HttpResponse<byte[]> response;
            try {
                response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                if (attempt >= attempts) {
                    throw new IOException("source " + source + ": GET " + shown(uri) + " failed " + attempts + " times, last: "
                            + e.getClass().getSimpleName(), e);
                }
                retries[0]++;
                Thread.sleep(backoff(attempt, null).toMillis());
                continue;
            }
            int status = response.statusCode();
            if ((status >= 200 && status < 300) || REDIRECTS.contains(status)) {
                return response;
            }
            boolean retryable = status == 429 || status >= 500;
            if (!retryable) {
                throw new SourceException("source " + source + ": GET " + shown(uri) + " answered " + status
                        + (status == 401 || status == 403 ? " (check the headers of its connection under dea.connections)" : ""));
            }
            if (attempt >= attempts) {
                // Still failing after every retry: an ERROR, so the orchestrator tries the step again later.
                throw new IOException("source " + source + ": GET " + shown(uri) + " answered " + status + " " + attempts + " times");
            }
            retries[0]++;
            Thread.sleep(backoff(attempt, response.headers().firstValue("Retry-After").orElse(null)).toMillis());
        }
    }

    private static String shown(URI uri) {
        return Secrets.redactUrl(uri.toString());
    }

    /** The server's Retry-After (seconds or an HTTP date), else initial * 2^(attempt-1) with jitter; both capped. */
    Duration backoff(int attempt, String retryAfter) {
        Duration max = settings.http().maxBackoff();
        Optional<Duration> asked = retryAfter(retryAfter);
        if (asked.isPresent()) {
            return asked.get().compareTo(max) > 0 ? max : asked.get();
        }
        long base = settings.http().initialBackoff().toMillis() << Math.min(attempt - 1, 20);
        long capped = Math.min(base, max.toMillis());
        // "Equal jitter": at least half the wait, so clients that failed together do not retry together.
        return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
    }

    static Optional<Duration> retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim()))));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME));
                return Optional.of(until.isNegative() ? Duration.ZERO : until);
            } catch (DateTimeParseException neither) {
                return Optional.empty();
            }
        }
    }

    private static JsonNode body(String source, URI uri, byte[] body) throws SourceException {
        try {
            return JSON.readTree(body);
        } catch (JacksonException e) {
            throw new SourceException("source " + source + ": " + shown(uri) + " did not answer JSON", e);
        }
    }

    private static JsonNode records(String source, URI uri, JsonNode body) throws SourceException {
        if (body.isArray()) {
            return body;
        }
        if (body.isObject()) {
            List<String> names = new ArrayList<>(RECORD_FIELDS);
            names.add(source);
            for (String name : names) {
                JsonNode field = body.get(name);
                if (field != null && field.isArray()) {
                    return field;
                }
            }
            List<JsonNode> arrays = body.values().stream().filter(JsonNode::isArray).toList();
            if (arrays.size() == 1) {
                return arrays.get(0);
            }
        }
        throw new SourceException("source " + source + ": cannot find the records in the answer of " + shown(uri)
                + " (expected a JSON array, or an object with one of " + RECORD_FIELDS + " holding one)");
    }

    /** The cursor field's node when the body has one (even null: that is the last page of a cursor API). */
    private static Optional<JsonNode> cursorField(JsonNode body) {
        if (!body.isObject()) {
            return Optional.empty();
        }
        List<JsonNode> holders = new ArrayList<>(List.of(body));
        CURSOR_HOLDERS.stream().map(body::get).filter(h -> h != null && h.isObject()).forEach(holders::add);
        for (JsonNode holder : holders) {
            for (String field : CURSOR_FIELDS) {
                JsonNode value = holder.get(field);
                if (value != null && (value.isNull() || value.isString() || value.isNumber())) {
                    return Optional.of(value);
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> cursor(JsonNode body) {
        return cursorField(body).filter(v -> !v.isNull()).map(JsonNode::asString).filter(s -> !s.isBlank());
    }

    private static Optional<String> link(HttpResponse<?> response) {
        for (String header : response.headers().allValues("Link")) {
            Matcher m = LINK.matcher(header);
            while (m.find()) {
                Matcher rel = REL.matcher(m.group(2));
                if (rel.find() && Arrays.asList(rel.group(1).trim().toLowerCase(Locale.ROOT).split("\\s+")).contains("next")) {
                    return Optional.of(m.group(1).trim());
                }
            }
        }
        return Optional.empty();
    }

    private static boolean looksLikeUrl(String cursor) {
        return cursor.startsWith("http://") || cursor.startsWith("https://") || cursor.startsWith("/") || cursor.startsWith("?");
    }

    private Optional<Long> pageNumber(URI uri) {
        String prefix = settings.http().pageParam() + "=";
        for (String pair : uri.getRawQuery() == null ? new String[0] : uri.getRawQuery().split("&")) {
            if (pair.startsWith(prefix)) {
                try {
                    return Optional.of(Long.parseLong(pair.substring(prefix.length())));
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /** The URI with one query parameter set (replaced if present), the value encoded. */
    static URI withParam(URI uri, String name, String value) {
        List<String> pairs = new ArrayList<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                if (!pair.isEmpty() && !pair.equals(name) && !pair.startsWith(name + "=")) {
                    pairs.add(pair);
                }
            }
        }
        pairs.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
        String s = uri.toString();
        int cut = s.indexOf('?') >= 0 ? s.indexOf('?') : s.indexOf('#') >= 0 ? s.indexOf('#') : s.length();
        return URI.create(s.substring(0, cut) + "?" + String.join("&", pairs));
    }

    private static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
