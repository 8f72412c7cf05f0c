package io.dea.orchestrator.plan;

import io.dea.events.v1.PlanEventType;
import io.dea.platform.review.ReviewKind;

/** What the plan machine asks the Kafka side to publish after a change. */
public sealed interface Command {

    /** Send the step's task (its current attempt) to its agent. */
    record Dispatch(Step step) implements Command {
    }

    /** Open a review gate for the step; with {@code fourEyes} the goal's requester may not decide it. */
    record OpenReview(Step step, ReviewKind kind, String summary, String diff, boolean fourEyes) implements Command {

        /** The role the kind requires: the orchestrator's, whatever role an agent's result named. */
        public String requiredRole() {
            return kind.requiredRole();
        }
    }

    /** Announce a change of the plan on the plan events topic. */
    record Announce(PlanEventType type, String step, String reason) implements Command {
    }
}
