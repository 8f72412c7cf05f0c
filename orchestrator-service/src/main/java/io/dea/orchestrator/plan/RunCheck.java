package io.dea.orchestrator.plan;

import io.dea.events.v1.GoalSpec;
import io.dea.events.v1.PlanKind;
import io.dea.events.v1.RunChecked;
import io.dea.events.v1.RunRequested;
import io.dea.events.v1.StepKind;
import io.dea.platform.event.EventFactory;
import io.dea.platform.step.Outputs;
import io.dea.platform.step.StepOutputs;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Whether an applied goal may run, decided on the goal's own partition, where its plan is: the goal
 * must be known, its plan must have COMPLETED an apply that merged something and carries the
 * approval the run's writes will run under. A run never approves anything itself.
 */
public final class RunCheck {

    /** Run ids become plan ids, Kafka keys and directory names: plain characters only. */
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

    private RunCheck() {
    }

    /** A run id fit to key a plan: 1-128 letters, digits, '.', '_', ':', '-', not starting with a sign. */
    public static boolean usableRunId(String runId) {
        return runId != null && RUN_ID.matcher(runId).matches();
    }

    /** The request after a look at the goal's plan (null when the goal is unknown): what the run needs, or why it cannot start. */
    public static RunChecked check(RunRequested request, String key, Plan goal, EventFactory events, String traceId) {
        RunChecked.Builder checked = RunChecked.newBuilder()
                .setMeta(events.meta(traceId, request.getGoalId(), request.getRunId()))
                .setGoalId(request.getGoalId())
                .setRunId(request.getRunId())
                .setRequestedBy(request.getRequestedBy())
                .setTrigger(request.getTrigger());
        Optional<String> refusal = refusal(request, key, goal);
        if (refusal.isPresent()) {
            return checked.setRefusal(refusal.get()).setGoal(goal == null ? null : goal.goal()).build();
        }
        return checked.setGoal(goal.goal()).setWriteApproval(approval(goal).orElseThrow()).build();
    }

    static Optional<String> refusal(RunRequested request, String key, Plan goal) {
        String id = request.getGoalId();
        if (!usableRunId(request.getRunId())) {
            return Optional.of("run id '" + shown(request.getRunId()) + "' is not 1-128 letters, digits, '.', '_', ':' or '-'");
        }
        if (!id.equals(key)) {
            return Optional.of("the run request is keyed '" + shown(key) + "', not by its goal id " + shown(id)
                    + ": publish it with the goal id as the record key");
        }
        if (goal == null || goal.kind() != PlanKind.GOAL || !goal.planId().equals(id)) {
            return Optional.of("no goal " + shown(id) + " is known: submit it first (./dea submit), then run it once it is applied");
        }
        PlanStatus status = goal.status();
        if (status == PlanStatus.ROLLED_BACK) {
            return Optional.of("goal " + id + " was rolled back: there is nothing applied to run; submit it again");
        }
        if (status != PlanStatus.COMPLETED) {
            return Optional.of("goal " + id + " is " + status + ": only a goal whose apply completed can run");
        }
        if (approval(goal).isEmpty()) {
            return Optional.of("goal " + id + " applied nothing (its apply step merged no change): there is nothing to run");
        }
        return Optional.empty();
    }

    /** Who approved the goal's apply, when it merged something. */
    private static Optional<String> approval(Plan goal) {
        return goal.step(StepKind.APPLY)
                .filter(apply -> apply.status == StepStatus.SUCCEEDED)
                .flatMap(apply -> {
                    Outputs.Apply outputs = StepOutputs.decode(apply.outputs, Outputs.Apply.class);
                    if (outputs.mergeCommit() == null) {
                        return Optional.empty();
                    }
                    return Optional.ofNullable(apply.approvedBy != null ? apply.approvedBy : outputs.approvedBy());
                });
    }

    /** A caller's text in a reason: short, on one line. */
    private static String shown(String text) {
        if (text == null) {
            return "";
        }
        String line = text.replaceAll("\\p{Cntrl}", "?");
        return line.length() > 80 ? line.substring(0, 80) + "..." : line;
    }

    /** The goal a refused run names when its goal is unknown: the plan state needs one. */
    static GoalSpec unknownGoal(String goalId) {
        return GoalSpec.newBuilder().setGoal("run of unknown goal " + shown(goalId)).build();
    }
}
