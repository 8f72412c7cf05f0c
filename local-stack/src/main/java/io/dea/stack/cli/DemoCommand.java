package io.dea.stack.cli;

import io.dea.events.v1.PlanState;
import io.dea.events.v1.StepKind;
import io.dea.platform.step.Outputs;
import io.dea.platform.step.StepOutputs;
import io.dea.platform.warehouse.DuckDbWarehouse;
import io.dea.stack.StackFiles;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", description = "Run the bundled example end to end on the embedded stack.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--auto-approve", description = "Approve each review gate as it opens.")
    boolean autoApprove;

    @Override
    public Integer call() throws Exception {
        StackFiles files = CliStack.files();
        StackProcess process = new StackProcess(files);
        boolean startedHere = !process.ready();
        process.up();
        try {
            PlanState end = runExample();
            if (end == null || !"COMPLETED".equals(end.getState())) {
                return 1;
            }
            showResult(files, end);
            return 0;
        } finally {
            if (startedHere) {
                process.down();
                System.out.println("the local stack stopped");
            }
        }
    }

    private PlanState runExample() throws Exception {
        Path goal = CliStack.root().resolve("examples/daily-revenue/goal.yaml");
        StackConnection stack = CliStack.connect();
        String goalId = GoalSubmission.submit(stack, goal);
        System.out.println(goalId);
        System.out.println("submitted " + CliStack.root().relativize(goal) + " as goal " + goalId);
        return new PlanFollower(stack, goalId, autoApprove, true).follow();
    }

    /** The mart's first rows and the artifacts every step left in the data project. */
    private static void showResult(StackFiles files, PlanState end) {
        String table = end.getSteps().stream().filter(s -> s.getKind() == StepKind.APPLY).findFirst()
                .map(s -> StepOutputs.decode(s.getOutputs(), Outputs.Apply.class).martTable()).orElse(null);
        System.out.println();
        System.out.println("built " + table + " in " + files.warehouse());
        if (table != null && table.matches("[A-Za-z0-9_]+\\.[A-Za-z0-9_]+")) {
            CsvPrinter.print(new DuckDbWarehouse(files.warehouse(), true).query("SELECT * FROM " + table + " ORDER BY 1 LIMIT 20"));
        }
        System.out.println();
        System.out.println("artifacts in " + files.dataProject() + " (branch " + end.getBranch() + ", merged into main):");
        end.getSteps().forEach(s -> s.getArtifacts().forEach(a -> System.out.println("  " + a.getKind() + ": " + a.getPath())));
    }
}
