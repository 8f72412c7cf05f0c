package io.dea.review;

import io.dea.platform.avro.ConfluentAvroDeserializer;
import io.dea.platform.config.DeaProperties;
import io.dea.platform.lineage.LineageGraphReader;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * This replica's copy of {@code dea.lineage} and {@code dea.plan.state}, read from the beginning with a
 * {@link LineageGraphReader} (no consumer group, like the review topics) for as long as it runs: the
 * lineage graph and every plan's latest state, which the lineage and plan endpoints answer from.
 */
@Component
public class FollowedTopics implements SmartLifecycle {

    private final KafkaProperties kafka;
    private final DeaProperties dea;
    private volatile LineageGraphReader reader;
    private volatile boolean running;

    public FollowedTopics(KafkaProperties kafka, DeaProperties dea) {
        this.kafka = kafka;
        this.dea = dea;
    }

    /** The reader once it has read the topics to their end; otherwise a 503 that says why, naming what the caller asked about. */
    LineageGraphReader caughtUp(String topic) {
        LineageGraphReader r = reader;
        if (r == null || r.failure() != null) {
            throw new ApiErrors.ReviewException(HttpStatus.SERVICE_UNAVAILABLE, "this replica cannot read " + topic + " (see its log)");
        }
        if (!r.isCaughtUp()) {
            throw new ApiErrors.ReviewException(HttpStatus.SERVICE_UNAVAILABLE, "still reading " + topic + ": ask again in a moment");
        }
        return r;
    }

    @Override
    public void start() {
        Map<String, Object> config = kafka.buildConsumerProperties();
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "review-lineage-" + dea.instanceId());
        ConfluentAvroDeserializer planStates = new ConfluentAvroDeserializer();
        planStates.configure(config, false);
        LineageGraphReader started = new LineageGraphReader("dea-review-lineage", config, planStates);
        started.start();
        reader = started;
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        LineageGraphReader r = reader;
        if (r != null) {
            r.close();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
