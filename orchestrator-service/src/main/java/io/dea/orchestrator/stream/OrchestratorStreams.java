package io.dea.orchestrator.stream;

import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;

/** Runs the topology for the life of the application and reports its state as health. */
public final class OrchestratorStreams implements SmartLifecycle, HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(OrchestratorStreams.class);

    private final Topology topology;
    private final Properties config;
    private volatile KafkaStreams streams;

    public OrchestratorStreams(Topology topology, Properties config) {
        this.topology = topology;
        this.config = config;
    }

    @Override
    public void start() {
        streams = new KafkaStreams(topology, config);
        streams.setUncaughtExceptionHandler(e -> {
            log.error("orchestrator stream thread failed; replacing it", e);
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.start();
    }

    @Override
    public void stop() {
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

    public KafkaStreams.State state() {
        return streams == null ? KafkaStreams.State.CREATED : streams.state();
    }
}
