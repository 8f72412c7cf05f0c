package io.dea.stack.cli;

import io.dea.events.v1.PlanKind;
import io.dea.events.v1.PlanState;
import io.dea.events.v1.RunRequested;
import io.dea.platform.kafka.Topics;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "run", description = "Run an applied goal again: load what is new in its sources, rebuild its models in its "
        + "environment and test them (what its schedule does). Prints the run id on the first line; ./dea status GOAL_ID lists runs.")
final class RunCommand implements Callable<Integer> {
    @Parameters(paramLabel = "GOAL_ID")
    String goalId;
    @Option(names = "--wait", description = "Follow the run until it ends; exit 0 only if it completed.")
    boolean waitForEnd;
    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        StackConnection stack = CliStack.connect();
        checkRunnable(goalId, stack.planStates().get(goalId));
        String runId = goalId + "-run-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now())
                + "-" + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
        stack.publish(Topics.RUN_REQUESTS, goalId,
                new RunRequested(goalId, runId, System.getProperty("user.name", "someone"), Instant.now(), "dea run"));
        System.out.println(json ? PlanPrinter.JSON.writeValueAsString(Map.of("run_id", runId, "goal_id", goalId)) : runId);
        return waitForEnd ? PlanFollower.followToEnd(stack, runId, json) : 0;
    }

    /** Says at once what the orchestrator would refuse (it checks again: other clients skip this). */
    private static void checkRunnable(String goalId, PlanState goal) {
        if (goal == null || goal.getKind() != PlanKind.GOAL) {
            throw new CliException("no goal " + goalId + " (./dea status lists them)");
        }
        if (!"COMPLETED".equals(goal.getState())) {
            throw new CliException("goal " + goalId + " is " + goal.getState() + ": only a goal whose apply completed can run");
        }
    }
}
