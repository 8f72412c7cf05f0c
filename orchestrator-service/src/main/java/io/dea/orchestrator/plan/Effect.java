package io.dea.orchestrator.plan;

import io.dea.events.v1.PlanEventType;
import io.dea.platform.review.ReviewKind;

/** An output of the plan machine: what the Kafka side publishes after a change (the machine decides, the processor sends). */
public sealed interface Effect {

    /** Send the step's task (its current attempt) to its agent. */
    record Dispatch(Step step) implements Effect {
    }

    /** Open a review gate for the step; with {@code fourEyes} the goal's requester may not decide it. */
    record OpenReview(Step step, ReviewKind kind, String summary, String diff, boolean fourEyes) implements Effect {

        /** The role the kind requires: the orchestrator's, whatever role an agent's result named. */
        public String requiredRole() {
            return kind.requiredRole();
        }
    }

    /** Announce a change of the plan on the plan events topic. */
    record Announce(PlanEventType type, String step, String reason) implements Effect {
    }
}
