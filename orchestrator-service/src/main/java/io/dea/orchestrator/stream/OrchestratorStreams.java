package io.dea.orchestrator.stream;

import io.dea.events.v1.PlanState;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the topology for the life of the application, reports its state as health and its clients'
 * metrics (consumer lag among them) to Micrometer.
 */
public final class OrchestratorStreams implements SmartLifecycle, HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(OrchestratorStreams.class);

    private final Topology topology;
    private final Properties config;
    private final MeterRegistry meters;
    private volatile KafkaStreams streams;
    private KafkaStreamsMetrics metrics;
    private static final long COUNT_EVERY_MS = 5_000;
    private Map<String, Long> planCounts = Map.of();
    private long countedAt;

    public OrchestratorStreams(Topology topology, Properties config, MeterRegistry meters) {
        this.topology = topology;
        this.config = config;
        this.meters = meters;
    }

    @Override
    public void start() {
        streams = new KafkaStreams(topology, config);
        streams.setUncaughtExceptionHandler(e -> {
            log.error("orchestrator stream thread failed; replacing it", e);
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        metrics = new KafkaStreamsMetrics(streams);
        metrics.bindTo(meters);
        streams.start();
    }

    @Override
    public void stop() {
        if (metrics != null) {
            metrics.close();
        }
        if (streams != null) {
            // Leave the group on the way out, so a replacement (or a restart) gets the partitions at
            // once instead of after the session timeout.
            streams.close(CloseOptions.timeout(Duration.ofSeconds(20))
                    .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        }
    }

    @Override
    public boolean isRunning() {
        return streams != null && streams.state().isRunningOrRebalancing();
    }

    @Override
    public Health health() {
        if (streams == null) {
            return Health.down().withDetail("streams", "not started").build();
        }
        KafkaStreams.State state = streams.state();
        return (state == KafkaStreams.State.RUNNING ? Health.up() : Health.down()).withDetail("streams", state.name()).build();
    }

    /** The stream tasks (one per partition of the plan topics) this instance runs now. */
    public int activeTasks() {
        return streams == null ? 0 : streams.metadataForLocalThreads().stream().mapToInt(t -> t.activeTasks().size()).sum();
    }

    /**
     * How many plans this instance holds in each plan state (its partitions only), counted at most
     * once every few seconds however often it is asked (one gauge per state asks on every scrape).
     */
    public synchronized Map<String, Long> planCounts() {
        long now = System.currentTimeMillis();
        if (now - countedAt > COUNT_EVERY_MS) {
            planCounts = countPlans();
            countedAt = now;
        }
        return planCounts;
    }

    private Map<String, Long> countPlans() {
        Map<String, Long> counts = new TreeMap<>();
        if (streams == null || streams.state() != KafkaStreams.State.RUNNING) {
            return counts;
        }
        try {
            ReadOnlyKeyValueStore<String, PlanState> plans = streams.store(StoreQueryParameters.fromNameAndType(
                    OrchestratorTopology.PLANS_STORE, QueryableStoreTypes.<String, PlanState>keyValueStore()));
            try (KeyValueIterator<String, PlanState> all = plans.all()) {
                all.forEachRemaining(entry -> counts.merge(entry.value.getState(), 1L, Long::sum));
            }
            return counts;
        } catch (InvalidStateStoreException rebalancing) {
            return planCounts;
        }
    }

    public KafkaStreams.State state() {
        return streams == null ? KafkaStreams.State.CREATED : streams.state();
    }
}
