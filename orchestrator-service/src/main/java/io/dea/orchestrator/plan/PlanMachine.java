package io.dea.orchestrator.plan;

import io.dea.platform.step.StepOutputs;
import io.dea.platform.step.Outputs;
import io.dea.events.v1.Decision;
import io.dea.events.v1.GoalSpec;
import io.dea.events.v1.PlanEventType;
import io.dea.events.v1.PlanKind;
import io.dea.events.v1.ReviewDecided;
import io.dea.events.v1.ReviewNeed;
import io.dea.events.v1.RollbackRequested;
import io.dea.events.v1.StepKind;
import io.dea.events.v1.TaskProgress;
import io.dea.events.v1.TaskResult;
import io.dea.platform.goal.GoalYaml;
import io.dea.platform.review.ReviewKind;
import io.dea.platform.step.StepRef;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The orchestrator's decisions, free of Kafka: given a plan and what just happened (a result, a
 * decision, a heartbeat, the clock), change the plan and say what to publish. Every handler checks
 * first that the event answers the step's current attempt, so duplicates, results out of order and
 * results after a timeout change nothing.
 */
public final class PlanMachine {

    public static final ReviewKind ESCALATION = ReviewKind.ESCALATION;
    /** The step a rollback request adds to a completed plan. */
    public static final String ROLLBACK = StepRef.nameOf(StepKind.ROLLBACK);

    private final int maxAttempts;
    private final Duration backoff;
    private final Duration taskTimeout;
    private final DecisionCheck decisions;
    private final GoalAdoption adoption;

    public PlanMachine(int maxAttempts, Duration backoff, Duration taskTimeout) {
        this(maxAttempts, backoff, taskTimeout, DecisionCheck.prodFourEyes());
    }

    public PlanMachine(int maxAttempts, Duration backoff, Duration taskTimeout, DecisionCheck decisions) {
        this(maxAttempts, backoff, taskTimeout, decisions, GoalAdoption.NONE);
    }

    public PlanMachine(int maxAttempts, Duration backoff, Duration taskTimeout, DecisionCheck decisions, GoalAdoption adoption) {
        this.maxAttempts = maxAttempts;
        this.backoff = backoff;
        this.taskTimeout = taskTimeout;
        this.decisions = decisions;
        this.adoption = adoption;
    }

    public Duration taskTimeout() {
        return taskTimeout;
    }

    public List<Effect> start(Plan plan, long now) {
        List<Effect> effects = new ArrayList<>();
        if (plan.status() == PlanStatus.REJECTED) {
            effects.add(new Effect.Announce(PlanEventType.REJECTED, null, plan.reason));
            return effects;
        }
        effects.add(new Effect.Announce(PlanEventType.CREATED, null, null));
        dispatchReady(plan, now, effects);
        return effects;
    }

    public List<Effect> onResult(Plan plan, TaskResult result, long now) {
        List<Effect> effects = new ArrayList<>();
        Step step = plan.step(result.getStep()).orElse(null);
        if (step == null || plan.status().terminal() || step.status != StepStatus.RUNNING
                || step.attempt != result.getAttempt() || !result.getTaskId().equals(step.taskId)) {
            return effects; // a duplicate, a stale attempt or a result after a timeout: already decided
        }
        plan.updatedAt = now;
        step.summary = result.getSummary();
        switch (result.getOutcome()) {
            case SUCCEEDED -> {
                step.outputs.putAll(result.getOutputs());
                step.artifacts.removeIf(a -> result.getArtifacts().stream().anyMatch(b -> b.getPath().equals(a.getPath())));
                step.artifacts.addAll(result.getArtifacts());
                step.error = null;
                if (step.kind == StepKind.ROLLBACK) {
                    step.end(StepStatus.SUCCEEDED, now);
                    plan.ending = PlanStatus.ROLLED_BACK;
                    plan.reason = "rolled back by " + step.approvedBy + ": " + result.getSummary();
                    effects.add(new Effect.Announce(PlanEventType.ROLLED_BACK, step.name, plan.reason));
                } else if (result.getReview() != null && step.approvedBy == null) {
                    openReview(plan, step, result.getReview(), now, effects);
                } else {
                    step.end(StepStatus.SUCCEEDED, now);
                    dispatchReady(plan, now, effects);
                    announceProgress(plan, step, effects);
                }
            }
            case FAILED -> {
                step.end(StepStatus.FAILED, now);
                step.error = result.getError();
                plan.reason = "step " + step.name + " failed: " + result.getSummary();
                effects.add(new Effect.Announce(PlanEventType.FAILED, step.name, plan.reason));
            }
            case ERROR -> retryOrEscalate(plan, step, result.getError() == null ? result.getSummary() : result.getError(), now, effects);
        }
        return effects;
    }

