package io.dea.platform.tool;

import io.dea.events.v1.EventMeta;
import io.dea.events.v1.ToolCallAudited;
import io.dea.platform.event.EventFactory;
import io.dea.platform.kafka.Topics;
import java.time.Duration;
import java.time.Instant;
import io.dea.platform.event.EventSink;

/**
 * Records every tool call (who, what, when, outcome) as an event on the audit topic. The call's own
 * result or exception passes through unchanged; the audit never decides the outcome.
 */
public final class ToolAudit {

    private static final int MAX_TEXT = 8_000;

    private final EventSink sink;
    private final EventFactory events;

    public ToolAudit(EventSink sink, EventFactory events) {
        this.sink = sink;
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
        sink.send(Topics.AUDIT, meta.getPlanId(), audit);
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
