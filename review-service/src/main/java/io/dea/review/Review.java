package io.dea.review;

import io.dea.events.v1.EventMeta;
import io.dea.events.v1.ReviewDecided;
import io.dea.events.v1.ReviewRequested;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One review as this service holds it: what was asked (from ReviewRequested) and, once decided,
 * by whom, when and why (from ReviewDecided). Immutable; the store swaps whole values.
 */
public record Review(
        String id,
        String goalId,
        String planId,
        String traceId,
        String kind,
        String step,
        String taskId,
        int attempt,
        String summary,
        String diff,
        String requiredRole,
        Instant requestedAt,
        ReviewState state,
        String decidedBy,
        Instant decidedAt,
        String comment,
        String action,
        String requestedBy,
        boolean fourEyes) {

    /** A new pending review; the plan id falls back to the record key when the meta has none. */
    static Review requested(ReviewRequested event, String recordKey) {
        EventMeta meta = event.getMeta();
        String planId = meta.getPlanId() != null ? meta.getPlanId() : recordKey;
        return new Review(event.getReviewId(), meta.getGoalId(), planId, meta.getTraceId(), event.getKind(),
                event.getStep(), event.getTaskId(), event.getAttempt(), event.getSummary(), event.getDiff(),
                event.getRequiredRole(), millis(meta.getProducedAt()), ReviewState.PENDING, null, null, null, null,
                event.getRequestedBy(), Boolean.TRUE.equals(event.getFourEyes()));
    }

    Review decided(ReviewDecided decision) {
        ReviewState decidedState = stateOf(decision);
        return new Review(id, goalId, planId, traceId, kind, step, taskId, attempt, summary, diff, requiredRole,
                requestedAt, decidedState, decision.getDecidedBy(), millis(decision.getDecidedAt()),
                decision.getComment(), decision.getAction(), requestedBy, fourEyes);
    }

    static ReviewState stateOf(ReviewDecided decision) {
        return switch (decision.getDecision()) {
            case APPROVED -> ReviewState.APPROVED;
            case REJECTED -> ReviewState.REJECTED;
        };
    }

    boolean pending() {
        return state == ReviewState.PENDING;
    }

    private static Instant millis(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS);
    }
}
