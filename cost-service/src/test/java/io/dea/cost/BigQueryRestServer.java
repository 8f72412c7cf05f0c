package io.dea.cost;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A loopback HTTP server that speaks the two BigQuery REST v2 calls the cost agent's client makes:
 * {@code jobs.insert} for the dry run ({@code POST /bigquery/v2/projects/{project}/jobs}) and
 * {@code jobs.query} for the history ({@code POST /bigquery/v2/projects/{project}/queries}). It
 * answers only what the real service would answer to a correct request: a dry run must say
 * {@code dryRun: true}, keep the cache off and carry the SQL the test expects, and the history query
 * must read {@code INFORMATION_SCHEMA.JOBS} with its {@code since} parameter. Anything else gets a
 * 400 with BigQuery's error body, so a client sending the wrong thing fails the test. Every request
 * is kept for the test to read.
 */
final class BigQueryRestServer implements AutoCloseable {

    /** One request as it arrived. */
    record Request(String method, String path, String query, JsonNode body) {
    }

    /** A row of INFORMATION_SCHEMA.JOBS; times in microseconds since the epoch. */
    record JobRow(String jobId, long bytes, long slotMs, long createdMicros, long endedMicros, String statementType) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    final String project;
    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile String expectedSql;
    private volatile long dryRunBytes;
    private volatile String invalidQueryMessage;
    private volatile List<JobRow> jobs = List.of();

    BigQueryRestServer(String project) throws IOException {
        this.project = project;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The dry run of exactly this SQL says it would process this many bytes. */
    BigQueryRestServer dryRunOf(String sql, long bytes) {
        expectedSql = sql;
        dryRunBytes = bytes;
        invalidQueryMessage = null;
        return this;
    }

    /** The dry run answers 400 invalidQuery with this message, as BigQuery does for SQL it cannot parse. */
    BigQueryRestServer rejectingQueriesWith(String message) {
        invalidQueryMessage = message;
        return this;
    }

    BigQueryRestServer withJobs(List<JobRow> rows) {
        jobs = List.copyOf(rows);
        return this;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            // Google's HTTP client gzips request bodies, as BigQuery accepts.
            boolean gzip = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"));
            String body = new String((gzip ? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody()).readAllBytes(),
                    StandardCharsets.UTF_8);
            JsonNode json = body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
            String path = exchange.getRequestURI().getPath();
            requests.add(new Request(exchange.getRequestMethod(), path, exchange.getRequestURI().getQuery(), json));
            String prefix = "/bigquery/v2/projects/" + project;
            if ("POST".equals(exchange.getRequestMethod()) && path.equals(prefix + "/jobs")) {
                insertJob(exchange, json);
            } else if ("POST".equals(exchange.getRequestMethod()) && path.equals(prefix + "/queries")) {
                query(exchange, json);
            } else {
                error(exchange, 404, "notFound", "Not found: " + exchange.getRequestMethod() + " " + path);
            }
        } catch (RuntimeException e) {
            // HttpServer would drop the connection without a word; say what broke in the server itself.
            e.printStackTrace();
            throw e;
        }
    }

    /** jobs.insert: only dry-run query jobs of the expected SQL, with the cache off. */
    private void insertJob(HttpExchange exchange, JsonNode job) throws IOException {
        JsonNode config = job.path("configuration");
        JsonNode query = config.path("query");
        if (!config.path("dryRun").asBoolean(false)) {
            error(exchange, 400, "invalid", "this test server answers dry runs only");
        } else if (query.path("useQueryCache").asBoolean(true)) {
            error(exchange, 400, "invalid", "a dry run for a cost estimate must set useQueryCache=false");
        } else if (query.path("useLegacySql").asBoolean(true)) {
            error(exchange, 400, "invalid", "legacy SQL: expected useLegacySql=false");
        } else if (invalidQueryMessage != null) {
            error(exchange, 400, "invalidQuery", invalidQueryMessage);
        } else if (!query.path("query").asString("").equals(expectedSql)) {
            error(exchange, 400, "invalidQuery", "unexpected SQL: " + query.path("query").asString(""));
        } else {
            ObjectNode answer = JSON.createObjectNode();
            answer.put("kind", "bigquery#job");
            ObjectNode reference = answer.putObject("jobReference");
            reference.put("projectId", project);
            reference.put("location", job.path("jobReference").path("location").asString("US"));
            // A dry run creates no job; BigQuery still echoes the reference it was given.
            if (job.path("jobReference").has("jobId")) {
                reference.put("jobId", job.path("jobReference").path("jobId").asString());
            }
            answer.set("configuration", config);
            answer.putObject("status").put("state", "DONE");
            ObjectNode statistics = answer.putObject("statistics");
            statistics.put("creationTime", Long.toString(System.currentTimeMillis()));
            statistics.put("totalBytesProcessed", Long.toString(dryRunBytes));
            ObjectNode stats = statistics.putObject("query");
            stats.put("totalBytesProcessed", Long.toString(dryRunBytes));
            stats.put("totalBytesBilled", "0");
            stats.put("cacheHit", false);
            stats.put("statementType", "SELECT");
            ObjectNode table = stats.putArray("referencedTables").addObject();
            table.put("projectId", project);
            table.put("datasetId", "landing");
            table.put("tableId", "orders");
            respond(exchange, 200, answer);
        }
    }

