package io.dea.platform.testing;

import io.dea.events.v1.GoalSpec;
import io.dea.events.v1.TaskRequested;
import io.dea.platform.agent.TaskContext;
import io.dea.platform.agent.TaskServices;
import io.dea.platform.artifact.ArtifactStore;
import io.dea.platform.artifact.DataProject;
import io.dea.platform.dbt.Dbt;
import io.dea.platform.event.EventFactory;
import io.dea.platform.goal.GoalYaml;
import io.dea.platform.lineage.LineageEmitter;
import io.dea.platform.step.StepRef;
import io.dea.platform.tool.ToolAudit;
import io.dea.platform.warehouse.DuckDbWarehouse;
import io.dea.platform.warehouse.Warehouse;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClientUtils;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real warehouse, data project and dbt in a temporary directory, and tasks to hand to a handler.
 * dbt comes from DEA_DBT (the project's virtualenv; ./dea test sets it).
 */
public final class TestTasks {

    public final Path home;
    public final Warehouse warehouse;
    public final ArtifactStore artifacts;
    public final Dbt dbt;
    public final CollectingEventSink sink = new CollectingEventSink();
    public final EventFactory events = new EventFactory("test", "test-1");
    /** Every lineage event the tasks' contexts emitted, as the JSON that would go to dea.lineage. */
    public final List<String> lineageJson = new CopyOnWriteArrayList<>();
    public final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    public final LineageEmitter lineage = new LineageEmitter((planId, json) -> {
        lineageJson.add(json);
        return CompletableFuture.completedFuture(null);
    }, meters);

    public TestTasks(Path home) {
        this(home, home);
    }

    /**
     * Tasks whose warehouse is locked down like the services' one, with files under {@code readable}
     * readable, as the ingestion service's source roots (and its HTTP spool) are.
     */
    public TestTasks(Path home, Path... readable) {
        this.home = home;
        this.warehouse = new DuckDbWarehouse(home.resolve("warehouse.duckdb"), false, List.of(readable));
        this.artifacts = new ArtifactStore(home.resolve("project"));
        this.dbt = new Dbt(dbtExecutable(), warehouse);
    }

    public static String dbtExecutable() {
        String dbt = System.getenv("DEA_DBT");
        if (dbt == null || dbt.isBlank()) {
            throw new IllegalStateException("DEA_DBT is not set: run the tests with ./dea test, which creates the virtualenv with dbt");
        }
        return dbt;
    }

    public static GoalSpec goal(String yaml) {
        return GoalYaml.parse(yaml);
    }

    /** A first attempt at a step, as the orchestrator sends it: name, kind and typed inputs from the planner's {@link StepRef}. */
    public TaskRequested task(String planId, StepRef step, String agent, GoalSpec goal, Map<String, String> inputs) {
        return TaskRequested.newBuilder()
                .setMeta(events.meta("trace-" + planId, planId, planId))
                .setTaskId(planId + ":" + step.name())
                .setAttempt(1)
                .setStep(step.name())
                .setKind(step.kind())
                .setSource(step.source())
                .setAgent(agent)
                .setGoal(goal)
                .setBranch(DataProject.branch(planId))
                .setEnvironment(goal.getEnvironment() == null ? "dev" : goal.getEnvironment())
                .setInputs(new HashMap<>(inputs))
                .setDeadline(Instant.now().plusSeconds(600))
                .build();
    }

    /** The same task, approved by a person; as the orchestrator does, its writes run under that approval. */
    public static TaskRequested approved(TaskRequested task, String by) {
        return TaskRequested.newBuilder(task).setAttempt(task.getAttempt() + 1).setApprovedBy(by).setWriteApproval(by)
                .setReviewId("review-1").build();
    }

    private io.dea.platform.llm.LanguageModel model;

    public TaskContext context(TaskRequested task) {
        return services().context(task);
    }

    /** What the tasks run with: the same services an agent builds once (PlatformAutoConfiguration). */
    public TaskServices services() {
        return new TaskServices(sink, events, new ToolAudit(sink, events), warehouse, artifacts, dbt, home.resolve("work"), lineage, model);
    }

    /** The tasks' language model from here on, as an agent builds it from {@code dea.llm.*}; its metrics go to {@link #meters}. */
    public TestTasks withModel(io.dea.platform.llm.LlmSettings settings) {
        model = new io.dea.platform.llm.LanguageModel(settings, meters);
        return this;
    }

    /** Back to no language model: every agent deterministic. */
    public TestTasks withoutModel() {
        model = null;
        return this;
    }

    /** Settings of a model behind a loopback server: short timeout and backoff, so hostile servers cost the tests little. */
    public static io.dea.platform.llm.LlmSettings loopbackModel(String provider, String baseUrl) {
        return new io.dea.platform.llm.LlmSettings(provider, baseUrl, "loopback-model", "sk-test-SECRET-key", java.time.Duration.ofSeconds(2), 2,
                java.time.Duration.ofMillis(50), io.dea.platform.llm.LlmSettings.Fallback.DETERMINISTIC, 200_000, 2_000_000, 500);
    }

    /** The lineage events emitted so far, read back with OpenLineage's own parser. */
    public List<OpenLineage.RunEvent> lineageEvents() {
        return lineageJson.stream().map(OpenLineageClientUtils::runEventFromJson).toList();
    }
}
