package io.dea.orchestrator.plan;

import java.util.Arrays;

/** A plan's state as docs/interface.md names it; derived from its steps except for the explicit endings. */
public enum PlanStatus {
    PLANNING, RUNNING, AWAITING_REVIEW, COMPLETED, FAILED, REJECTED, ROLLED_BACK;

    public boolean terminal() {
        return this == COMPLETED || this == FAILED || this == REJECTED || this == ROLLED_BACK;
    }

    /** Whether a state as it is written on the wire (PlanState.state) ends the plan; an unknown name does not. */
    public static boolean terminal(String state) {
        return Arrays.stream(values()).anyMatch(s -> s.name().equals(state) && s.terminal());
    }
}
