package io.dea.platform.avro;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small client for the part of the Confluent Schema Registry REST API a serde needs: register,
 * look up, fetch by id. Confluent's own Java client is not on Maven Central. Answers are cached for
 * the life of the client (ids never change), so the registry is asked once per schema, not per record.
 * Given {@code user:password} (Confluent's {@code basic.auth.user.info}), every request carries it as
 * HTTP basic credentials; registries that guard writes (ours, Confluent's) need them to register.
 */
public final class SchemaRegistryClient {

    private static final Map<String, SchemaRegistryClient> SHARED = new ConcurrentHashMap<>();
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final int ATTEMPTS = 5;
    /** Confluent's serde setting for the registry's HTTP basic credentials, {@code user:password}. */
    public static final String USER_INFO = "basic.auth.user.info";
    public static final String CREDENTIALS_SOURCE = "basic.auth.credentials.source";

    private final String baseUrl;
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<String, Integer> idsBySubjectAndSchema = new ConcurrentHashMap<>();

    public SchemaRegistryClient(String baseUrl) {
        this(baseUrl, null);
    }

    /** @param userInfo {@code user:password} sent as HTTP basic credentials; null or blank sends none */
    public SchemaRegistryClient(String baseUrl, String userInfo) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.authorization = userInfo == null || userInfo.isBlank() ? null
                : "Basic " + java.util.Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
    }

    /** One client (and so one cache) per registry URL in a process, shared by every serde. */
    public static SchemaRegistryClient shared(String baseUrl) {
        return shared(baseUrl, null);
    }

    /** One client per registry URL and credentials in a process. */
    public static SchemaRegistryClient shared(String baseUrl, String userInfo) {
        String user = userInfo == null || userInfo.isBlank() ? "" : userInfo;
        return SHARED.computeIfAbsent(baseUrl + '\u0000' + user, key -> new SchemaRegistryClient(baseUrl, userInfo));
    }

    /**
     * The credentials a serde's configuration names: Confluent's {@code basic.auth.user.info}
     * (with {@code basic.auth.credentials.source=USER_INFO}, the only source supported), else none.
     */
    static String userInfo(java.util.Map<String, ?> configs) {
        Object source = configs.get(CREDENTIALS_SOURCE);
        if (source != null && !"USER_INFO".equalsIgnoreCase(source.toString())) {
            throw new IllegalArgumentException(CREDENTIALS_SOURCE + " may only be USER_INFO (set " + USER_INFO + " to user:password)");
        }
        Object info = configs.get(USER_INFO);
        return info == null ? null : info.toString();
    }

    /** Registers the schema under the subject (or finds it there) and returns its global id. */
    public int register(String subject, Schema schema) {
        return idsBySubjectAndSchema.computeIfAbsent(subject + '\u0000' + schema, key -> {
            JsonNode answer = call("POST", "/subjects/" + encode(subject) + "/versions", body(schema));
            int id = answer.get("id").asInt();
            schemasById.putIfAbsent(id, schema);
            return id;
        });
    }

    /** Finds the id of a schema already registered under the subject; fails if it is not there. */
    public int lookup(String subject, Schema schema) {
        return idsBySubjectAndSchema.computeIfAbsent(subject + '\u0000' + schema, key -> {
            JsonNode answer = call("POST", "/subjects/" + encode(subject), body(schema));
            int id = answer.get("id").asInt();
            schemasById.putIfAbsent(id, schema);
            return id;
        });
    }

    public Schema byId(int id) {
        return schemasById.computeIfAbsent(id, key -> {
            JsonNode answer = call("GET", "/schemas/ids/" + id, null);
            return new Schema.Parser().parse(answer.get("schema").asString());
        });
    }

    /** The latest schema text under a subject, or null when the subject does not exist. */
    public String latest(String subject) {
        try {
            return call("GET", "/subjects/" + encode(subject) + "/versions/latest", null).get("schema").asString();
        } catch (RegistryException e) {
            if (e.status() == 404) {
                return null;
            }
            throw e;
        }
    }

    private String body(Schema schema) {
        return json.writeValueAsString(Map.of("schema", schema.toString()));
    }

    private JsonNode call(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(10))
                .header("Accept", CONTENT_TYPE + ", application/json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (body != null) {
            request.header("Content-Type", CONTENT_TYPE).method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        RuntimeException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() / 100 == 2) {
                    return json.readTree(response.body());
                }
                RegistryException error = new RegistryException(response.statusCode(),
                        method + " " + path + " -> " + response.statusCode() + ": " + response.body());
                if (response.statusCode() < 500) {
                    throw error; // the registry said no; asking again will not change its mind
                }
                last = error;
            } catch (IOException e) {
                last = new RegistryException(0, method + " " + baseUrl + path + " failed: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RegistryException(0, "interrupted calling the schema registry");
            }
            sleep(100L << attempt);
        }
        throw last;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8);
    }

    /** A registry answer that was not a success; status 0 when it could not be reached. */
    public static final class RegistryException extends RuntimeException {
        private final int status;

        RegistryException(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
