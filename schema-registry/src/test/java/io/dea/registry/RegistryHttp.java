package io.dea.registry;

import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A plain HTTP client for the tests, speaking to the registry the way Confluent's clients do
 * (their content type), so the tests exercise the real wire and not Spring's test shortcuts.
 */
final class RegistryHttp {

    static final String CONFLUENT_JSON = "application/vnd.schemaregistry.v1+json";
    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** The write-role user every test registry gets ({@link #WRITER_PROPERTIES}). */
    static final String WRITER = "test-writer";
    static final String WRITER_PASSWORD = "writer-" + Long.toHexString(System.nanoTime());
    static final String WRITER_INFO = WRITER + ":" + WRITER_PASSWORD;
    static final String READER = "test-reader";
    static final String READER_PASSWORD = "reader-" + Long.toHexString(System.nanoTime());
    static final Map<String, Object> WRITER_PROPERTIES = Map.of(
            "dea.registry.users." + WRITER + ".password", WRITER_PASSWORD,
            "dea.registry.users." + WRITER + ".role", "write",
            "dea.registry.users." + READER + ".password", READER_PASSWORD);

    private final String baseUrl;
    private final String authorization;

    RegistryHttp(String baseUrl, String userInfo) {
        this.baseUrl = baseUrl;
        this.authorization = userInfo == null ? null
                : "Basic " + java.util.Base64.getEncoder().encodeToString(userInfo.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** A client with the write-role user's credentials. */
    static RegistryHttp of(ConfigurableApplicationContext registry) {
        return new RegistryHttp(urlOf(registry), WRITER_INFO);
    }

    /** A client that sends no credentials. */
    static RegistryHttp anonymous(ConfigurableApplicationContext registry) {
        return new RegistryHttp(urlOf(registry), null);
    }

    /** The topic and the test users, for SchemaRegistryApplication.start. */
    static Map<String, Object> properties(String topic) {
        Map<String, Object> p = new LinkedHashMap<>(WRITER_PROPERTIES);
        p.put("dea.registry.topic", topic);
        return p;
    }

    static String urlOf(ConfigurableApplicationContext registry) {
        return "http://127.0.0.1:" + registry.getEnvironment().getProperty("local.server.port");
    }

    record Response(int status, String contentType, String body) {

        JsonNode json() {
            return JSON.readTree(body);
        }

        int id() {
            return json().get("id").asInt();
        }

        int errorCode() {
            return json().get("error_code").asInt();
        }
    }

    /** A register/lookup/compatibility body for an Avro schema. */
    static String schemaBody(String schema) {
        return JSON.writeValueAsString(Map.of("schema", schema));
    }

    static String schemaBody(String schema, List<Map<String, Object>> references) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("schema", schema);
        body.put("schemaType", "AVRO");
        body.put("references", references);
        return JSON.writeValueAsString(body);
    }

    Response get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).header("Accept", CONFLUENT_JSON + ", application/json").GET());
    }

    Response post(String path, String json) {
        return post(path, json, CONFLUENT_JSON);
    }

    Response post(String path, String json, String contentType) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Response put(String path, String json) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", CONFLUENT_JSON)
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    Response delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    private URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    private Response send(HttpRequest.Builder request) {
        try {
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""), response.body());
        } catch (IOException e) {
            throw new IllegalStateException("Request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
