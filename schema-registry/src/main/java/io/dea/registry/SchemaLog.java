package io.dea.registry;

import io.dea.platform.kafka.TopicReplica;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Kafka side of the registry: one compacted, single-partition topic, read from the beginning
 * into {@link SchemaStore} on start and then followed for as long as the registry runs.
 *
 * <p>A {@link TopicReplica} rather than a listener container: every instance must read the
 * whole topic and never share it through a consumer group or commit offsets, and startup must
 * block until the topic has been read to its end, so the registry is never ready with half its
 * schemas. One partition keeps a total order, which is what lets instances agree on ids.
 */
@Component
public class SchemaLog implements SmartLifecycle, TopicReplica.Sink<String, String> {

    private static final Logger log = LoggerFactory.getLogger(SchemaLog.class);
    private static final TopicReplica.Backoff RETRY = new TopicReplica.Backoff(Duration.ofMillis(100), Duration.ofSeconds(1));

    private final KafkaProperties kafka;
    private final KafkaAdmin kafkaAdmin;
    private final SchemaStore store;
    private final RegistryProperties properties;
    private final TopicPartition partition;

    private KafkaProducer<String, String> producer;
    private TopicReplica<String, String> reader;
    private Admin admin;
    private volatile boolean running;

    public SchemaLog(KafkaProperties kafka, KafkaAdmin kafkaAdmin, SchemaStore store, RegistryProperties properties) {
        this.kafka = kafka;
        this.kafkaAdmin = kafkaAdmin;
        this.store = store;
        this.properties = properties;
        this.partition = new TopicPartition(properties.topic(), 0);
    }

    @Override
    public void start() {
        TopicBuilder topic = TopicBuilder.name(properties.topic()).partitions(1).compact();
        if (properties.replicationFactor() != null) {
            topic.replicas(properties.replicationFactor());
        }
        kafkaAdmin.createOrModifyTopics(topic.build());
        admin = Admin.create(kafkaAdmin.getConfigurationProperties());
        producer = new KafkaProducer<>(producerConfig(), new StringSerializer(), new StringSerializer());
        reader = new TopicReplica<>("dea-registry-log-reader", List.of(partition.topic()), kafka.buildConsumerProperties(),
                new StringDeserializer(), new StringDeserializer(), this, RETRY);
        running = true;
        reader.start();
        try {
            if (!awaitCaughtUp(properties.startupTimeout())) {
                throw new IllegalStateException("Could not read " + properties.topic() + " to its end within "
                        + properties.startupTimeout() + (readerFailure() == null ? "" : ": " + readerFailure()));
            }
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        log.info("Schema registry state loaded from {} up to offset {}", properties.topic(), store.position());
    }

    @Override
    public void stop() {
        running = false;
        if (reader != null) {
            reader.close();
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before the web server, which starts late, so no request sees a half-loaded store. */
    @Override
    public int getPhase() {
        return 0;
    }

    /** Whether the reader is still following the topic; the health endpoint reports it. */
    public boolean isFollowing() {
        return running && reader != null && reader.isFollowing();
    }

    public Throwable readerFailure() {
        return reader == null ? null : reader.failure();
    }

    public String topic() {
        return properties.topic();
    }

    /**
     * Appends a record and returns its offset once the broker has acknowledged it; a null value is
     * a tombstone.
     */
    public long append(LogRecords.Key key, Object value) {
        ProducerRecord<String, String> record = new ProducerRecord<>(
                partition.topic(), partition.partition(), LogRecords.write(key), LogRecords.write(value));
        try {
            return producer.send(record).get(properties.writeTimeout().toMillis(), TimeUnit.MILLISECONDS).offset();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryErrors.storeError("interrupted while writing", e);
        } catch (ExecutionException e) {
            throw RegistryErrors.storeError("write failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw RegistryErrors.storeTimeout("write not acknowledged within " + properties.writeTimeout());
        }
    }

    /** Returns once the record at {@code offset} (and all before it) is in the store. */
    public void awaitApplied(long offset) {
        if (!awaitPosition(offset + 1, properties.writeTimeout())) {
            throw RegistryErrors.storeTimeout("record " + offset + " not read back within " + properties.writeTimeout());
        }
    }

    /** Returns once the store holds everything written to the topic so far, by any instance. */
    public void awaitCaughtUp() {
        if (!awaitCaughtUp(properties.writeTimeout())) {
            throw RegistryErrors.storeTimeout("topic not read to its end within " + properties.writeTimeout());
        }
    }

    private boolean awaitCaughtUp(Duration timeout) {
        long end = -1;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (end < 0) {
            try {
                end = admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition)
                        .get(timeout.toMillis(), TimeUnit.MILLISECONDS).offset();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw RegistryErrors.storeError("interrupted while reading the end offset", e);
            } catch (ExecutionException e) {
                // A topic created a moment ago may not have a leader yet: ask again until the timeout.
                boolean young = e.getCause() instanceof org.apache.kafka.common.errors.RetriableException;
                if (!young || System.nanoTime() > deadline) {
                    throw RegistryErrors.storeError("could not read the end offset of " + partition, e);
                }
                sleepBriefly();
            } catch (TimeoutException e) {
                throw RegistryErrors.storeError("could not read the end offset of " + partition, e);
            }
        }
        return awaitPosition(end, timeout);
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean awaitPosition(long nextOffset, Duration timeout) {
        try {
            return store.awaitPosition(nextOffset, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The position, not the last offset seen: compaction and markers leave gaps. */
    @Override
    public void polled(Map<TopicPartition, Long> positions) {
        store.advanceTo(positions.get(partition));
    }

    @Override
    public void failed(Throwable error) {
        log.error("Stopped following {}: the registry no longer sees new schemas", partition, error);
    }

    /** One unreadable record must not stop the registry from seeing everything after it: it is never retried. */
    @Override
    public boolean apply(ConsumerRecord<String, String> record) {
        try {
            applyRecord(record);
        } catch (RuntimeException e) {
            log.warn("Skipping unreadable record at {}@{}: {}", partition, record.offset(), e.toString());
        }
        return true;
    }

    private void applyRecord(ConsumerRecord<String, String> record) {
        LogRecords.Key key = LogRecords.readKey(record.key());
        switch (key.keytype()) {
            case LogRecords.SCHEMA -> {
                // We never write schema tombstones; someone else's are not ours to interpret.
                if (record.value() != null) {
                    store.applySchema(LogRecords.readSchema(record.value()));
                }
            }
            case LogRecords.CONFIG -> store.applyConfig(key.subject(), record.value() == null ? null
                    : CompatibilityLevel.parse(LogRecords.readConfig(record.value()).compatibilityLevel()));
            default -> log.debug("Ignoring record of type {} at offset {}", key.keytype(), record.offset());
        }
    }

    private Map<String, Object> producerConfig() {
        Map<String, Object> config = kafka.buildProducerProperties();
        config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return config;
    }
}
