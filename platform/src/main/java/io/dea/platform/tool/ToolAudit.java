package io.dea.platform.tool;

import io.dea.events.v1.EventMeta;
import io.dea.events.v1.ToolCallAudited;
import io.dea.platform.event.EventFactory;
import io.dea.platform.event.EventSink;
import io.dea.platform.kafka.Topics;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.time.Instant;

/**
 * Records every tool call (who, what, when, outcome) as an event on the audit topic. The call's own
 * result or exception passes through unchanged; the audit never decides the outcome.
 *
 * <p>Each call is also an observation named {@code dea.tool}: a span in the task's trace and a
 * timer tagged with agent and tool ({@code dea_tool_seconds} in Prometheus).
 *
 * <p>A tool is named {@code <area>.<what>}: the system it touches, then the operation, e.g.
 * {@code warehouse.sql}, {@code warehouse.profile}, {@code fs.find}, {@code fs.read}, {@code git.commit},
 * {@code dbt.run}, {@code http.get}, {@code bigquery.dry_run}. The names are the audit's and the metric's
 * vocabulary, so one system keeps one area name whatever library reaches it.
 */
public final class ToolAudit {

    private static final int MAX_TEXT = 8_000;

    private final EventSink sink;
    private final EventFactory events;
    private final ObservationRegistry observations;

    public ToolAudit(EventSink sink, EventFactory events) {
        this(sink, events, ObservationRegistry.NOOP);
    }

    public ToolAudit(EventSink sink, EventFactory events, ObservationRegistry observations) {
        this.sink = sink;
        this.events = events;
        this.observations = observations;
    }

    public <T> T call(Caller caller, String tool, String arguments, ToolCall<T> call) throws Exception {
        return call(caller, tool, arguments, call, result -> null);
    }

    /** A call whose result is also recorded in the audit's typed {@code llm} field (a language model's answer). */
    public <T> T call(Caller caller, String tool, String arguments, ToolCall<T> call,
                      java.util.function.Function<T, io.dea.events.v1.LlmCall> llm) throws Exception {
        Instant started = Instant.now();
        Observation observation = Observation.createNotStarted("dea.tool", observations)
                .contextualName(tool)
                .lowCardinalityKeyValue("agent", caller.agent())
                .lowCardinalityKeyValue("tool", tool)
                .highCardinalityKeyValue("dea.task_id", caller.taskId())
                .highCardinalityKeyValue("dea.goal_id", String.valueOf(caller.cause().getGoalId()))
                .start();
        try (Observation.Scope ignored = observation.openScope()) {
            T result = call.run();
            record(caller, tool, arguments, started, "ok", null, llm.apply(result));
            return result;
        } catch (Exception e) {
            observation.error(e);
            record(caller, tool, arguments, started, "error", e.getMessage(), null);
            throw e;
        } finally {
            observation.stop();
        }
    }

    private void record(Caller caller, String tool, String arguments, Instant started, String outcome, String detail,
                        io.dea.events.v1.LlmCall llm) {
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
                .setLlm(llm)
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