    public List<Effect> onDecision(Plan plan, ReviewDecided decision, long now) {
        List<Effect> effects = new ArrayList<>();
        Step step = plan.stepWithReview(decision.getReviewId()).orElse(null);
        if (step == null || plan.status().terminal() || step.status != StepStatus.AWAITING_REVIEW) {
            return effects;
        }
        var refusal = decisions.refusal(plan, step, decision);
        if (refusal.isPresent()) {
            effects.add(new Effect.Announce(PlanEventType.UPDATED, step.name,
                    "decision on review " + step.reviewId + " ignored: " + refusal.get()));
            return effects;
        }
        plan.updatedAt = now;
        step.reviewDecidedAt = now;
        String who = decision.getDecidedBy();
        String comment = decision.getComment() == null ? "" : ": " + decision.getComment();
        boolean approved = decision.getDecision() == Decision.APPROVED;
        if (ESCALATION.name().equals(step.reviewKind)) {
            onEscalation(plan, step, decision, comment, now, effects);
        } else if (approved && step.kind == StepKind.INTAKE) {
            adoptIntent(plan, step, decision, now, effects);
        } else if (approved) {
            step.approvedBy = who;
            dispatch(plan, step, now, effects);
            effects.add(new Effect.Announce(PlanEventType.UPDATED, step.name, "approved by " + who));
        } else {
            step.end(StepStatus.FAILED, now);
            step.error = "rejected by " + who + comment;
            plan.ending = PlanStatus.REJECTED;
            plan.reason = "review " + step.reviewId + " of step " + step.name + " rejected by " + who + comment;
            effects.add(new Effect.Announce(PlanEventType.REJECTED, step.name, plan.reason));
        }
        return effects;
    }

    /**
     * An approved INTENT review: the goal the person approved (the intake's proposal, or their own
     * corrected YAML) is validated like a submitted goal and replaces the words; the plan goes on with
     * the steps that build it. A source already loaded under the same spec is not loaded again. A
     * goal that cannot be planned fails the step with every reason.
     */
    private void adoptIntent(Plan plan, Step step, ReviewDecided decision, long now, List<Effect> effects) {
        String who = decision.getDecidedBy();
        GoalAdoption.Adopted adopted;
        GoalSpec goal = null;
        try {
            goal = decision.getGoalYaml() != null ? GoalYaml.parse(decision.getGoalYaml())
                    : GoalAdoption.withSettingsOf(plan.goal, GoalYaml.parse(step.outputs.getOrDefault("proposed_goal", "")));
            adopted = adoption.adopt(plan.goalId, goal);
        } catch (GoalYaml.GoalYamlException e) {
            adopted = new GoalAdoption.Adopted(List.of(e.getMessage()), List.of());
        }
        step.approvedBy = who;
        if (!adopted.reasons().isEmpty()) {
            step.end(StepStatus.FAILED, now);
            step.error = String.join("; ", adopted.reasons());
            plan.reason = "the goal approved by " + who + " in review " + step.reviewId + " cannot be planned: " + step.error;
            effects.add(new Effect.Announce(PlanEventType.FAILED, step.name, plan.reason));
            return;
        }
        step.end(StepStatus.SUCCEEDED, now);
        for (Step next : adopted.steps()) {
            Step loaded = plan.step(next.name).orElse(null);
            if (loaded == null) {
                plan.steps.add(next);
            } else if (next.kind == StepKind.INGEST && !sameSource(plan.goal, goal, next.source)) {
                loaded.status = StepStatus.PENDING; // the approved goal reads this source elsewhere: load it again
                loaded.outputs.clear();
            }
        }
        plan.goal = goal;
        plan.environment = io.dea.platform.goal.Environment.of(goal.getEnvironment());
        dispatchReady(plan, now, effects);
        effects.add(new Effect.Announce(PlanEventType.UPDATED, step.name, "goal as understood approved by " + who));
    }

    private static boolean sameSource(GoalSpec before, GoalSpec after, String name) {
        return java.util.Objects.equals(source(before, name), source(after, name));
    }

