package io.dea.orchestrator.stream;

import io.dea.events.v1.RunRequested;
import io.dea.platform.kafka.Topics;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each run request on to {@link Topics#RUNS_ROUTED} keyed by its goal id, partitioned by Kafka
 * Streams like the goal's plan was: a client may have keyed it otherwise, or hashed its key with
 * another partitioner (librdkafka's default is not Java's). Anything else is dropped with a log line.
 */
final class RunRouting implements Processor<String, Object, String, Object> {

    private static final Logger log = LoggerFactory.getLogger(RunRouting.class);

    private ProcessorContext<String, Object> context;

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, Object> record) {
        if (record.value() instanceof RunRequested run && run.getGoalId() != null && !run.getGoalId().isBlank()) {
            context.forward(record.withKey(run.getGoalId()), OrchestratorTopology.RUNS_ROUTED_SINK);
        } else {
            log.warn("ignoring a {} on the run request topic: only a RunRequested naming its goal is accepted there",
                    record.value() == null ? "tombstone" : record.value().getClass().getSimpleName());
        }
    }
}
