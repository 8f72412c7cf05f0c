package io.dea.orchestrator.plan;

import io.dea.events.v1.GoalSpec;
import io.dea.events.v1.PlanKind;
import io.dea.events.v1.StepKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A goal's plan, or a run of an applied goal ({@link PlanKind#RUN}): its steps and where each
 * stands. The plan's state is derived from the steps; only the endings a step cannot express
 * (rejected by a person or refused, rolled back) are kept apart.
 */
public final class Plan {

    final String planId;
    final String goalId;
    final String traceId;
    final String requestedBy;
    /** The goal; a goal given in words becomes the structured goal a person approved. */
    GoalSpec goal;
    final String branch;
    String environment;
    final long createdAt;
    long updatedAt;
    final List<Step> steps;
    PlanStatus ending;
    String reason;
    PlanKind kind = PlanKind.GOAL;
    /** For a run: what started it, for people. */
    String trigger;
    /** For a run: the approval of the goal's apply, which every write of the run runs under. */
    String runApproval;

    public Plan(String planId, String goalId, String traceId, String requestedBy, GoalSpec goal, String branch,
                String environment, long createdAt, List<Step> steps) {
        this.planId = planId;
        this.goalId = goalId;
        this.traceId = traceId;
        this.requestedBy = requestedBy;
        this.goal = goal;
        this.branch = branch;
        this.environment = environment;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
        this.steps = new ArrayList<>(steps);
    }

    public PlanStatus status() {
        if (ending != null) {
            return ending;
        }
        if (steps.stream().anyMatch(s -> s.status == StepStatus.FAILED)) {
            return PlanStatus.FAILED;
        }
        if (steps.stream().allMatch(s -> s.status.done())) {
            return PlanStatus.COMPLETED;
        }
        if (steps.stream().anyMatch(s -> s.status == StepStatus.AWAITING_REVIEW)) {
            return PlanStatus.AWAITING_REVIEW;
        }
        if (steps.stream().allMatch(s -> s.status == StepStatus.PENDING)) {
            return PlanStatus.PLANNING;
        }
        return PlanStatus.RUNNING;
    }

    public Optional<Step> step(String name) {
        return steps.stream().filter(s -> s.name.equals(name)).findFirst();
    }

    /** The step of a kind that occurs once per plan (every kind but INGEST), e.g. the apply. */
    public Optional<Step> step(StepKind kind) {
        return steps.stream().filter(s -> s.kind == kind).findFirst();
    }

    /**
     * The approval a step's writes run under (TaskRequested.write_approval): its own, or for a
     * backfill the approval of the plan's apply, since a backfill rebuilds, in the environment that
     * was approved, what that apply built; for a run, the approval of the goal's apply, since a run
     * rebuilds what it approved. Null when nobody approved: the agent writes as unapproved.
     */
    public String writeApproval(Step step) {
        if (kind == PlanKind.RUN) {
            return runApproval;
        }
        if (step.approvedBy != null || step.kind != StepKind.BACKFILL) {
            return step.approvedBy;
        }
        return step(StepKind.APPLY).filter(apply -> apply.status == StepStatus.SUCCEEDED).map(apply -> apply.approvedBy).orElse(null);
    }

    public Optional<Step> stepWithReview(String reviewId) {
        return steps.stream().filter(s -> reviewId.equals(s.reviewId)).findFirst();
    }

    /** Steps not started whose every dependency is done. */
    public List<Step> ready() {
        return steps.stream()
                .filter(s -> s.status == StepStatus.PENDING)
                .filter(s -> s.dependsOn.stream().allMatch(d -> step(d).map(x -> x.status.done()).orElse(false)))
                .toList();
    }

    public String planId() {
        return planId;
    }

    public String goalId() {
        return goalId;
    }

    public String traceId() {
        return traceId;
    }

    public GoalSpec goal() {
        return goal;
    }

    public String branch() {
        return branch;
    }

    public String environment() {
        return environment;
    }

    public List<Step> steps() {
        return steps;
    }

    public String reason() {
        return reason;
    }

    public String requestedBy() {
        return requestedBy;
    }

    public PlanKind kind() {
        return kind;
    }

    public String trigger() {
        return trigger;
    }

    /** A plan that ended before it started: a refused run. */
    void refuse(String why) {
        ending = PlanStatus.REJECTED;
        reason = why;
    }
}
