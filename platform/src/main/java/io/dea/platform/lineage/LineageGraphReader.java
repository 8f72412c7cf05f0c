package io.dea.platform.lineage;

import io.dea.events.v1.PlanKind;
import io.dea.events.v1.PlanState;
import io.dea.platform.avro.SchemaRegistryClient;
import io.dea.platform.kafka.TopicReplica;
import io.dea.platform.kafka.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads {@code dea.lineage} from the beginning into a {@link LineageGraph} with a {@link TopicReplica}
 * (every partition, no consumer group, nothing committed: the topic is the state), and with a plan-state
 * decoder also {@code dea.plan.state}, so runs of rolled-back plans stop counting. The CLI reads to the end
 * once ({@link #readAll}); the review service keeps following ({@link #start}). A lineage record
 * OpenLineage cannot read, or a plan state that cannot be decoded, is counted and skipped: one bad record
 * must not hide the rest. Only a registry that cannot be reached makes it wait and read the record again.
 */
public final class LineageGraphReader implements TopicReplica.Sink<String, byte[]>, AutoCloseable {

    private static final TopicReplica.Backoff RETRY = new TopicReplica.Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10));

    private final LineageGraph graph = new LineageGraph();
    private final Map<String, PlanState> plans = new ConcurrentHashMap<>();
    private final Deserializer<Object> planStates;
    private final AtomicLong skipped = new AtomicLong();
    private final TopicReplica<String, byte[]> replica;

    /**
     * @param consumerConfig bootstrap servers, security and client id of the reader
     * @param planStates     the Avro decoder of plan states, configured; null to read lineage only
     */
    public LineageGraphReader(String name, Map<String, Object> consumerConfig, Deserializer<Object> planStates) {
        this.planStates = planStates;
        Map<String, Object> config = new HashMap<>(consumerConfig);
        // The orchestrator writes plan states in transactions: an aborted one never happened.
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<String> topics = planStates == null ? List.of(Topics.LINEAGE) : List.of(Topics.LINEAGE, Topics.PLAN_STATE);
        this.replica = new TopicReplica<>(name, topics, config, new StringDeserializer(), new ByteArrayDeserializer(), this, RETRY);
    }

    /** Reads the topics as they are now and stops; fails when they cannot be read to their end within {@code timeout}. */
    public static LineageGraph readAll(Map<String, Object> consumerConfig, Deserializer<Object> planStates, Duration timeout)
            throws InterruptedException {
        try (LineageGraphReader reader = new LineageGraphReader("dea-lineage-read", consumerConfig, planStates)) {
            reader.start();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!reader.isCaughtUp() && reader.failure() == null && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            if (reader.failure() != null) {
                throw new IllegalStateException("could not read " + Topics.LINEAGE + ": " + reader.failure().getMessage());
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

    /** The plan states read so far, by plan id (followed to know which plans were rolled back); null when not asked to read them. */
    public Map<String, PlanState> planStates() {
        return planStates == null ? null : java.util.Collections.unmodifiableMap(plans);
    }

    public boolean isCaughtUp() {
        return replica.isCaughtUp();
    }

    /** Why reading stopped (a refused ACL, say); null while it follows. */
    public Throwable failure() {
        return replica.failure();
    }

    /** Records skipped because they were no RunEvent or no plan state. */
    public long skipped() {
        return skipped.get();
    }

    @Override
    public boolean apply(ConsumerRecord<String, byte[]> record) {
        if (Topics.PLAN_STATE.equals(record.topic())) {
            return applyPlanState(record);
        }
        if (record.value() != null && !graph.add(record.key(), new String(record.value(), StandardCharsets.UTF_8))) {
            skipped.incrementAndGet();
        }
        return true;
    }

    private boolean applyPlanState(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            plans.remove(record.key());
        } else {
            try {
                if (planStates.deserialize(record.topic(), record.value()) instanceof PlanState state) {
                    plans.put(record.key(), state);
                    if (!mayUndo(state)) {
                        return true;
                    }
                } else {
                    skipped.incrementAndGet();
                }
            } catch (RuntimeException e) {
                if (registryUnavailable(e)) {
                    return false;
                }
                skipped.incrementAndGet();
            }
        }
        graph.rolledBack(LineageGraph.undonePlans(new ArrayList<>(plans.values())));
        return true;
    }

    /** Only a rolled-back goal or a run (of a goal that may be rolled back) changes which plans are undone. */
    private static boolean mayUndo(PlanState state) {
        return state.getKind() == PlanKind.RUN || "ROLLED_BACK".equals(state.getState());
    }

    private static boolean registryUnavailable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SchemaRegistryClient.RegistryException registry && (registry.status() == 0 || registry.status() >= 500)) {
                return true;
            }
        }
        return false;
    }
}
