package io.dea.orchestrator.plan;

import io.dea.platform.goal.InWords;
import io.dea.events.v1.GoalSpec;
import io.dea.events.v1.PlanKind;
import io.dea.events.v1.RunChecked;
import io.dea.events.v1.SourceSpec;
import io.dea.events.v1.StepKind;
import io.dea.platform.artifact.ArtifactStore;
import io.dea.platform.artifact.DataProject;
import io.dea.platform.goal.Environment;
import io.dea.platform.step.StepRef;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns a valid goal into a DAG of steps (docs/agents.md): ingest every source, then model; transform
 * and governance from the model; cost before the sandbox build and its tests; the schedule; and last
 * the apply step, gated by a person's review of the branch's diff. Nothing touches a shared
 * environment before that review. A goal with a backfill gets a last {@code backfill} step for the
 * ops agent, which rebuilds the asked days of the applied mart.
 */
public final class Planner {

    public Plan plan(String goalId, String traceId, String requestedBy, GoalSpec goal, long now) {
        List<Step> steps = new ArrayList<>();
        if (goal.getMart() == null || InWords.any(goal.getMart())) {
            // Words only, or a measure or filter given only as a description: the intake step proposes the structured
            // goal (a language model writes the described parts); its approval plans the rest.
            steps.add(new Step(StepRef.of(StepKind.INTAKE), goal.getSources() == null ? List.of() : ingests(goal, steps)));
            return new Plan(goalId, goalId, traceId, requestedBy, goal, DataProject.branch(goalId), Environment.of(goal.getEnvironment()),
                    now, steps);
        }
        steps.add(new Step(StepRef.of(StepKind.MODEL), ingests(goal, steps)));
        steps.add(step(StepKind.TRANSFORM, StepKind.MODEL));
        steps.add(step(StepKind.GOVERNANCE, StepKind.MODEL));
        steps.add(step(StepKind.COST, StepKind.TRANSFORM));
        steps.add(step(StepKind.QUALITY, StepKind.COST));
        steps.add(step(StepKind.SCHEDULE, StepKind.TRANSFORM));
        steps.add(step(StepKind.APPLY, StepKind.QUALITY, StepKind.GOVERNANCE, StepKind.SCHEDULE));
        if (goal.getBackfill() != null) {
            // Rebuilding past days writes to the environment, so only after the approved apply.
            steps.add(step(StepKind.BACKFILL, StepKind.APPLY));
        }
        String environment = Environment.of(goal.getEnvironment());
        // The plan id is the goal id (EventMeta.plan_id): one plan per goal.
        return new Plan(goalId, goalId, traceId, requestedBy, goal, DataProject.branch(goalId), environment, now, steps);
    }

    /**
     * The plan of a run of an applied goal: ingest every source past its watermark, then build the
     * applied models in the goal's environment (tests included), from main as the apply merged it.
     * A refused run is a plan without steps that ended REJECTED with the reason.
     */
    public Plan run(RunChecked checked, String traceId, long now) {
        List<Step> steps = new ArrayList<>();
        if (checked.getRefusal() == null) {
            steps.add(new Step(StepRef.of(StepKind.BUILD), ingests(checked.getGoal(), steps)));
        }
        GoalSpec goal = checked.getGoal() != null ? checked.getGoal() : RunCheck.unknownGoal(checked.getGoalId());
        Plan plan = new Plan(checked.getRunId(), checked.getGoalId(), traceId, checked.getRequestedBy(), goal, ArtifactStore.MAIN,
                Environment.of(goal.getEnvironment()), now, steps);
        plan.kind = PlanKind.RUN;
        plan.trigger = checked.getTrigger();
        plan.runApproval = checked.getWriteApproval();
        if (checked.getRefusal() != null) {
            plan.refuse("run refused: " + checked.getRefusal());
        }
        return plan;
    }

    /** Adds an ingest step per source of the goal; returns their names. */
    private static List<String> ingests(GoalSpec goal, List<Step> steps) {
        List<String> names = new ArrayList<>();
        for (SourceSpec source : goal.getSources()) {
            Step ingest = new Step(StepRef.ingest(source.getName()), List.of());
            names.add(ingest.name());
            steps.add(ingest);
        }
        return names;
    }

    /** A step of a kind that occurs once per plan, after the steps of the given kinds. */
    static Step step(StepKind kind, StepKind... after) {
        return new Step(StepRef.of(kind), Arrays.stream(after).map(StepRef::nameOf).toList());
    }
}