    private static io.dea.events.v1.SourceSpec source(GoalSpec goal, String name) {
        return goal.getSources() == null ? null : goal.getSources().stream().filter(s -> s.getName().equals(name)).findFirst().orElse(null);
    }

    /** A person's answer to an escalated step: skip it, retry it, or abort the plan (a rejection without an action). */
    private void onEscalation(Plan plan, Step step, ReviewDecided decision, String comment, long now, List<Effect> effects) {
        String who = decision.getDecidedBy();
        boolean approved = decision.getDecision() == Decision.APPROVED;
        String action = decision.getAction() == null ? (approved ? "retry" : "abort") : decision.getAction();
        if (approved && "skip".equals(action)) {
            step.end(StepStatus.SKIPPED, now);
            step.summary = "skipped by " + who + comment;
            dispatchReady(plan, now, effects);
            announceProgress(plan, step, effects);
        } else if (approved && "retry".equals(action)) {
            step.retryFloor = step.attempt;
            dispatch(plan, step, now, effects);
            effects.add(new Effect.Announce(PlanEventType.UPDATED, step.name, "retry approved by " + who));
        } else {
            step.end(StepStatus.FAILED, now);
            plan.ending = PlanStatus.FAILED;
            plan.reason = "step " + step.name + " aborted by " + who + comment;
            effects.add(new Effect.Announce(PlanEventType.FAILED, step.name, plan.reason));
        }
    }

    /**
     * A person asks to roll back what the plan applied: a {@code rollback} step is added (or a
     * failed one sent again) for the transform agent, carrying the person as its approval, since
     * the request itself is the decision. Only a completed plan whose {@code apply} step merged
     * something can be rolled back; anything else is answered with the reason and left as it is.
     */
    public List<Effect> onRollback(Plan plan, RollbackRequested request, long now) {
        List<Effect> effects = new ArrayList<>();
        Step existing = plan.step(StepKind.ROLLBACK).orElse(null);
        boolean retry = existing != null && existing.status == StepStatus.FAILED && plan.ending == null;
        String refusal = null;
        if (plan.kind == PlanKind.RUN) {
            refusal = "a run is not rolled back on its own; roll back its goal " + plan.goalId;
        } else if (!retry && plan.status() != PlanStatus.COMPLETED) {
            refusal = "only a completed goal can be rolled back; this one is " + plan.status();
        } else if (plan.step(StepKind.APPLY).map(a -> a.status != StepStatus.SUCCEEDED
                || StepOutputs.decode(a.outputs, Outputs.Apply.class).mergeCommit() == null).orElse(true)) {
            refusal = "the goal applied nothing to roll back";
        }
        if (refusal != null) {
            effects.add(new Effect.Announce(PlanEventType.UPDATED, ROLLBACK, "rollback refused: " + refusal));
            return effects;
        }
        Step step = existing;
        if (step == null) {
            step = new Step(StepRef.of(StepKind.ROLLBACK), List.of(StepRef.nameOf(StepKind.APPLY)));
            plan.steps.add(step);
        }
        step.status = StepStatus.PENDING;
        step.error = null;
        step.retryFloor = step.attempt;
        step.approvedBy = request.getRequestedBy();
        plan.reason = request.getReason();
        plan.updatedAt = now;
        dispatch(plan, step, now, effects);
        effects.add(new Effect.Announce(PlanEventType.UPDATED, ROLLBACK, "rollback requested by " + request.getRequestedBy()));
        return effects;
    }

    /** A heartbeat keeps a long task from timing out. Returns true when the plan changed. */
    public boolean onProgress(Plan plan, TaskProgress progress, long now) {
        Step step = plan.step(progress.getStep()).orElse(null);
        if (step == null || step.status != StepStatus.RUNNING || step.attempt != progress.getAttempt()) {
            return false;
        }
        step.lastSeenAt = now;
        return true;
    }

    /** The clock: tasks silent past the timeout are retried, retries whose backoff ran out are sent. */
    public List<Effect> onTick(Plan plan, long now) {
        List<Effect> effects = new ArrayList<>();
        if (plan.status().terminal()) {
            return effects;
        }
        for (Step step : plan.steps) {
            if (step.status == StepStatus.RUNNING && step.lastSeenAt != null && now - step.lastSeenAt > taskTimeout.toMillis()) {
                plan.updatedAt = now;
                retryOrEscalate(plan, step, "no result or heartbeat for " + taskTimeout.toSeconds() + " s (attempt "
                        + step.attempt + ")", now, effects);
            } else if (step.status == StepStatus.RETRY_WAIT && step.retryAt != null && step.retryAt <= now) {
                plan.updatedAt = now;
                dispatch(plan, step, now, effects);
            }
        }
        return effects;
    }

