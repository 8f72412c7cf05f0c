package io.dea.platform.agent;

import io.dea.events.v1.Artifact;
import io.dea.events.v1.ArtifactProposed;
import io.dea.events.v1.GoalSpec;
import io.dea.events.v1.StepKind;
import io.dea.events.v1.TaskProgress;
import io.dea.events.v1.TaskRequested;
import io.dea.platform.artifact.ArtifactStore;
import io.dea.platform.dbt.Dbt;
import io.dea.platform.event.EventFactory;
import io.dea.platform.event.EventSink;
import io.dea.platform.goal.Identifiers;
import io.dea.platform.kafka.Topics;
import io.dea.platform.lineage.LineageEmitter;
import io.dea.platform.lineage.TaskLineage;
import io.dea.platform.llm.LanguageModel;
import io.dea.platform.llm.LlmSettings;
import io.dea.platform.llm.ModelAnswer;
import io.dea.platform.llm.ModelUnavailableException;
import io.dea.platform.llm.Prompt;
import io.dea.platform.llm.TokenBudget;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import io.dea.events.v1.LlmCall;
import io.dea.platform.step.StepOutputs;
import io.dea.platform.step.StepRef;
import io.dea.platform.tool.ToolAudit;
import io.dea.platform.warehouse.GuardedWarehouse;
import io.dea.platform.warehouse.Warehouse;
import io.dea.platform.warehouse.WriteScope;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a handler may use while doing one task: the task itself, audited tools, the plan's branch of
 * the data project, the warehouse and dbt, and a way to report progress.
 */
public final class TaskContext {

    private final TaskRequested task;
    private final EventSink sink;
    private final EventFactory events;
    private final ToolAudit audit;
    private final ToolAudit.Caller caller;
    private final GuardedWarehouse warehouse;
    private final ArtifactStore artifacts;
    private final Dbt dbt;
    private final Path workRoot;
    private final TaskLineage lineage;
    private final LanguageModel model;

    /** A context without lineage: for tools and tests that have no lineage topic. */
    public TaskContext(TaskRequested task, EventSink sink, EventFactory events, ToolAudit audit,
                Warehouse warehouse, ArtifactStore artifacts, Dbt dbt, Path workRoot) {
        this(task, sink, events, audit, warehouse, artifacts, dbt, workRoot, LineageEmitter.none());
    }

    public TaskContext(TaskRequested task, EventSink sink, EventFactory events, ToolAudit audit,
                Warehouse warehouse, ArtifactStore artifacts, Dbt dbt, Path workRoot, LineageEmitter lineage) {
        this(task, sink, events, audit, warehouse, artifacts, dbt, workRoot, lineage, null);
    }

    /** @param model the service's language model, or null when none is configured */
    public TaskContext(TaskRequested task, EventSink sink, EventFactory events, ToolAudit audit,
                Warehouse warehouse, ArtifactStore artifacts, Dbt dbt, Path workRoot, LineageEmitter lineage, LanguageModel model) {
        this.task = task;
        this.model = model;
        this.sink = sink;
        this.events = events;
        this.audit = audit;
        this.caller = new ToolAudit.Caller(task.getAgent(), task.getTaskId(), task.getAttempt(), task.getMeta());
        // Agents get the warehouse only through the write gate: see GuardedWarehouse and WriteScope.
        this.warehouse = new GuardedWarehouse(warehouse, WriteScope.forTask(task.getMeta().getPlanId(), task.getEnvironment(),
                writeApproval(task), task.getAgent(), goalSourceNames(task.getGoal())));
        this.artifacts = artifacts;
        this.dbt = dbt;
        this.workRoot = workRoot;
        this.lineage = new TaskLineage(lineage, task, this.warehouse);
    }

    public TaskRequested task() {
        return task;
    }

    public GoalSpec goal() {
        return task.getGoal();
    }

    public String planId() {
        return task.getMeta().getPlanId();
    }

    /**
     * What the step does; handlers dispatch on it, never on the step's name. A task without one comes
     * from an orchestrator older than typed steps and is refused (a FAILED result).
     */
    public StepKind kind() {
        if (task.getKind() == null) {
            throw new UnusableGoalException("the task names no step kind (TaskRequested.kind): it was sent by an orchestrator "
                    + "older than this agent; upgrade the orchestrator and submit the goal again");
        }
        return task.getKind();
    }

    /** The goal source an INGEST step loads (TaskRequested.source); null for other kinds. */
    public String source() {
        return task.getSource();
    }

    public boolean approved() {
        return task.getApprovedBy() != null;
    }

    /**
     * The goal's mart name. The orchestrator validated it, but an agent may be handed any task, so
     * a name that could not go into SQL or a path is refused here once for every agent.
     */
    public String martName() {
        if (goal().getMart() == null || !Identifiers.isSafe(goal().getMart().getName())) {
            throw new UnusableGoalException("the goal names no usable mart (mart.name is missing or not a plain identifier)");
        }
        return goal().getMart().getName();
    }

