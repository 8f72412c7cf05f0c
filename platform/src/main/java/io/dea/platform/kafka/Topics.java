package io.dea.platform.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The name of every topic. Services ask this class for names instead of writing them as literals;
 * what each topic is (values, cleanup, consumers, dead letters) is declared once in {@link TopicRegistry}. Plan, task, result and review topics are keyed by plan id, so one plan's events
 * stay in order on one partition and the orchestrator instance that owns a plan sees all of them.
 */
public final class Topics {

    /** Where any client publishes a goal (docs/interface.md's REQUEST_TOPIC). Value: GoalRequested. */
    public static final String GOAL_REQUESTS = "dea.goal.requests";
    /** Goals the orchestrator accepted, re-keyed by plan id so they land beside the plan's other events. */
    public static final String GOALS_ACCEPTED = "dea.goal.accepted";
    /** GoalRejected, keyed by goal id. */
    public static final String GOAL_REJECTIONS = "dea.goal.rejections";
    /** RollbackRequested, keyed by plan id: a person asks to undo what a completed goal applied. */
    public static final String GOAL_ROLLBACKS = "dea.goal.rollbacks";
    /** RunRequested, keyed by goal id: any client with the submitter's rights asks for a run of an applied goal. */
    public static final String RUN_REQUESTS = "dea.run.requests";
    /** RunChecked: run requests the orchestrator accepted, re-keyed by run id (the run's plan id). */
    public static final String RUNS_CHECKED = "dea.run.checked";
    /** PlanEvent: created / updated / completed / failed / rolled back. */
    public static final String PLAN_EVENTS = "dea.plan.events";
    /** PlanState, compacted: the latest state of every plan. */
    public static final String PLAN_STATE = "dea.plan.state";
    /** TaskResult from every agent. */
    public static final String TASK_RESULTS = "dea.task.results";
    /** TaskProgress from every agent. */
    public static final String TASK_PROGRESS = "dea.task.progress";
    /** ReviewRequested. */
    public static final String REVIEWS_REQUESTED = "dea.reviews.requested";
    /** ReviewDecided. */
    public static final String REVIEWS_DECIDED = "dea.reviews.decided";
    /** ToolCallAudited. */
    public static final String AUDIT = "dea.audit";
    /** ArtifactProposed. */
    public static final String ARTIFACTS = "dea.artifacts";
    /** OpenLineage RunEvents as JSON (not Avro: lineage tools read them as they are), keyed by plan id. */
    public static final String LINEAGE = "dea.lineage";
    /** Suffix Spring Kafka's DeadLetterPublishingRecoverer appends; same partition as the original. */
    public static final String DLT_SUFFIX = "-dlt";

    private Topics() {
    }

    /** The task topic of one agent kind: one consumer group per kind shares its partitions. */
    public static String tasks(AgentKind kind) {
        return "dea.tasks." + kind.name().toLowerCase(Locale.ROOT);
    }

    public static String deadLetter(String topic) {
        return topic + DLT_SUFFIX;
    }

    /** Topics some service consumes (the submitter's tools aside), from {@link TopicRegistry}. */
    public static List<String> consumed() {
        return TopicRegistry.all().stream().filter(TopicSpec::consumedByAService).map(TopicSpec::name).toList();
    }

    /** Topics whose consumer dead-letters what it cannot decode to {@code <topic>-dlt}. */
    public static List<String> deadLettered() {
        return TopicRegistry.all().stream().filter(TopicSpec::hasDeadLetter).map(TopicSpec::name).toList();
    }

    /** Every topic with plain delete retention, dead-letter topics included (the compacted ones are apart). */
    public static List<String> all() {
        List<String> topics = new ArrayList<>();
        TopicRegistry.all().stream().filter(t -> !t.compacted()).map(TopicSpec::name).forEach(topics::add);
        deadLettered().stream().map(Topics::deadLetter).forEach(topics::add);
        return topics;
    }

    public static List<String> compacted() {
        return TopicRegistry.all().stream().filter(TopicSpec::compacted).map(TopicSpec::name).toList();
    }
}
