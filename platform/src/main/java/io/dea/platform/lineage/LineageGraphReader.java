package io.dea.platform.lineage;

import io.dea.platform.kafka.TopicReplica;
import io.dea.platform.kafka.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads {@code dea.lineage} from the beginning into a {@link LineageGraph} with a {@link TopicReplica}
 * (every partition, no consumer group, nothing committed: the topic is the state). The CLI reads it to
 * its end once ({@link #readAll}); the review service keeps following it ({@link #start}).
 * A record OpenLineage cannot read is counted and skipped: lineage is JSON any producer may have
 * written, and one bad record must not hide the rest.
 */
public final class LineageGraphReader implements TopicReplica.Sink<String, String>, AutoCloseable {

    private static final TopicReplica.Backoff RETRY = new TopicReplica.Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10));

    private final LineageGraph graph = new LineageGraph();
    private final AtomicLong skipped = new AtomicLong();
    private final TopicReplica<String, String> replica;

    /** @param consumerConfig bootstrap servers, security and client id of the reader */
    public LineageGraphReader(String name, Map<String, Object> consumerConfig) {
        this.replica = new TopicReplica<>(name, List.of(Topics.LINEAGE), consumerConfig, new StringDeserializer(), new StringDeserializer(),
                this, RETRY);
    }

    /** Reads the whole topic as it is now and stops. */
    public static LineageGraph readAll(Map<String, Object> consumerConfig, Duration timeout) throws InterruptedException {
        try (LineageGraphReader reader = new LineageGraphReader("dea-lineage-read", consumerConfig)) {
            reader.start();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!reader.isCaughtUp() && System.nanoTime() < deadline) {
                if (reader.failure() != null) {
                    throw new IllegalStateException("could not read " + Topics.LINEAGE + ": " + reader.failure().getMessage());
                }
                Thread.sleep(100);
            }
            if (!reader.isCaughtUp()) {
                throw new IllegalStateException("could not read " + Topics.LINEAGE + " to its end within " + timeout.toSeconds() + " s");
            }
            return reader.graph();
        }
    }

    public void start() {
        replica.start();
    }

    @Override
    public void close() {
        replica.close();
    }

    /** The graph as read so far. */
    public LineageGraph graph() {
        return graph;
    }

    public boolean isCaughtUp() {
        return replica.isCaughtUp();
    }

    /** Why reading stopped (a refused ACL, say); null while it follows. */
    public Throwable failure() {
        return replica.failure();
    }

    /** Records skipped because they were not OpenLineage RunEvents. */
    public long skipped() {
        return skipped.get();
    }

    @Override
    public boolean apply(ConsumerRecord<String, String> record) {
        if (record.value() != null && !graph.add(record.key(), record.value())) {
            skipped.incrementAndGet();
        }
        return true;
    }
}