    /** jobs.query: only the history query over INFORMATION_SCHEMA.JOBS, answered at once and in one page. */
    private void query(HttpExchange exchange, JsonNode request) throws IOException {
        String sql = request.path("query").asString("");
        boolean hasSince = false;
        for (JsonNode parameter : request.path("queryParameters")) {
            hasSince |= "since".equals(parameter.path("name").asString()) && "TIMESTAMP".equals(parameter.path("parameterType").path("type").asString());
        }
        if (request.path("dryRun").asBoolean(false) || !sql.contains(".INFORMATION_SCHEMA.JOBS") || !hasSince) {
            error(exchange, 400, "invalidQuery", "this test server answers the INFORMATION_SCHEMA.JOBS history query only: " + sql);
            return;
        }
        // The client asks for TIMESTAMPs as int64 microseconds or, by default, as float seconds.
        boolean int64 = request.path("formatOptions").path("useInt64Timestamp").asBoolean(false);
        ObjectNode answer = JSON.createObjectNode();
        answer.put("kind", "bigquery#queryResponse");
        ArrayNode fields = answer.putObject("schema").putArray("fields");
        field(fields, "job_id", "STRING");
        field(fields, "total_bytes_processed", "INTEGER");
        field(fields, "total_slot_ms", "INTEGER");
        field(fields, "creation_time", "TIMESTAMP");
        field(fields, "end_time", "TIMESTAMP");
        field(fields, "statement_type", "STRING");
        ObjectNode reference = answer.putObject("jobReference");
        reference.put("projectId", project);
        reference.put("jobId", "history-job");
        reference.put("location", request.path("location").asString("US"));
        answer.put("totalRows", Long.toString(jobs.size()));
        ArrayNode rows = answer.putArray("rows");
        for (JobRow job : jobs) {
            ArrayNode cells = rows.addObject().putArray("f");
            cells.addObject().put("v", job.jobId());
            cells.addObject().put("v", Long.toString(job.bytes()));
            cells.addObject().put("v", Long.toString(job.slotMs()));
            cells.addObject().put("v", timestamp(job.createdMicros(), int64));
            cells.addObject().put("v", timestamp(job.endedMicros(), int64));
            cells.addObject().put("v", job.statementType());
        }
        answer.put("jobComplete", true);
        answer.put("cacheHit", false);
        respond(exchange, 200, answer);
    }

    private static String timestamp(long micros, boolean int64) {
        return int64 ? Long.toString(micros) : new java.math.BigDecimal(micros).movePointLeft(6).toPlainString();
    }

    private static void field(ArrayNode fields, String name, String type) {
        ObjectNode field = fields.addObject();
        field.put("name", name);
        field.put("type", type);
        field.put("mode", "NULLABLE");
    }

    /** BigQuery's error body: {"error": {"code", "message", "errors": [{"reason", "message"}], "status"}}. */
    private static void error(HttpExchange exchange, int code, String reason, String message) throws IOException {
        ObjectNode answer = JSON.createObjectNode();
        ObjectNode error = answer.putObject("error");
        error.put("code", code);
        error.put("message", message);
        ObjectNode detail = error.putArray("errors").addObject();
        detail.put("message", message);
        detail.put("domain", "global");
        detail.put("reason", reason);
        error.put("status", code == 404 ? "NOT_FOUND" : "INVALID_ARGUMENT");
        respond(exchange, code, answer);
    }

    private static void respond(HttpExchange exchange, int code, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        exchange.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