    /** The goal's source names, each checked to be a plain identifier. */
    public List<String> sourceNames() {
        List<String> names = new ArrayList<>();
        for (var source : goal().getSources() == null ? List.<io.dea.events.v1.SourceSpec>of() : goal().getSources()) {
            if (!Identifiers.isSafe(source.getName())) {
                throw new UnusableGoalException("source '" + source.getName() + "' is not a plain name (letters, digits and _)");
            }
            names.add(source.getName());
        }
        return names;
    }

    /**
     * The warehouse behind the write gate: queries run; writes go to landing, the plan's sandbox and
     * dea_meta, or, once the step is approved, to the task's environment; destructive DDL needs the
     * approval (see {@link WriteScope}). A refusal is a {@link io.dea.platform.warehouse.WriteRefusedException}.
     */
    public Warehouse warehouse() {
        return warehouse;
    }

    /**
     * Whose approval the task writes under, as the orchestrator decided it (TaskRequested.write_approval);
     * a task without one writes as unapproved. Whether the step itself needs a review is still decided
     * by {@link #approved()}, which looks only at the task's own approval.
     */
    private static String writeApproval(TaskRequested task) {
        return task.getWriteApproval();
    }

    private static java.util.Set<String> goalSourceNames(GoalSpec goal) {
        java.util.Set<String> names = new java.util.HashSet<>();
        if (goal != null && goal.getSources() != null) {
            goal.getSources().forEach(source -> names.add(source.getName()));
        }
        return names;
    }

    public ArtifactStore artifacts() {
        return artifacts;
    }

