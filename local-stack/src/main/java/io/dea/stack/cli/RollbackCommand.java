package io.dea.stack.cli;

import io.dea.events.v1.PlanState;
import io.dea.events.v1.StepKind;
import io.dea.events.v1.StepState;
import io.dea.orchestrator.plan.PlanStatus;
import io.dea.platform.step.Outputs;
import io.dea.platform.step.StepOutputs;
import io.dea.ops.lifecycle.WarehouseLeftovers;
import io.dea.platform.warehouse.DuckDbWarehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "rollback", description = "Roll back the change a completed goal applied: revert its merge in the data "
        + "project and put the environment's tables and views back as they were; waits until the goal is ROLLED_BACK.")
final class RollbackCommand implements Callable<Integer> {
    @Parameters(paramLabel = "GOAL_ID")
    String goalId;
    @Option(names = "--reason", description = "Why, kept with the plan.")
    String reason;

    @Override
    public Integer call() throws Exception {
        PlanState end = rollback(CliStack.connect(), goalId, reason);
        System.out.println("goal " + goalId + ": " + end.getState() + (end.getReason() == null ? "" : " - " + end.getReason()));
        return "ROLLED_BACK".equals(end.getState()) ? 0 : 1;
    }

    /** Asks for the rollback through the review API (a reviewer's call) and waits for the rollback step to end. */
    static PlanState rollback(StackConnection stack, String goalId, String reason) throws Exception {
        PlanState plan = stack.planStates().get(goalId);
        int attempt = checkRollbackable(goalId, plan);
        checkNotPruned(CliStack.files().warehouse(), goalId);
        stack.requestRollback(goalId, reason);
        Instant deadline = PlanFollower.deadline();
        while (Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
            PlanState now = stack.planStates().get(goalId);
            StepState step = rollbackStep(now);
            if (step != null && step.getAttempt() > attempt && PlanStatus.terminal(now.getState())) {
                return now;
            }
        }
        throw new CliException("gave up waiting for the rollback of " + goalId);
    }

    /** Refuses a goal that cannot be rolled back; returns the attempt of an earlier rollback (0 if none). */
    private static int checkRollbackable(String goalId, PlanState plan) {
        if (plan == null) {
            throw new CliException("no goal " + goalId + " (./dea status lists them)");
        }
        StepState earlier = rollbackStep(plan);
        boolean retry = "FAILED".equals(plan.getState()) && earlier != null && "FAILED".equals(earlier.getState());
        if (!"COMPLETED".equals(plan.getState()) && !retry) {
            throw new CliException("goal " + goalId + " is " + plan.getState() + ": only a completed goal can be rolled back");
        }
        boolean merged = plan.getSteps().stream().anyMatch(s -> s.getKind() == StepKind.APPLY && "SUCCEEDED".equals(s.getState())
                && StepOutputs.decode(s.getOutputs(), Outputs.Apply.class).mergeCommit() != null);
        if (!merged) {
            throw new CliException("goal " + goalId + " applied nothing, so there is nothing to roll back");
        }
        return earlier == null ? 0 : earlier.getAttempt();
    }

    /** A goal whose rollback copies the lifecycle pruned (dea.lifecycle.rollback-retention) cannot be rolled back. */
    static void checkNotPruned(Path warehouse, String goalId) {
        if (!Files.exists(warehouse)) {
            return;
        }
        String pruned = WarehouseLeftovers.prunedAt(new DuckDbWarehouse(warehouse, true), goalId);
        if (pruned != null) {
            throw new CliException("goal " + goalId + " can no longer be rolled back: its rollback copies were pruned at " + pruned
                    + " (their retention, dea.lifecycle.rollback-retention, had passed); undo its change with a new goal");
        }
    }

    private static StepState rollbackStep(PlanState plan) {
        return plan == null ? null : plan.getSteps().stream().filter(s -> s.getKind() == StepKind.ROLLBACK).findFirst().orElse(null);
    }
}
