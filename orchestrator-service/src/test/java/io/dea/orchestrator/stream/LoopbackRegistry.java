package io.dea.orchestrator.stream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.json.JsonMapper;

/**
 * The three calls of the Confluent registry API our serde makes (register, look up, fetch by id),
 * served over HTTP on 127.0.0.1, so the orchestrator's real Avro serdes run in the topology tests
 * without a broker (the project's own registry keeps its schemas on a Kafka topic).
 */
final class LoopbackRegistry implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final List<String> schemas = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> ids = new ConcurrentHashMap<>();

    private LoopbackRegistry(HttpServer server) {
        this.server = server;
    }

    static LoopbackRegistry start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        LoopbackRegistry registry = new LoopbackRegistry(server);
        server.createContext("/subjects/", registry::register);
        server.createContext("/schemas/ids/", registry::byId);
        server.start();
        return registry;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** POST /subjects/{s}/versions and POST /subjects/{s}: one id per distinct schema, as a real registry gives. */
    private synchronized void register(HttpExchange exchange) throws IOException {
        String schema = JSON.readTree(exchange.getRequestBody()).get("schema").asString();
        int id = ids.computeIfAbsent(schema, s -> {
            schemas.add(s);
            return schemas.size();
        });
        answer(exchange, 200, Map.of("id", id));
    }

    private synchronized void byId(HttpExchange exchange) throws IOException {
        int id = Integer.parseInt(exchange.getRequestURI().getPath().substring("/schemas/ids/".length()));
        if (id < 1 || id > schemas.size()) {
            answer(exchange, 404, Map.of("error_code", 40403, "message", "Schema not found"));
            return;
        }
        answer(exchange, 200, Map.of("schema", schemas.get(id - 1)));
    }

    private static void answer(HttpExchange exchange, int status, Map<String, Object> body) throws IOException {
        byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