    /**
     * The outputs of the plan's step of a kind (one that occurs once per plan), e.g.
     * {@code upstream(StepKind.MODEL, Outputs.Model.class)}; every component null when that step
     * has not succeeded (the orchestrator passes only succeeded steps' outputs).
     */
    public <R extends Record> R upstream(StepKind kind, Class<R> type) {
        String prefix = StepRef.nameOf(kind) + ".";
        Map<String, String> outputs = new LinkedHashMap<>();
        task.getInputs().forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                outputs.put(key.substring(prefix.length()), value);
            }
        });
        return StepOutputs.decode(outputs, type);
    }

    /**
     * The data project's policy documents of a kind ({@code docs/*.md} with {@code dea: <kind>} front
     * matter) as the plan's branch holds them, main's while the plan has no branch yet: a plan applies the
     * policy it started with, before and after its review. A policy that does not parse throws
     * {@link io.dea.platform.policy.PolicyDocuments.PolicyException}, naming the file.
     */
    public List<io.dea.platform.policy.PolicyDocument> policies(io.dea.platform.policy.PolicyKind kind) throws Exception {
        return tool("git.policies", kind.id() + " on " + task.getBranch(), () -> {
            Map<String, String> files = artifacts.files(task.getBranch());
            return io.dea.platform.policy.PolicyDocuments.of(files.isEmpty() ? artifacts.files(ArtifactStore.MAIN) : files, kind);
        });
    }

    /** The configured language model's settings, or empty when none is configured: then every agent stays deterministic. */
    public java.util.Optional<LlmSettings> model() {
        return java.util.Optional.ofNullable(model).map(LanguageModel::settings);
    }

    /**
     * Asks the configured model, within the goal's and the day's token budget ({@code dea_meta.llm_usage}),
     * as an audited {@code llm.chat} call naming the provider, model, prompt and version and, once answered,
     * the tokens in and out. The answer is untrusted input: the caller validates it as it would a person's.
     *
     * @throws ModelUnavailableException no model, over budget, or no answer after the retries
     */
    public ModelAnswer askModel(Prompt prompt, String question, JsonSchema schema) throws Exception {
        if (model == null) {
            throw new ModelUnavailableException(ModelUnavailableException.Cause.REJECTED, "no language model is configured (dea.llm.provider)");
        }
        LlmSettings settings = model.settings();
        String goalId = task.getMeta().getGoalId();
        long estimate = (prompt.text().length() + question.length()) / 4 + settings.maxOutputTokens();
        TokenBudget.Spent spent = warehouse.withConnection(c -> TokenBudget.spent(c, goalId));
        String refusal = TokenBudget.refusal(spent, estimate, settings);
        if (refusal != null) {
            throw new ModelUnavailableException(ModelUnavailableException.Cause.BUDGET, refusal);
        }
        ModelAnswer answer = audit.call(caller, "llm.chat", settings.describe() + ", prompt " + prompt.ref(),
                () -> model.ask(task.getAgent(), prompt, question, schema),
                a -> new LlmCall(settings.providerKind().id(), settings.model(), prompt.id(), prompt.version(), a.tokensIn(), a.tokensOut(),
                        a.tries()));
        TokenBudget.Usage usage = new TokenBudget.Usage(goalId, planId(), task.getAgent(), prompt.ref(), settings.providerKind().id(),
                settings.model(), answer.tokensIn(), answer.tokensOut());
        warehouse.withConnection(c -> {
            TokenBudget.record(c, usage);
            return null;
        });
        return answer;
    }

    /** Runs a tool call and audits it: who, what, when and the outcome. The tool is named as {@link ToolAudit} says. */
    public <T> T tool(String tool, String arguments, ToolAudit.ToolCall<T> call) throws Exception {
        return audit.call(caller, tool, arguments, call);
    }

    /**
     * Runs dbt on the plan's branch, exported to this task's work directory, building into a schema
     * the write gate allows (the sandbox, or the approved environment; else a {@link
     * io.dea.platform.warehouse.WriteRefusedException} and dbt does not start); then emits the
     * OpenLineage events of the models it built (never failing the task for them).
     */
    public Dbt.DbtResult dbt(String schema, List<String> args) throws Exception {
        return dbt(schema, args, warehouse.scope());
    }

    /**
     * dbt into an environment under a policy the operator configured to stand in for a person's
     * approval (the transform agent's {@code dea.transform.canary.promote-within-tolerance}); the
     * schema is checked as if that policy approved the step, and the audit names the policy.
     */
    public Dbt.DbtResult dbtUnderPolicy(String schema, List<String> args, String policy) throws Exception {
        return dbt(schema, args, warehouse.scope().approvedByPolicy(policy));
    }

    private Dbt.DbtResult dbt(String schema, List<String> args, io.dea.platform.warehouse.WriteScope scope) throws Exception {
        String refusal = scope.refusesDbtBuild(schema);
        if (refusal != null) {
            throw new io.dea.platform.warehouse.WriteRefusedException("dbt " + String.join(" ", args) + " (schema " + schema + ")", refusal);
        }
        Path dir = workDir();
        artifacts.export(task.getBranch(), dir);
        java.time.Instant started = java.time.Instant.now();
        String under = scope.approvedBy() == null ? "" : ", under " + scope.approvedBy();
        Dbt.DbtResult result = tool("dbt.run", String.join(" ", args) + " (schema " + schema + under + ")", () -> dbt.run(dir, schema, args));
        lineage.dbt(dir, started);
        return result;
    }

    /** This task's lineage: a handler reports the datasets it loads here (dbt runs report themselves). */
    public TaskLineage lineage() {
        return lineage;
    }

    /** A directory of this plan and agent for exports and scratch files. */
    public Path workDir() {
        return workRoot.resolve(planId().replaceAll("[^A-Za-z0-9_.-]", "_")).resolve(task.getAgent());
    }

    /** Commits files to the plan's branch and announces each as a proposed artifact. */
    public List<Artifact> commit(String message, List<ArtifactFile> files) throws Exception {
        Map<String, String> contents = new LinkedHashMap<>();
        files.forEach(f -> contents.put(f.path(), f.content()));
        String paths = String.join(", ", contents.keySet());
        String commit = tool("git.commit", task.getBranch() + ": " + paths,
                () -> artifacts.commit(task.getBranch(), contents, message + "\n\nstep " + task.getStep() + ", task " + task.getTaskId(),
                        "agent:" + task.getAgent()));
        List<Artifact> proposed = new ArrayList<>();
        for (ArtifactFile file : files) {
            Artifact artifact = new Artifact(file.kind(), file.path());
            proposed.add(artifact);
            ArtifactProposed event = ArtifactProposed.newBuilder()
                    .setMeta(events.follow(task.getMeta()))
                    .setTaskId(task.getTaskId())
                    .setStep(task.getStep())
                    .setArtifact(artifact)
                    .setBranch(task.getBranch())
                    .setCommit(commit)
                    .build();
            sink.send(Topics.ARTIFACTS, planId(), event);
        }
        return proposed;
    }

    /** Reports progress; it also tells the orchestrator the task is alive. */
    public void progress(String message, Double fraction) {
        TaskProgress progress = TaskProgress.newBuilder()
                .setMeta(events.follow(task.getMeta()))
                .setTaskId(task.getTaskId())
                .setAttempt(task.getAttempt())
                .setStep(task.getStep())
                .setMessage(message)
                .setFraction(fraction)
                .build();
        sink.send(Topics.TASK_PROGRESS, planId(), progress);
    }

    /** The task's goal cannot be worked on as given: a FAILED result, not a retry. */
    public static final class UnusableGoalException extends IllegalArgumentException {
        public UnusableGoalException(String message) {
            super(message);
        }
    }
}
