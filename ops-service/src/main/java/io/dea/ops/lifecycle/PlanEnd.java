package io.dea.ops.lifecycle;

import java.time.Instant;
import java.util.Optional;

/**
 * What the lifecycle knows of one plan: its state and when it last changed ({@code updated_at} of
 * the compacted plan state). A plan has ended when its state is one of {@link Ended}.
 */
public record PlanEnd(String planId, String state, Instant updatedAt) {

    /** The states a plan ends in. A COMPLETED plan may still be rolled back: that needs neither its sandbox nor its branch. */
    public enum Ended {
        COMPLETED, FAILED, REJECTED, ROLLED_BACK;

        /** Failed and rejected plans keep their sandbox longer, for a person to see what went wrong. */
        boolean keptForDebugging() {
            return this == FAILED || this == REJECTED;
        }
    }

    /** The end state, or empty while the plan is still going (or waits for a review). */
    public Optional<Ended> ended() {
        for (Ended e : Ended.values()) {
            if (e.name().equals(state)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
