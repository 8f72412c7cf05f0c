package io.dea.platform.lineage;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClientUtils;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serializes OpenLineage run events with OpenLineage's own serializer and hands them to a sink,
 * keyed by plan id. Lineage is a by-product of a task, never its outcome: anything that goes wrong
 * while building or sending an event is logged and counted ({@value #FAILED}), and never thrown.
 */
public final class LineageEmitter {

    private static final Logger log = LoggerFactory.getLogger(LineageEmitter.class);

    /** Events that could not be built or sent. */
    public static final String FAILED = "dea.lineage.failed";
    /** Events handed to the sink. */
    public static final String EMITTED = "dea.lineage.emitted";
    /** The namespace of every job this system runs. */
    public static final String JOB_NAMESPACE = "dea";
    /** Who produced the events, as OpenLineage asks every event to say. */
    public static final URI PRODUCER = URI.create("urn:dea:dataengineering-agents:platform");

    private final OpenLineage openLineage = new OpenLineage(PRODUCER);
    private final LineageSink sink;
    private final MeterRegistry meters;

    public LineageEmitter(LineageSink sink, MeterRegistry meters) {
        this.sink = sink;
        this.meters = meters;
        meters.counter(FAILED);
        meters.counter(EMITTED);
    }

    /** Emits nothing: for code paths (and tests) that have no lineage topic. */
    public static LineageEmitter none() {
        return new LineageEmitter(LineageSink.NONE, new SimpleMeterRegistry());
    }

    /** The factory of OpenLineage's model classes, stamped with our producer. */
    public OpenLineage openLineage() {
        return openLineage;
    }

    /**
     * A run id that is the same every time the same attempt of the same task is handled, so a
     * re-delivered task emits events for the same run instead of inventing a new one.
     */
    public static UUID runId(String taskId, int attempt, String... parts) {
        StringBuilder seed = new StringBuilder("dea:").append(taskId).append('#').append(attempt);
        for (String part : parts) {
            seed.append('/').append(part);
        }
        return UUID.nameUUIDFromBytes(seed.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Builds the events of {@code what} and sends them; a failure anywhere is logged and counted. */
    public void emit(String planId, String what, Supplier<List<OpenLineage.RunEvent>> events) {
        List<OpenLineage.RunEvent> built;
        try {
            built = events.get();
        } catch (RuntimeException e) {
            failed(what, e);
            return;
        }
        for (OpenLineage.RunEvent event : built) {
            try {
                sink.send(planId, OpenLineageClientUtils.toJson(event)).whenComplete((ok, error) -> {
                    if (error != null) {
                        failed(what, error);
                    }
                });
                meters.counter(EMITTED).increment();
            } catch (RuntimeException e) {
                failed(what, e);
            }
        }
    }

    private void failed(String what, Throwable error) {
        meters.counter(FAILED).increment();
        log.warn("lineage of {} was not emitted: {}", what, error.toString());
    }
}
