package io.dea.transform;

import io.dea.platform.agent.TaskContext;
import io.dea.platform.agent.TaskOutcome;
import io.dea.platform.artifact.DataProject;
import io.dea.platform.dbt.Dbt;
import io.dea.platform.goal.Identifiers;
import java.util.List;

/**
 * Step {@code apply}: the only step that changes a shared environment, so it first asks a reviewer
 * with the plan branch's diff; sent again with the approval, it merges the branch into main and has
 * dbt build the mart (and run its tests) into the environment's schema.
 */
final class ApplyStep {

    private ApplyStep() {
    }

    static TaskOutcome run(TaskContext context) throws Exception {
        if (context.goal().getMart() == null) {
            return TaskOutcome.failed("the goal has no mart to apply", "no mart");
        }
        String mart = Identifiers.require("mart name", context.goal().getMart().getName());
        String environment = context.task().getEnvironment() == null || context.task().getEnvironment().isBlank()
                ? "dev" : context.task().getEnvironment();
        Identifiers.require("environment", environment);
        String branch = context.task().getBranch();
        if (!context.approved()) {
            String diff = context.tool("git.diff", branch + " against " + "main", () -> context.artifacts().diff(branch));
            long files = diff.lines().filter(l -> l.startsWith("diff --git ")).count();
            String summary = "Apply " + mart + " to " + environment + ": " + files + " files";
            return TaskOutcome.succeeded("waiting for a reviewer: " + summary)
                    .needsReview("CHANGE", summary, diff, "reviewer");
        }
        String approvedBy = context.task().getApprovedBy();
        String merge = context.tool("git.merge", branch + " into main (approved by " + approvedBy + ")",
                () -> context.artifacts().merge(branch, approvedBy));
        context.progress("merged " + branch + "; building " + mart + " into " + environment, 0.3);
        Dbt.DbtResult built = context.dbt(environment, List.of("build", "--select", DataProject.modelDir(mart)));
        if (!built.ok()) {
            return TaskOutcome.failed("dbt build of " + mart + " into " + environment + " failed after merging " + merge,
                    built.tail(30)).withOutput("merge_commit", merge);
        }
        return TaskOutcome.succeeded("merged " + branch + " as " + merge + " (approved by " + approvedBy + ") and built "
                        + environment + "." + mart)
                .withOutput("mart_table", environment + "." + mart)
                .withOutput("merge_commit", merge);
    }
}
