package io.dea.orchestrator.plan;

import io.dea.events.v1.PlanEventType;

/** What the plan machine asks the Kafka side to publish after a change. */
public sealed interface Command {

    /** Send the step's task (its current attempt) to its agent. */
    record Dispatch(Step step) implements Command {
    }

    /** Open a review gate for the step; with {@code fourEyes} the goal's requester may not decide it. */
    record OpenReview(Step step, String kind, String summary, String diff, String requiredRole, boolean fourEyes) implements Command {
    }

    /** Announce a change of the plan on the plan events topic. */
    record Announce(PlanEventType type, String step, String reason) implements Command {
    }
}
