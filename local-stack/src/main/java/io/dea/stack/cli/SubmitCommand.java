package io.dea.stack.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "submit", description = "Publish a goal to the request topic; print its goal id on the first line.")
final class SubmitCommand implements Callable<Integer> {
    @Parameters(paramLabel = "GOAL.yaml")
    Path goalFile;
    @Option(names = "--wait", description = "Follow the goal until it ends; exit 0 only if it completed.")
    boolean waitForEnd;
    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        StackConnection stack = CliStack.connect();
        String goalId = GoalSubmission.submit(stack, goalFile);
        System.out.println(json ? PlanPrinter.JSON.writeValueAsString(Map.of("goal_id", goalId)) : goalId);
        return waitForEnd ? PlanFollower.followToEnd(stack, goalId, json) : 0;
    }
}
