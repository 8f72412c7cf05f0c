package io.dea.orchestrator.plan;

/** Where one step of a plan stands. */
public enum StepStatus {
    PENDING, RUNNING, RETRY_WAIT, AWAITING_REVIEW, SUCCEEDED, SKIPPED, FAILED;

    public boolean done() {
        return this == SUCCEEDED || this == SKIPPED;
    }
}
