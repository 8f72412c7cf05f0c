package io.dea.orchestrator.plan;

import io.dea.events.v1.GoalSpec;
import io.dea.events.v1.SourceSpec;
import io.dea.platform.artifact.DataProject;
import io.dea.platform.goal.Environment;
import io.dea.platform.kafka.AgentKind;
import java.util.ArrayList;
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
        List<String> ingests = new ArrayList<>();
        for (SourceSpec source : goal.getSources()) {
            String name = "ingest_" + source.getName();
            ingests.add(name);
            steps.add(new Step(name, AgentKind.INGESTION.id(), List.of()));
        }
        steps.add(new Step("model", AgentKind.MODELING.id(), ingests));
        steps.add(new Step("transform", AgentKind.TRANSFORM.id(), List.of("model")));
        steps.add(new Step("governance", AgentKind.GOVERNANCE.id(), List.of("model")));
        steps.add(new Step("cost", AgentKind.COST.id(), List.of("transform")));
        steps.add(new Step("quality", AgentKind.QUALITY.id(), List.of("cost")));
        steps.add(new Step("schedule", AgentKind.OPS.id(), List.of("transform")));
        steps.add(new Step("apply", AgentKind.TRANSFORM.id(), List.of("quality", "governance", "schedule")));
        if (goal.getBackfill() != null) {
            // Rebuilding past days writes to the environment, so only after the approved apply.
            steps.add(new Step("backfill", AgentKind.OPS.id(), List.of("apply")));
        }
        String environment = Environment.of(goal.getEnvironment());
        return new Plan(goalId, goalId, traceId, requestedBy, goal, DataProject.branch(goalId), environment, now, steps);
    }
}
