package io.dea.stack.cli;

import io.dea.events.v1.PlanState;
import io.dea.platform.avro.ConfluentAvroDeserializer;
import io.dea.platform.avro.ConfluentAvroSerializer;
import io.dea.platform.kafka.Topics;
import io.dea.platform.lineage.LineageGraph;
import io.dea.platform.lineage.LineageGraphReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The CLI's view of a running stack: publishes goals, reads plan states back from the compacted
 * plan-state topic, and talks to the review API with the local token.
 */
final class StackConnection {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String bootstrap;
    private final String registry;
    private final String reviewApi;
    private final String token;
    private final Map<String, String> kafkaSecurity;
    /** Built on first use: building one sets up TLS, which a plain status call does not need. */
    private HttpClient http;

    /** @param kafkaSecurity the submitter's Kafka client properties besides the bootstrap servers (SASL) */
    StackConnection(String bootstrap, String registry, String reviewApi, String token, Map<String, String> kafkaSecurity) {
        this.bootstrap = bootstrap;
        this.registry = registry;
        this.reviewApi = reviewApi;
        this.token = token;
        this.kafkaSecurity = Map.copyOf(kafkaSecurity);
    }

    void publish(String topic, String key, Object value) throws Exception {
        Properties p = new Properties();
        p.putAll(kafkaSecurity);
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ConfluentAvroSerializer.class);
        p.put(ConfluentAvroSerializer.REGISTRY_URL, registry);
        // Schemas are registered when the stack starts; the submitter may only look them up.
        p.put(ConfluentAvroSerializer.AUTO_REGISTER, false);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(p)) {
            producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        }
    }

    /** The latest state of every plan (the compacted topic read to its end). */
    Map<String, PlanState> planStates() {
        Properties p = new Properties();
        p.putAll(kafkaSecurity);
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ConfluentAvroDeserializer.class);
        p.put(ConfluentAvroSerializer.REGISTRY_URL, registry);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Map<String, PlanState> plans = new LinkedHashMap<>();
        try (KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(Topics.PLAN_STATE, Duration.ofSeconds(15))
                    .forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.currentTimeMillis() + 30_000;
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, Object> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() instanceof PlanState state) {
                        plans.put(record.key(), state);
                    }
                }
            }
        }
        return plans;
    }

    /** Lineage: dea.lineage read to its end, with the plan states that say which plans were rolled back. */
    LineageGraph lineage() throws InterruptedException {
        Map<String, Object> config = new HashMap<>(kafkaSecurity);
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConfluentAvroSerializer.REGISTRY_URL, registry);
        ConfluentAvroDeserializer planStates = new ConfluentAvroDeserializer();
        planStates.configure(config, false);
        return LineageGraphReader.readAll(config, planStates, Duration.ofSeconds(30));
    }

    JsonNode reviews(boolean pendingOnly, String goalId) throws Exception {
        StringBuilder path = new StringBuilder("/reviews");
        List<String> query = new ArrayList<>();
        if (pendingOnly) {
            query.add("state=PENDING");
        }
        if (goalId != null) {
            query.add("goal=" + goalId);
        }
        if (!query.isEmpty()) {
            path.append('?').append(String.join("&", query));
        }
        return call("GET", path.toString(), null);
    }

    JsonNode decide(String reviewId, boolean approve, String text) throws Exception {
        return decide(reviewId, approve, text, null);
    }

    /** A decision; an approval of an INTENT review may carry the corrected goal as YAML. */
    JsonNode decide(String reviewId, boolean approve, String text, String goalYaml) throws Exception {
        Map<String, String> body = new LinkedHashMap<>();
        if (text != null) {
            body.put(approve ? "comment" : "reason", text);
        }
        if (goalYaml != null) {
            body.put("goal_yaml", goalYaml);
        }
        return call("POST", "/reviews/" + reviewId + (approve ? "/approve" : "/reject"), JSON.writeValueAsString(body));
    }

    /** Asks the review service for a rollback: a reviewer's decision, which it alone publishes. */
    JsonNode requestRollback(String goalId, String reason) throws Exception {
        Map<String, String> body = new LinkedHashMap<>();
        if (reason != null) {
            body.put("reason", reason);
        }
        return call("POST", "/goals/" + goalId + "/rollback", JSON.writeValueAsString(body));
    }

    /**
     * A plan's status as the review service serves it ({@code GET /plans/{id}}, the JSON of {@code status --json});
     * empty when it cannot answer it now (not running, still reading the topic, no such plan yet), and the caller
     * reads the plan-state topic instead.
     */
    java.util.Optional<JsonNode> servedStatus(String id) {
        try {
            // HttpURLConnection, not HttpClient: no TLS set up for a plain local call, a second less of start-up.
            java.net.HttpURLConnection get = (java.net.HttpURLConnection) URI.create(reviewApi + "/plans/"
                    + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8)).toURL().openConnection();
            get.setConnectTimeout(5_000);
            get.setReadTimeout(5_000);
            get.setRequestProperty("Authorization", "Bearer " + token);
            get.setRequestProperty("Accept", "application/json");
            if (get.getResponseCode() != 200) {
                return java.util.Optional.empty();
            }
            try (var body = get.getInputStream()) {
                return java.util.Optional.of(JSON.readTree(body));
            }
        } catch (java.io.IOException e) {
            return java.util.Optional.empty();
        }
    }

    private synchronized HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        }
        return http;
    }

    private JsonNode call(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(reviewApi + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
        if (body != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response = http().send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new CliException("the review service answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
