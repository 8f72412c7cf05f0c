package io.dea.orchestrator.plan;

/** A plan's state as docs/interface.md names it; derived from its steps except for the explicit endings. */
public enum PlanStatus {
    PLANNING, RUNNING, AWAITING_REVIEW, COMPLETED, FAILED, REJECTED, ROLLED_BACK;

    public boolean terminal() {
        return this == COMPLETED || this == FAILED || this == REJECTED || this == ROLLED_BACK;
    }
}