    /** The earliest time the clock must look at this plan again, or null when nothing waits on it. */
    public Long nextWakeUp(Plan plan) {
        Long next = null;
        for (Step step : plan.steps) {
            Long at = switch (step.status) {
                case RUNNING -> step.lastSeenAt == null ? null : step.lastSeenAt + taskTimeout.toMillis() + 1;
                case RETRY_WAIT -> step.retryAt;
                default -> null;
            };
            if (at != null && (next == null || at < next)) {
                next = at;
            }
        }
        return plan.status().terminal() ? null : next;
    }

    private void retryOrEscalate(Plan plan, Step step, String error, long now, List<Effect> effects) {
        step.error = error;
        if (step.attempt - step.retryFloor < maxAttempts) {
            step.status = StepStatus.RETRY_WAIT;
            step.retryAt = now + backoff.toMillis() * (1L << Math.min(10, step.attempt - step.retryFloor - 1));
            effects.add(new Effect.Announce(PlanEventType.UPDATED, step.name,
                    "attempt " + step.attempt + " failed, retrying: " + error));
        } else {
            openReview(plan, step, ESCALATION, "step " + step.name + " failed " + (step.attempt - step.retryFloor)
                    + " times: " + error + ". Approve to retry, approve with action 'skip' to skip it, reject to abort the plan",
                    error, now, effects);
        }
    }

    /** Opens the gate an agent's result asks for; its role follows from the kind, never from the result. */
    private void openReview(Plan plan, Step step, ReviewNeed need, long now, List<Effect> effects) {
        var kind = ReviewKind.find(need.getKind());
        if (kind.isPresent()) {
            openReview(plan, step, kind.get(), need.getSummary(), need.getDiff(), now, effects);
        } else {
            step.end(StepStatus.FAILED, now);
            step.error = "the agent asked for a review of unknown kind '" + need.getKind() + "'";
            plan.reason = "step " + step.name + " failed: " + step.error;
            effects.add(new Effect.Announce(PlanEventType.FAILED, step.name, plan.reason));
        }
    }

    private void openReview(Plan plan, Step step, ReviewKind kind, String summary, String diff, long now, List<Effect> effects) {
        step.status = StepStatus.AWAITING_REVIEW;
        step.reviewOpenedAt = now;
        step.reviewDecidedAt = null;
        step.reviewId = reviewId(plan.planId, step.name, step.attempt);
        step.reviewKind = kind.name();
        step.reviewRole = kind.requiredRole();
        effects.add(new Effect.OpenReview(step, kind, summary, diff, decisions.fourEyes(plan, kind)));
        effects.add(new Effect.Announce(PlanEventType.UPDATED, step.name, "waiting for review " + step.reviewId));
    }

    private void dispatchReady(Plan plan, long now, List<Effect> effects) {
        for (Step step : plan.ready()) {
            dispatch(plan, step, now, effects);
        }
    }

    private static void dispatch(Plan plan, Step step, long now, List<Effect> effects) {
        if (step.status == StepStatus.PENDING || step.startedAt == null) {
            step.startedAt = now; // sent from PENDING it starts (again); a retry or an approved re-send goes on
        }
        step.endedAt = null;
        step.attempt++;
        step.taskId = plan.planId + ":" + step.name;
        step.status = StepStatus.RUNNING;
        step.dispatchedAt = now;
        step.lastSeenAt = now;
        step.retryAt = null;
        effects.add(new Effect.Dispatch(step));
    }

    private static void announceProgress(Plan plan, Step step, List<Effect> effects) {
        PlanStatus status = plan.status();
        if (status == PlanStatus.COMPLETED) {
            effects.add(new Effect.Announce(PlanEventType.COMPLETED, step.name, null));
        } else {
            effects.add(new Effect.Announce(PlanEventType.UPDATED, step.name, null));
        }
    }

    /** Deterministic, so the same decision made twice opens the same review, not two. */
    static String reviewId(String planId, String step, int attempt) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((planId + "/" + step + "/" + attempt).getBytes(StandardCharsets.UTF_8));
            return "r-" + HexFormat.of().formatHex(hash, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
