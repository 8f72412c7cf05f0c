package io.dea.platform.kafka;

import io.dea.events.v1.ArtifactProposed;
import io.dea.events.v1.GoalRejected;
import io.dea.events.v1.GoalRequested;
import io.dea.events.v1.PlanEvent;
import io.dea.events.v1.PlanState;
import io.dea.events.v1.ReviewDecided;
import io.dea.events.v1.ReviewRequested;
import io.dea.events.v1.RollbackRequested;
import io.dea.events.v1.RunChecked;
import io.dea.events.v1.RunRequested;
import io.dea.events.v1.TaskProgress;
import io.dea.events.v1.TaskRequested;
import io.dea.events.v1.TaskResult;
import io.dea.events.v1.ToolCallAudited;
import io.dea.platform.kafka.KafkaAccess.Principal;
import io.dea.platform.kafka.TopicSpec.Cleanup;
import io.dea.platform.kafka.TopicSpec.Key;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;

/**
 * Every topic of the system, declared once (the names are {@link Topics}' constants). Dead letters
 * exist exactly where a consumer has a recoverer that writes them: the orchestrator's streams
 * ({@code DeadLetteringHandler}) for everything it reads, and each agent's listener for its task
 * topic. The review service reads its topics with a plain reader that skips what it cannot decode,
 * so {@code dea.reviews.requested} has no dead-letter topic.
 */
public final class TopicRegistry {

    private static final Duration WEEK = Duration.ofDays(7);
    private static final Principal ORCHESTRATOR = Principal.ORCHESTRATOR;

    private static final List<TopicSpec> TOPICS = declare();

    private TopicRegistry() {
    }

    /** Every topic, in declaration order. */
    public static List<TopicSpec> all() {
        return TOPICS;
    }

    public static TopicSpec of(String name) {
        return TOPICS.stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no topic " + name + " in the registry"));
    }

    private static List<TopicSpec> declare() {
        List<TopicSpec> t = new ArrayList<>();
        t.add(orchestratorInput(Topics.GOAL_REQUESTS, Key.GOAL_ID, GoalRequested.class, WEEK, "goals from any client (docs/interface.md's REQUEST_TOPIC)"));
        t.add(orchestratorInput(Topics.GOALS_ACCEPTED, Key.PLAN_ID, GoalRequested.class, WEEK, "accepted goals, re-keyed by plan id"));
        t.add(orchestratorInput(Topics.GOAL_ROLLBACKS, Key.PLAN_ID, RollbackRequested.class, WEEK,
                "rollbacks asked for by people (./dea rollback)"));
        t.add(orchestratorInput(Topics.RUN_REQUESTS, Key.GOAL_ID, RunRequested.class, WEEK,
                "runs of applied goals asked for by ./dea run, the generated Airflow DAGs or any submitter"));
        t.add(orchestratorInput(Topics.RUNS_ROUTED, Key.GOAL_ID, RunRequested.class, WEEK,
                "run requests re-keyed by goal id with Kafka's partitioner, to the partition of the goal's plan"));
        t.add(orchestratorInput(Topics.RUNS_CHECKED, Key.PLAN_ID, RunChecked.class, WEEK, "run requests after the goal was looked at, re-keyed by run id (the run's plan id)"));
        t.add(orchestratorInput(Topics.TASK_RESULTS, Key.PLAN_ID, TaskResult.class, WEEK, "every agent's task results"));
        t.add(orchestratorInput(Topics.TASK_PROGRESS, Key.PLAN_ID, TaskProgress.class, Duration.ofDays(1), "every agent's heartbeats"));
        t.add(new TopicSpec(Topics.REVIEWS_DECIDED, Key.PLAN_ID, ReviewDecided.class, Cleanup.DELETE, WEEK,
                Set.of(ORCHESTRATOR, Principal.REVIEW), ORCHESTRATOR, "review decisions, written by the review service"));
        t.add(new TopicSpec(Topics.REVIEWS_REQUESTED, Key.PLAN_ID, ReviewRequested.class, Cleanup.DELETE, WEEK,
                Set.of(Principal.REVIEW), null, "review gates the orchestrator opens; the review service reads them without a group"));
        for (AgentKind kind : AgentKind.values()) {
            Principal agent = Principal.valueOf(kind.name());
            t.add(new TopicSpec(Topics.tasks(kind), Key.PLAN_ID, TaskRequested.class, Cleanup.DELETE, WEEK, Set.of(agent), agent,
                    "the " + kind.id() + " agent's tasks, one consumer group"));
        }
        t.add(output(Topics.GOAL_REJECTIONS, Key.GOAL_ID, GoalRejected.class, WEEK, Set.of(Principal.SUBMITTER), "rejected goals and why"));
        t.add(output(Topics.PLAN_EVENTS, Key.PLAN_ID, PlanEvent.class, WEEK, Set.of(Principal.SUBMITTER), "plan created, updated, ended"));
        t.add(new TopicSpec(Topics.PLAN_STATE, Key.PLAN_ID, PlanState.class, Cleanup.COMPACT, null, Set.of(Principal.SUBMITTER, Principal.OPS, Principal.REVIEW),
                null, "the latest state of every plan (the ops agent reads it to clean up after ended plans, lineage which plans were rolled back)"));
        t.add(output(Topics.AUDIT, Key.PLAN_ID, ToolCallAudited.class, Duration.ofDays(30), Set.of(), "every tool call of every agent"));
        t.add(output(Topics.ARTIFACTS, Key.PLAN_ID, ArtifactProposed.class, WEEK, Set.of(), "every artifact an agent proposes"));
        t.add(output(Topics.LINEAGE, Key.PLAN_ID, null, WEEK, Set.of(Principal.SUBMITTER, Principal.REVIEW),
                "OpenLineage RunEvents as JSON (not Avro) for every dataset a load or a dbt run reads or writes (./dea lineage reads them)"));
        return List.copyOf(t);
    }

    /** Read by the orchestrator's streams, whose deserialization handler dead-letters what it cannot decode. */
    private static TopicSpec orchestratorInput(String name, Key key, Class<? extends SpecificRecord> value, Duration retention, String about) {
        return new TopicSpec(name, key, value, Cleanup.DELETE, retention, Set.of(ORCHESTRATOR), ORCHESTRATOR, about);
    }

    /** Read by people's tools, or by nothing inside the system. */
    private static TopicSpec output(String name, Key key, Class<? extends SpecificRecord> value, Duration retention,
            Set<Principal> consumers, String about) {
        return new TopicSpec(name, key, value, Cleanup.DELETE, retention, consumers, null, about);
    }
}
