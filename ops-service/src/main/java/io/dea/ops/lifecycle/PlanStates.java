package io.dea.ops.lifecycle;

import io.dea.events.v1.PlanState;
import io.dea.platform.avro.ConfluentAvroDeserializer;
import io.dea.platform.kafka.TopicReplica;
import io.dea.platform.kafka.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every plan's latest state and when it changed, read from the compacted plan-state topic (no
 * group, nothing committed; a restart reads it again). Committed records only: the orchestrator
 * writes the topic in transactions. A record that cannot be decoded is skipped: it names no plan
 * the lifecycle could judge, so nothing of that plan is removed.
 */
final class PlanStates implements TopicReplica.Sink<String, byte[]>, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PlanStates.class);
    private static final TopicReplica.Backoff RETRY = new TopicReplica.Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10));

    private final Map<String, PlanEnd> plans = new ConcurrentHashMap<>();
    private final ConfluentAvroDeserializer decoder = new ConfluentAvroDeserializer();
    private final TopicReplica<String, byte[]> replica;

    PlanStates(Map<String, Object> consumerConfig, String clientId) {
        Map<String, Object> config = new java.util.HashMap<>(consumerConfig);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        decoder.configure(config, false);
        replica = new TopicReplica<>("dea-lifecycle-plans", List.of(Topics.PLAN_STATE), config, new StringDeserializer(),
                new ByteArrayDeserializer(), this, RETRY);
    }

    void start() {
        replica.start();
    }

    /** The plans as far as read; only complete once {@link #complete()}. */
    Map<String, PlanEnd> snapshot() {
        return Map.copyOf(plans);
    }

    boolean complete() {
        return replica.isCaughtUp() && replica.failure() == null;
    }

    @Override
    public boolean apply(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            plans.remove(record.key());
            return true;
        }
        try {
            if (decoder.deserialize(record.topic(), record.value()) instanceof PlanState state) {
                plans.put(record.key(), new PlanEnd(record.key(), state.getState(), state.getUpdatedAt()));
            }
        } catch (RuntimeException e) {
            log.warn("Skipping plan state {}-{}@{} that cannot be decoded: {}", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
        }
        return true;
    }

    @Override
    public void failed(Throwable error) {
        log.error("Stopped reading plan states: ended plans are no longer cleaned up until the ops service restarts", error);
    }

    @Override
    public void close() {
        replica.close();
    }
}
