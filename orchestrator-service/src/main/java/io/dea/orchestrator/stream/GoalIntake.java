package io.dea.orchestrator.stream;

import io.dea.events.v1.GoalRejected;
import io.dea.events.v1.GoalRequested;
import io.dea.events.v1.PlanEvent;
import io.dea.events.v1.PlanEventType;
import io.dea.events.v1.PlanState;
import io.dea.orchestrator.plan.GoalValidator;
import io.dea.orchestrator.plan.PlanStatus;
import io.dea.platform.event.EventFactory;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First stop of every goal: validate it, then either re-key it by plan id for the plan processor
 * or answer it with a rejection listing every reason (and a REJECTED plan state, so that status
 * shows why). Either way the record is consumed: a bad goal never stops the partition.
 */
final class GoalIntake implements Processor<String, Object, String, Object> {

    private static final Logger log = LoggerFactory.getLogger(GoalIntake.class);

    private final GoalValidator validator;
    private final EventFactory events;
    private final StreamTracing tracing;
    private ProcessorContext<String, Object> context;

    GoalIntake(GoalValidator validator, EventFactory events, StreamTracing tracing) {
        this.validator = validator;
        this.events = events;
        this.tracing = tracing;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, Object> record) {
        Span span = tracing.startFrom("goal intake", record.headers());
        try (Scope ignored = span.makeCurrent()) {
            intake(record, span);
        } finally {
            span.end();
        }
    }

    private void intake(Record<String, Object> record, Span span) {
        if (!(record.value() instanceof GoalRequested goal)) {
            log.warn("ignoring a {} on the request topic: only GoalRequested is accepted there",
                    record.value() == null ? "tombstone" : record.value().getClass().getSimpleName());
            return;
        }
        span.setAttribute("dea.goal_id", String.valueOf(goal.getGoalId()));
        List<String> reasons = validator.reasons(goal.getGoalId(), goal.getSpec());
        if (reasons.isEmpty()) {
            context.forward(record.withKey(goal.getGoalId()).withHeaders(traced(record.headers())), OrchestratorTopology.ACCEPTED_SINK);
            return;
        }
        span.setStatus(StatusCode.ERROR, "rejected");
        String goalId = goal.getGoalId() == null || goal.getGoalId().isBlank() ? "invalid-" + UUID.randomUUID() : goal.getGoalId();
        log.info("goal {} rejected: {}", goalId, reasons);
        var meta = events.meta(UUID.randomUUID().toString(), goalId, goalId);
        long now = context.currentSystemTimeMs();
        String reason = String.join("; ", reasons);
        context.forward(new Record<>(goalId, (Object) new GoalRejected(meta, reasons), now, traced(null)), OrchestratorTopology.REJECTIONS_SINK);
        context.forward(new Record<>(goalId, (Object) new PlanEvent(meta, PlanEventType.REJECTED, PlanStatus.REJECTED.name(), null, reason), now, traced(null)),
                OrchestratorTopology.PLAN_EVENTS_SINK);
        PlanState state = PlanState.newBuilder()
                .setMeta(meta).setGoal(goal.getSpec()).setRequestedBy(goal.getRequestedBy())
                .setState(PlanStatus.REJECTED.name()).setReason(reason).setBranch("")
                .setCreatedAt(Instant.ofEpochMilli(now)).setUpdatedAt(Instant.ofEpochMilli(now)).setSteps(List.of())
                .build();
        context.forward(new Record<>(goalId, (Object) state, now, traced(null)), OrchestratorTopology.PLAN_STATE_SINK);
    }

    /** The given headers (or none) with the current span as their trace. */
    private Headers traced(Headers headers) {
        Headers copy = new RecordHeaders(headers == null ? new org.apache.kafka.common.header.Header[0] : headers.toArray());
        tracing.inject(copy);
        return copy;
    }
}
