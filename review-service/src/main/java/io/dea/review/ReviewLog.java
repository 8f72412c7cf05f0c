package io.dea.review;

import io.dea.events.v1.ReviewDecided;
import io.dea.events.v1.ReviewRequested;
import io.dea.platform.avro.ConfluentAvroDeserializer;
import io.dea.platform.avro.SchemaRegistryClient;
import io.dea.platform.config.DeaProperties;
import io.dea.platform.kafka.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
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
 * <p>A plain consumer with every partition assigned, not a listener in a consumer group: each
 * replica must see every review, and the topics themselves are the state, so nothing is committed
 * and a restart simply reads them again. Its health (in the readiness group) is DOWN until it has
 * read up to the end offsets it found at start. Values are read as bytes and decoded here, so a
 * record that cannot be decoded is logged and skipped (its producer's dead letters are where it
 * belongs); only a registry that cannot be reached makes it wait and try the same record again.
 */
@Component("reviewLog")
public class ReviewLog implements SmartLifecycle, HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(ReviewLog.class);
    private static final List<String> TOPICS = List.of(Topics.REVIEWS_REQUESTED, Topics.REVIEWS_DECIDED);
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final KafkaProperties kafka;
    private final DeaProperties dea;
    private final ReviewStore store;
    private final WebhookNotifier notifier;

    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile Thread reader;
    private volatile boolean running;
    private volatile boolean caughtUp;
    private volatile Throwable failure;
    private volatile long skipped;

    public ReviewLog(KafkaProperties kafka, DeaProperties dea, ReviewStore store, WebhookNotifier notifier) {
        this.kafka = kafka;
        this.dea = dea;
        this.store = store;
        this.notifier = notifier;
    }

    @Override
    public void start() {
        Map<String, Object> config = consumerConfig();
        ConfluentAvroDeserializer values = new ConfluentAvroDeserializer();
        values.configure(config, false);
        consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        running = true;
        reader = new Thread(() -> readForever(values), "dea-review-log");
        reader.setDaemon(true);
        reader.start();
    }

    @Override
    public void stop() {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        Thread t = reader;
        if (t != null) {
            try {
                t.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Whether every review that existed when the service started has been read. */
    public boolean isCaughtUp() {
        return caughtUp;
    }

    @Override
    public Health health() {
        Health.Builder health = caughtUp && failure == null && running ? Health.up() : Health.down();
        health.withDetail("caughtUp", caughtUp).withDetail("open", store.openCount()).withDetail("skipped", skipped);
        if (failure != null) {
            health.withDetail("error", failure.toString());
        }
        return health.build();
    }

    private void readForever(ConfluentAvroDeserializer values) {
        try (KafkaConsumer<String, byte[]> c = consumer) {
            List<TopicPartition> partitions = discoverPartitions(c);
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = c.endOffsets(partitions);
            log.info("Reading reviews from {} partitions up to {}", partitions.size(), end);
            while (running) {
                ConsumerRecords<String, byte[]> records = c.poll(Duration.ofMillis(500));
                boolean retry = false;
                for (TopicPartition partition : records.partitions()) {
                    for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
                        if (!apply(record, values)) {
                            c.seek(partition, record.offset());
                            retry = true;
                            break;
                        }
                    }
                }
                if (!caughtUp && reached(c, end)) {
                    caughtUp = true;
                    log.info("Caught up with the review topics: {} reviews open", store.openCount());
                }
                if (retry) {
                    Thread.sleep(RETRY.toMillis());
                }
            }
        } catch (WakeupException e) {
            // stop() asked us to leave.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            failure = t;
            log.error("Stopped reading the review topics: this replica no longer sees new reviews", t);
        }
    }

    private List<TopicPartition> discoverPartitions(KafkaConsumer<String, byte[]> c) throws InterruptedException {
        while (running) {
            List<TopicPartition> partitions = new ArrayList<>();
            boolean all = true;
            for (String topic : TOPICS) {
                List<PartitionInfo> infos = c.partitionsFor(topic, Duration.ofSeconds(10));
                if (infos == null || infos.isEmpty()) {
                    all = false;
                } else {
                    infos.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
                }
            }
            if (all) {
                return partitions;
            }
            log.info("Waiting for the topics {} to exist", TOPICS);
            Thread.sleep(RETRY.toMillis());
        }
        throw new WakeupException();
    }

    private static boolean reached(KafkaConsumer<String, byte[]> c, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> target : end.entrySet()) {
            if (c.position(target.getKey()) < target.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Applies one record; false when it should be read again later (the registry is unreachable). */
    private boolean apply(ConsumerRecord<String, byte[]> record, ConfluentAvroDeserializer values) {
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
                if (caughtUp) {
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

    private Map<String, Object> consumerConfig() {
        Map<String, Object> config = kafka.buildConsumerProperties();
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.remove(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG);
        config.remove(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);
        config.remove("spring.deserializer.value.delegate.class");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "review-log-" + dea.instanceId());
        return config;
    }
}
