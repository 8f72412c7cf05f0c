package io.dea.review;

import io.dea.events.v1.ReviewDecided;
import io.dea.events.v1.ReviewRequested;
import io.dea.platform.avro.ConfluentAvroDeserializer;
import io.dea.platform.avro.SchemaRegistryClient;
import io.dea.platform.config.DeaProperties;
import io.dea.platform.kafka.TopicReplica;
import io.dea.platform.kafka.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Reads {@code dea.reviews.requested} and {@code dea.reviews.decided} from the beginning into the
 * {@link ReviewStore}, then follows them for as long as the service runs.
 *
 * <p>A {@link TopicReplica} (every partition assigned, no consumer group), not a listener: each
 * replica must see every review, and the topics themselves are the state, so nothing is committed
 * and a restart simply reads them again. Its health (in the readiness group) is DOWN until it has
 * read up to the end offsets it found at start. Values are read as bytes and decoded here, so a
 * record that cannot be decoded is logged and skipped (its producer's dead letters are where it
 * belongs, and why this topic has no dead-letter topic); only a registry that cannot be reached makes
 * it wait and try the same record again.
 */
@Component("reviewLog")
public class ReviewLog implements SmartLifecycle, HealthIndicator, TopicReplica.Sink<String, byte[]> {

    private static final Logger log = LoggerFactory.getLogger(ReviewLog.class);
    private static final List<String> TOPICS = List.of(Topics.REVIEWS_REQUESTED, Topics.REVIEWS_DECIDED);
    /** Waits while the registry is away: one second at first, at most ten. */
    private static final TopicReplica.Backoff RETRY = new TopicReplica.Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10));

    private final KafkaProperties kafka;
    private final DeaProperties dea;
    private final ReviewStore store;
    private final WebhookNotifier notifier;

    private volatile TopicReplica<String, byte[]> replica;
    private volatile ConfluentAvroDeserializer values;
    private volatile long skipped;

    public ReviewLog(KafkaProperties kafka, DeaProperties dea, ReviewStore store, WebhookNotifier notifier) {
        this.kafka = kafka;
        this.dea = dea;
        this.store = store;
        this.notifier = notifier;
    }

    @Override
    public void start() {
        Map<String, Object> config = kafka.buildConsumerProperties();
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "review-log-" + dea.instanceId());
        ConfluentAvroDeserializer decoder = new ConfluentAvroDeserializer();
        decoder.configure(config, false);
        values = decoder;
        replica = new TopicReplica<>("dea-review-log", TOPICS, config, new StringDeserializer(), new ByteArrayDeserializer(), this, RETRY);
        replica.start();
    }

    @Override
    public void stop() {
        TopicReplica<String, byte[]> r = replica;
        if (r != null) {
            r.close();
        }
    }

    @Override
    public boolean isRunning() {
        TopicReplica<String, byte[]> r = replica;
        return r != null && r.isRunning();
    }

    /** Whether every review that existed when the service started has been read. */
    public boolean isCaughtUp() {
        TopicReplica<String, byte[]> r = replica;
        return r != null && r.isCaughtUp();
    }

    @Override
    public Health health() {
        TopicReplica<String, byte[]> r = replica;
        Throwable failure = r == null ? null : r.failure();
        boolean caughtUp = isCaughtUp();
        Health.Builder health = caughtUp && failure == null && isRunning() ? Health.up() : Health.down();
        health.withDetail("caughtUp", caughtUp).withDetail("open", store.openCount()).withDetail("skipped", skipped);
        if (failure != null) {
            health.withDetail("error", failure.toString());
        }
        return health.build();
    }

    @Override
    public void caughtUp() {
        log.info("Caught up with the review topics: {} reviews open", store.openCount());
    }

    @Override
    public void failed(Throwable error) {
        log.error("Stopped reading the review topics: this replica no longer sees new reviews", error);
    }

    /** Applies one record; false when it should be read again later (the registry is unreachable). */
    @Override
    public boolean apply(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return true;
        }
        Object value;
        try {
            value = values.deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            if (registryUnavailable(e)) {
                log.warn("Schema registry unavailable, will read {}-{}@{} again: {}", record.topic(),
                        record.partition(), record.offset(), e.getMessage());
                return false;
            }
            skip(record, e.getMessage());
            return true;
        }
        if (value instanceof ReviewRequested requested && Topics.REVIEWS_REQUESTED.equals(record.topic())) {
            store.applyRequested(requested, record.key()).ifPresent(opened -> {
                log.info("Review {} opened: {} {} for goal {}", opened.id(), opened.kind(), opened.step(), opened.goalId());
                if (isCaughtUp()) {
                    notifier.reviewOpened(opened);
                }
            });
        } else if (value instanceof ReviewDecided decided && Topics.REVIEWS_DECIDED.equals(record.topic())) {
            store.applyDecided(decided);
        } else {
            skip(record, "unexpected " + value.getClass().getName());
        }
        return true;
    }

    private void skip(ConsumerRecord<String, byte[]> record, String why) {
        skipped++;
        log.warn("Skipping undecodable record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), why);
    }

    private static boolean registryUnavailable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SchemaRegistryClient.RegistryException registry
                    && (registry.status() == 0 || registry.status() >= 500)) {
                return true;
            }
        }
        return false;
    }
}
