package io.dea.platform.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A real HTTP server on loopback that speaks the model providers' chat APIs, answering from a script:
 * OpenAI's {@code POST /v1/chat/completions}, Ollama's {@code POST /api/chat}, Anthropic's Messages API
 * and Gemini's {@code generateContent}. Each request takes
 * the next scripted reply (the last one repeats); every request body and Authorization header is kept
 * for the test to inspect.
 */
public final class LoopbackModelServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One scripted reply: a status, the assistant's text (for 200), and a delay before answering. */
    public record Reply(int status, String content, long delayMillis) {

        public static Reply answer(String content) {
            return new Reply(200, content, 0);
        }

        public static Reply status(int status) {
            return new Reply(status, null, 0);
        }

        /** An answer that does not come before the client's timeout. */
        public static Reply hang(long millis) {
            return new Reply(200, "{}", millis);
        }
    }

    private final HttpServer server;
    private final Deque<Reply> script = new ConcurrentLinkedDeque<>();
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());
    private volatile Reply last = Reply.status(500);

    public LoopbackModelServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/chat/completions", exchange -> reply(exchange, LoopbackModelServer::openAi));
        server.createContext("/api/chat", exchange -> reply(exchange, LoopbackModelServer::ollama));
        server.createContext("/anthropic/v1/messages", exchange -> reply(exchange, LoopbackModelServer::anthropic));
        server.createContext("/gemini/v1beta/models/", exchange -> reply(exchange, LoopbackModelServer::gemini));
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    /** The replies to give, in order; the last repeats once the script runs out. */
    public LoopbackModelServer script(Reply... replies) {
        script.clear();
        script.addAll(List.of(replies));
        last = replies[replies.length - 1];
        return this;
    }

    /** The OpenAI-compatible base URL ({@code dea.llm.base-url} for provider openai). */
    public String openAiBaseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** Anthropic's base URL (the Messages API). */
    public String anthropicBaseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/anthropic/v1/";
    }

    /** Gemini's base URL (the Generative Language API). */
    public String geminiBaseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/gemini/v1beta";
    }

    /** Ollama's base URL. */
    public String ollamaBaseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<String> requests() {
        return List.copyOf(requests);
    }

    public List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    private void reply(HttpExchange exchange, java.util.function.UnaryOperator<String> api) throws IOException {
        try (exchange) {
            requests.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String key = exchange.getRequestHeaders().getFirst("x-api-key") != null ? exchange.getRequestHeaders().getFirst("x-api-key")
                    : exchange.getRequestHeaders().getFirst("x-goog-api-key");
            authorizations.add(String.valueOf(key != null ? key : exchange.getRequestHeaders().getFirst("Authorization")));
            Reply reply = script.isEmpty() ? last : script.poll();
            if (reply.delayMillis() > 0) {
                try {
                    Thread.sleep(reply.delayMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            byte[] body = (reply.status() == 200 ? api.apply(reply.content())
                    : "{\"error\":{\"message\":\"scripted " + reply.status() + "\"}}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(reply.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (IOException e) {
            // The client gave up (its timeout): nothing to answer.
        }
    }

    private static String openAi(String content) {
        ObjectNode root = JSON.createObjectNode().put("id", "chatcmpl-loopback").put("object", "chat.completion").put("created", 1)
                .put("model", "loopback");
        ObjectNode choice = root.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop");
        choice.putObject("message").put("role", "assistant").put("content", content);
        root.putObject("usage").put("prompt_tokens", 120).put("completion_tokens", 30).put("total_tokens", 150);
        return JSON.writeValueAsString(root);
    }

    private static String ollama(String content) {
        ObjectNode root = JSON.createObjectNode().put("model", "loopback").put("created_at", "2026-01-01T00:00:00Z").put("done", true)
                .put("done_reason", "stop").put("prompt_eval_count", 120).put("eval_count", 30);
        root.putObject("message").put("role", "assistant").put("content", content);
        return JSON.writeValueAsString(root);
    }

    private static String anthropic(String content) {
        ObjectNode root = JSON.createObjectNode().put("id", "msg_loopback").put("type", "message").put("role", "assistant")
                .put("model", "loopback").put("stop_reason", "end_turn");
        root.putArray("content").addObject().put("type", "text").put("text", content);
        root.putObject("usage").put("input_tokens", 120).put("output_tokens", 30);
        return JSON.writeValueAsString(root);
    }

    private static String gemini(String content) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode candidate = root.putArray("candidates").addObject().put("finishReason", "STOP").put("index", 0);
        ObjectNode message = candidate.putObject("content").put("role", "model");
        message.putArray("parts").addObject().put("text", content);
        root.putObject("usageMetadata").put("promptTokenCount", 120).put("candidatesTokenCount", 30).put("totalTokenCount", 150);
        return JSON.writeValueAsString(root);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
