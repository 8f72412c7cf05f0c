package io.dea.platform.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads whole topics into memory and keeps following them: every partition assigned (no consumer
 * group, nothing committed: the topics are the state, so a restart reads them again), from the
 * beginning, on a thread of its own. It knows when it has read up to the end offsets it found at
 * start ({@link #isCaughtUp()}), and a record its sink cannot apply yet is read again after a
 * backoff that doubles up to a ceiling, while the other partitions go on.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class TopicReplica<K, V> implements AutoCloseable {

    /** What the replica feeds. Called on the reader thread only. */
    public interface Sink<K, V> {

        /** Applies one record; false when it must be read again after the backoff (a dependency is away). */
        boolean apply(ConsumerRecord<K, V> record);

        /** After every poll: the position of each partition (compaction and markers leave gaps in offsets). */
        default void polled(Map<TopicPartition, Long> positions) {
        }

        /** Once, when everything that existed at start has been applied. */
        default void caughtUp() {
        }

        /** The reader stopped for good (an error no retry helps with, such as a refused ACL). */
        default void failed(Throwable error) {
        }
    }

    /** Waits between attempts: {@code first}, doubled each time up to {@code max}, back to {@code first} after a success. */
    public record Backoff(Duration first, Duration max) {
    }

    private static final Logger log = LoggerFactory.getLogger(TopicReplica.class);
    private static final Duration POLL = Duration.ofMillis(500);

    private final String name;
    private final List<String> topics;
    private final Map<String, Object> config;
    private final Deserializer<K> keys;
    private final Deserializer<V> values;
    private final Sink<K, V> sink;
    private final Backoff backoff;

    private volatile KafkaConsumer<K, V> consumer;
    private volatile Thread reader;
    private volatile boolean running;
    private volatile boolean caughtUp;
    private volatile Throwable failure;
    private Duration wait;

    /**
     * @param name   the reader thread's name
     * @param config consumer settings (bootstrap, security, client id); group, commits and deserializers are set here
     */
    public TopicReplica(String name, List<String> topics, Map<String, Object> config, Deserializer<K> keys, Deserializer<V> values,
            Sink<K, V> sink, Backoff backoff) {
        this.name = name;
        this.topics = List.copyOf(topics);
        this.config = readerConfig(config);
        this.keys = keys;
        this.values = values;
        this.sink = sink;
        this.backoff = backoff;
        this.wait = backoff.first();
    }

    /** A consumer of no group that commits nothing and creates no topic. */
    private static Map<String, Object> readerConfig(Map<String, Object> base) {
        Map<String, Object> config = new HashMap<>(base);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.remove(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG);
        config.remove(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);
        config.remove("spring.deserializer.value.delegate.class");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return config;
    }

    public synchronized void start() {
        consumer = new KafkaConsumer<>(config, keys, values);
        running = true;
        reader = new Thread(this::readForever, name);
        reader.setDaemon(true);
        reader.start();
    }

    /** Stops following and closes the consumer (on its own thread), waiting up to ten seconds. */
    @Override
    public synchronized void close() {
        running = false;
        KafkaConsumer<K, V> c = consumer;
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

    public boolean isRunning() {
        return running;
    }

    /** Whether everything that existed when reading started has been applied. */
    public boolean isCaughtUp() {
        return caughtUp;
    }

    /** Whether the reader is alive and following. */
    public boolean isFollowing() {
        Thread t = reader;
        return running && t != null && t.isAlive() && failure == null;
    }

    /** Why the reader stopped; null while it follows. */
    public Throwable failure() {
        return failure;
    }

    private void readForever() {
        try (KafkaConsumer<K, V> c = consumer) {
            List<TopicPartition> partitions = discoverPartitions(c);
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = c.endOffsets(partitions);
            log.info("{}: reading {} from {} partitions up to {}", name, topics, partitions.size(), end);
            while (running) {
                boolean retry = applyAll(c, c.poll(POLL));
                sink.polled(positions(c, partitions));
                if (!caughtUp && reached(c, end)) {
                    caughtUp = true;
                    sink.caughtUp();
                }
                pauseIf(retry);
            }
        } catch (WakeupException e) {
            // close() asked us to leave.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            failure = t;
            sink.failed(t);
        }
    }

    /** Applies a batch; a partition whose record must wait is sought back to it. True when one must wait. */
    private boolean applyAll(KafkaConsumer<K, V> c, ConsumerRecords<K, V> records) {
        boolean retry = false;
        for (TopicPartition partition : records.partitions()) {
            for (ConsumerRecord<K, V> record : records.records(partition)) {
                if (!sink.apply(record)) {
                    c.seek(partition, record.offset());
                    retry = true;
                    break;
                }
            }
        }
        return retry;
    }

    private List<TopicPartition> discoverPartitions(KafkaConsumer<K, V> c) throws InterruptedException {
        while (running) {
            List<TopicPartition> partitions = new ArrayList<>();
            boolean all = true;
            for (String topic : topics) {
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
            log.info("{}: waiting for the topics {} to exist", name, topics);
            pauseIf(true);
        }
        throw new WakeupException();
    }

    private void pauseIf(boolean retry) throws InterruptedException {
        if (!retry) {
            wait = backoff.first();
            return;
        }
        Thread.sleep(wait.toMillis());
        Duration doubled = wait.multipliedBy(2);
        wait = doubled.compareTo(backoff.max()) > 0 ? backoff.max() : doubled;
    }

    private static Map<TopicPartition, Long> positions(KafkaConsumer<?, ?> c, List<TopicPartition> partitions) {
        Map<TopicPartition, Long> positions = new LinkedHashMap<>();
        partitions.forEach(p -> positions.put(p, c.position(p)));
        return positions;
    }

    private static boolean reached(KafkaConsumer<?, ?> c, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> target : end.entrySet()) {
            if (c.position(target.getKey()) < target.getValue()) {
                return false;
            }
        }
        return true;
    }
}
