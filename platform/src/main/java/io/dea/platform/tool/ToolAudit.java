package io.dea.platform.tool;

import io.dea.events.v1.EventMeta;
import io.dea.events.v1.ToolCallAudited;
import io.dea.platform.event.EventFactory;
import io.dea.platform.kafka.Topics;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Records every tool call (who, what, when, outcome) as an event on the audit topic. The call's own
 * result or exception passes through unchanged; the audit never decides the outcome.
 */
public final class ToolAudit {

    private static final Logger log = LoggerFactory.getLogger(ToolAudit.class);
    private static final int MAX_TEXT = 8_000;

    private final KafkaTemplate<String, Object> kafka;
    private final EventFactory events;

    public ToolAudit(KafkaTemplate<String, Object> kafka, EventFactory events) {
        this.kafka = kafka;
        this.events = events;
    }

    public <T> T call(Caller caller, String tool, String arguments, ToolCall<T> call) throws Exception {
        Instant started = Instant.now();
        try {
            T result = call.run();
            record(caller, tool, arguments, started, "ok", null);
            return result;
        } catch (Exception e) {
            record(caller, tool, arguments, started, "error", e.getMessage());
            throw e;
        }
    }

    private void record(Caller caller, String tool, String arguments, Instant started, String outcome, String detail) {
        EventMeta meta = events.follow(caller.cause());
        ToolCallAudited audit = ToolCallAudited.newBuilder()
                .setMeta(meta)
                .setTaskId(caller.taskId())
                .setAttempt(caller.attempt())
                .setAgent(caller.agent())
                .setTool(tool)
                .setArguments(clip(arguments))
                .setStartedAt(started)
                .setDurationMs(Duration.between(started, Instant.now()).toMillis())
                .setOutcome(outcome)
                .setDetail(detail == null ? null : clip(detail))
                .build();
        kafka.send(Topics.AUDIT, meta.getPlanId(), audit).whenComplete((ok, error) -> {
            if (error != null) {
                log.error("could not publish the audit of {} for task {}: {}", tool, caller.taskId(), error.getMessage());
            }
        });
    }

    private static String clip(String text) {
        return text == null || text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "...";
    }

    /** Who is calling: the agent, the task and the event that caused the call. */
    public record Caller(String agent, String taskId, int attempt, EventMeta cause) {
    }

    @FunctionalInterface
    public interface ToolCall<T> {
        T run() throws Exception;
    }
}
