package io.dea.orchestrator.plan;

import io.dea.events.v1.EventMeta;
import io.dea.events.v1.PlanState;
import io.dea.events.v1.StepState;
import io.dea.platform.goal.Environment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/** Converts between the working Plan and its PlanState record (the store's and topic's value). */
public final class PlanCodec {

    private PlanCodec() {
    }

    public static PlanState toRecord(Plan plan, EventMeta meta) {
        List<StepState> steps = new ArrayList<>();
        for (Step s : plan.steps) {
            steps.add(StepState.newBuilder()
                    .setName(s.name)
                    .setAgent(s.agent)
                    .setKind(s.kind)
                    .setSource(s.source)
                    .setDependsOn(s.dependsOn)
                    .setState(s.status.name())
                    .setAttempt(s.attempt)
                    .setRetryFloor(s.retryFloor)
                    .setTaskId(s.taskId)
                    .setDispatchedAt(instant(s.dispatchedAt))
                    .setStartedAt(instant(s.startedAt))
                    .setEndedAt(instant(s.endedAt))
                    .setReviewOpenedAt(instant(s.reviewOpenedAt))
                    .setReviewDecidedAt(instant(s.reviewDecidedAt))
                    .setLastSeenAt(instant(s.lastSeenAt))
                    .setRetryAt(instant(s.retryAt))
                    .setReviewId(s.reviewId)
                    .setReviewKind(s.reviewKind)
                    .setReviewRole(s.reviewRole)
                    .setApprovedBy(s.approvedBy)
                    .setSummary(s.summary)
                    .setError(s.error)
                    .setOutputs(new LinkedHashMap<>(s.outputs))
                    .setArtifacts(new ArrayList<>(s.artifacts))
                    .build());
        }
        return PlanState.newBuilder()
                .setMeta(meta)
                .setGoal(plan.goal)
                .setRequestedBy(plan.requestedBy)
                .setState(plan.status().name())
                .setReason(plan.reason)
                .setBranch(plan.branch)
                .setKind(plan.kind)
                .setTrigger(plan.trigger)
                .setWriteApproval(plan.runApproval)
                .setCreatedAt(Instant.ofEpochMilli(plan.createdAt))
                .setUpdatedAt(Instant.ofEpochMilli(plan.updatedAt))
                .setSteps(steps)
                .build();
    }

    public static Plan fromRecord(PlanState state) {
        List<Step> steps = new ArrayList<>();
        for (StepState r : state.getSteps()) {
            Step s = new Step(r.getName(), r.getAgent(), r.getKind(), r.getSource(), r.getDependsOn());
            s.status = StepStatus.valueOf(r.getState());
            s.attempt = r.getAttempt();
            s.retryFloor = r.getRetryFloor();
            s.taskId = r.getTaskId();
            s.dispatchedAt = millis(r.getDispatchedAt());
            s.startedAt = millis(r.getStartedAt());
            s.endedAt = millis(r.getEndedAt());
            s.reviewOpenedAt = millis(r.getReviewOpenedAt());
            s.reviewDecidedAt = millis(r.getReviewDecidedAt());
            s.lastSeenAt = millis(r.getLastSeenAt());
            s.retryAt = millis(r.getRetryAt());
            s.reviewId = r.getReviewId();
            s.reviewKind = r.getReviewKind();
            s.reviewRole = r.getReviewRole();
            s.approvedBy = r.getApprovedBy();
            s.summary = r.getSummary();
            s.error = r.getError();
            s.outputs.putAll(r.getOutputs());
            s.artifacts.addAll(r.getArtifacts());
            steps.add(s);
        }
        EventMeta meta = state.getMeta();
        String environment = Environment.of(state.getGoal().getEnvironment());
        Plan plan = new Plan(meta.getPlanId(), meta.getGoalId(), meta.getTraceId(), state.getRequestedBy(), state.getGoal(),
                state.getBranch(), environment, state.getCreatedAt().toEpochMilli(), steps);
        plan.updatedAt = state.getUpdatedAt().toEpochMilli();
        plan.reason = state.getReason();
        plan.kind = state.getKind();
        plan.trigger = state.getTrigger();
        plan.runApproval = state.getWriteApproval();
        PlanStatus recorded = PlanStatus.valueOf(state.getState());
        if (recorded == PlanStatus.REJECTED || recorded == PlanStatus.ROLLED_BACK
                || (recorded == PlanStatus.FAILED && plan.status() != PlanStatus.FAILED)) {
            plan.ending = recorded;
        }
        return plan;
    }

    private static Instant instant(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }

    private static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }
}
