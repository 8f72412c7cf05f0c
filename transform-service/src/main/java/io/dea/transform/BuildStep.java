package io.dea.transform;

import io.dea.events.v1.PlanKind;
import io.dea.platform.agent.TaskContext;
import io.dea.platform.agent.TaskOutcome;
import io.dea.platform.artifact.ArtifactStore;
import io.dea.platform.artifact.DataProject;
import io.dea.platform.dbt.Dbt;
import io.dea.platform.step.Outputs;
import java.util.List;

/**
 * Step {@code build} of a run: {@code dbt build} of the applied mart's models, as main holds them
 * (what the goal's apply merged), into the goal's environment, tests included. It writes under the
 * approval of the goal's apply, which the orchestrator puts on the task; it proposes nothing and
 * commits nothing. An incremental mart recomputes its lookback periods, so late rows land.
 */
final class BuildStep {

    private BuildStep() {
    }

    static TaskOutcome run(TaskContext context) throws Exception {
        String mart = context.martName();
        String environment = context.task().getEnvironment();
        String refusal = refusal(context);
        if (refusal != null) {
            return TaskOutcome.failed(refusal, refusal);
        }
        String commit = context.artifacts().head(ArtifactStore.MAIN);
        context.progress("building " + mart + " into " + environment + " from main at " + shortId(commit), 0.1);
        Dbt.DbtResult built = context.dbt(environment, TransformStep.withUpstream("build", mart));
        if (!built.ok()) {
            return TaskOutcome.failed("dbt build of " + mart + " into " + environment + " failed: " + built.reason("see the log"),
                    built.detail());
        }
        int models = built.passed("model");
        int tests = built.passed("test");
        return TaskOutcome.succeeded("rebuilt " + environment + "." + mart + " from main at " + shortId(commit) + ": " + models
                        + " model(s) built, " + tests + " test(s) passed")
                .withOutputs(new Outputs.Build(environment + "." + mart, commit, models, tests));
    }

    /** A build runs only in a run, on main, under an approval: anything else would write unreviewed models. */
    private static String refusal(TaskContext context) {
        if (context.task().getPlanKind() != PlanKind.RUN || !ArtifactStore.MAIN.equals(context.task().getBranch())) {
            return "a build step runs only in a run of an applied goal, on " + ArtifactStore.MAIN;
        }
        if (context.task().getWriteApproval() == null) {
            return "the run carries no approval of the goal's apply: nothing is built";
        }
        return null;
    }

    private static String shortId(String commit) {
        return commit == null ? "(no commit)" : commit.substring(0, Math.min(10, commit.length()));
    }
}
