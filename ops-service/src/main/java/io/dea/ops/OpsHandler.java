package io.dea.ops;

import io.dea.platform.policy.PolicyKind;
import io.dea.platform.policy.SlaPolicy;
import io.dea.platform.step.Outputs;
import io.dea.events.v1.Artifact;
import io.dea.events.v1.GoalSpec;
import io.dea.events.v1.StepKind;
import io.dea.platform.agent.ArtifactFile;
import io.dea.platform.agent.TaskContext;
import io.dea.platform.agent.TaskHandler;
import io.dea.platform.agent.TaskOutcome;
import io.dea.platform.artifact.DataProject;
import io.dea.platform.kafka.AgentKind;
import java.util.List;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The ops agent's two steps. {@code backfill} rebuilds the applied mart's days (see {@link BackfillStep}).
 *
 * <p>The {@code schedule} step: writes {@code dags/<mart>.py}, the Airflow DAG that asks for a run of
 * the applied goal on the goal's schedule and waits for its outcome, and {@code dags/dea_runs.py} beside it
 * (see {@link AirflowDag}). It validates what Airflow would
 * otherwise reject at import time (the cron expression, the freshness) and fails the step with the
 * reason instead. Writing a DAG file to the plan's branch changes nothing shared, so there is no
 * review here; the apply step's review shows it in the branch's diff.
 */
@Component
public class OpsHandler implements TaskHandler {

    static final String DAG_KIND = "airflow_dag";
    static final String DEFAULT_OWNER = "dea";

    @Override
    public AgentKind kind() {
        return AgentKind.OPS;
    }

    private final BackfillStep backfill;

    @Autowired
    public OpsHandler(OpsProperties properties, ShutdownSignal shutdown) {
        this.backfill = new BackfillStep(properties, shutdown);
    }

    /** With the default settings: backfills in the warehouse, no Airflow. */
    OpsHandler() {
        this(OpsProperties.defaults(), new ShutdownSignal());
    }

    @Override
    public TaskOutcome handle(TaskContext context) throws Exception {
        StepKind kind = context.kind();
        return switch (kind) {
            case BACKFILL -> backfill.run(context);
            case SCHEDULE -> schedule(context);
            default -> TaskOutcome.failed("the ops agent has no step of kind " + kind, "unknown step kind " + kind);
        };
    }

    private TaskOutcome schedule(TaskContext context) throws Exception {
        GoalSpec goal = context.goal();
        String schedule;
        try {
            schedule = goal.getSchedule() == null ? null : CronSchedule.validate(goal.getSchedule());
        } catch (IllegalArgumentException e) {
            return TaskOutcome.failed("bad schedule: " + e.getMessage(), e.getMessage());
        }
        SlaPolicy.Freshness freshness;
        FreshnessSla sla;
        try {
            freshness = SlaPolicy.of(goal.getFreshness(), context.martName(), context.policies(PolicyKind.SLA));
            sla = freshness.freshness() == null ? null : FreshnessSla.parse(freshness.freshness());
        } catch (IllegalArgumentException e) {
            return TaskOutcome.failed("bad freshness: " + e.getMessage(), e.getMessage());
        }
        String path = DataProject.dag(context.martName());
        if (path.equals(AirflowDag.RUNS_MODULE)) {
            return TaskOutcome.failed("mart name dea_runs is taken by the DAGs' module " + AirflowDag.RUNS_MODULE + ": rename the mart",
                    "mart dea_runs collides with " + AirflowDag.RUNS_MODULE);
        }
        return writeDag(context, path, schedule, sla, freshness);
    }

    /** Commits the DAG and dea_runs.py beside it to the plan's branch. */
    private TaskOutcome writeDag(TaskContext context, String path, String schedule, FreshnessSla sla, SlaPolicy.Freshness freshness)
            throws Exception {
        GoalSpec goal = context.goal();
        String mart = context.martName();
        List<String> sources = context.sourceNames();
        String owner = goal.getOwner() == null || goal.getOwner().isBlank() ? DEFAULT_OWNER : goal.getOwner();
        AirflowDag dag = new AirflowDag(mart, context.task().getMeta().getGoalId(), goal.getGoal(), schedule, owner,
                context.task().getEnvironment(), sources, sla);
        List<Artifact> committed = context.commit("Airflow DAG for " + mart, List.of(
                new ArtifactFile(DAG_KIND, path, dag.python()),
                new ArtifactFile(DAG_KIND, AirflowDag.RUNS_MODULE, AirflowDag.runsModule())));
        String summary = path + ": DAG " + dag.dagId() + " " + (schedule == null ? "run when triggered" : "on '" + schedule + "'")
                + ", request_run >> wait_for_run >> check_run (a run of the goal: "
                + (sources.isEmpty() ? "" : "load " + String.join(", ", sources) + ", ") + "dbt build and test)"
                + (sla == null ? "" : ", run timeout " + freshness.described());
        return TaskOutcome.succeeded(summary)
                .withOutputs(new Outputs.Schedule(path, dag.dagId(), freshness.documents()))
                .withArtifacts(committed);
    }
}
