package io.dea.platform.avro;

import io.dea.events.v1.ArtifactProposed;
import io.dea.events.v1.GoalRejected;
import io.dea.events.v1.GoalRequested;
import io.dea.events.v1.PlanEvent;
import io.dea.events.v1.PlanState;
import io.dea.events.v1.ReviewDecided;
import io.dea.events.v1.ReviewRequested;
import io.dea.events.v1.RollbackRequested;
import io.dea.events.v1.TaskProgress;
import io.dea.events.v1.TaskRequested;
import io.dea.events.v1.TaskResult;
import io.dea.events.v1.ToolCallAudited;
import io.dea.platform.kafka.AgentKind;
import io.dea.platform.kafka.Topics;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * The value schema of every topic (TopicNameStrategy: subject {@code <topic>-value}), and the
 * deploy-time step that registers them, so producers need not auto-register and a foreign client can
 * fetch the request topic's schema before anyone has published.
 */
public final class TopicSchemas {

    private TopicSchemas() {
    }

    public static Map<String, Schema> all() {
        Map<String, Schema> schemas = new LinkedHashMap<>();
        schemas.put(Topics.GOAL_REQUESTS, GoalRequested.getClassSchema());
        schemas.put(Topics.GOALS_ACCEPTED, GoalRequested.getClassSchema());
        schemas.put(Topics.GOAL_REJECTIONS, GoalRejected.getClassSchema());
        schemas.put(Topics.GOAL_ROLLBACKS, RollbackRequested.getClassSchema());
        schemas.put(Topics.PLAN_EVENTS, PlanEvent.getClassSchema());
        schemas.put(Topics.PLAN_STATE, PlanState.getClassSchema());
        schemas.put(Topics.TASK_RESULTS, TaskResult.getClassSchema());
        schemas.put(Topics.TASK_PROGRESS, TaskProgress.getClassSchema());
        schemas.put(Topics.REVIEWS_REQUESTED, ReviewRequested.getClassSchema());
        schemas.put(Topics.REVIEWS_DECIDED, ReviewDecided.getClassSchema());
        schemas.put(Topics.AUDIT, ToolCallAudited.getClassSchema());
        schemas.put(Topics.ARTIFACTS, ArtifactProposed.getClassSchema());
        for (AgentKind kind : AgentKind.values()) {
            schemas.put(Topics.tasks(kind), TaskRequested.getClassSchema());
        }
        return schemas;
    }

    /**
     * Topics that Kafka Streams makes for the orchestrator: its plan store's changelog holds
     * PlanState records, serialized like any topic's, so its subject must be registered too where
     * services may not register (the local stack, DEA_AUTO_REGISTER_SCHEMAS=false).
     */
    public static Map<String, Schema> internal() {
        return Map.of(io.dea.platform.kafka.KafkaAccess.ORCHESTRATOR_APP + "-plans-changelog", PlanState.getClassSchema());
    }

    /** Every topic's value schema, the orchestrator's internal topics included. */
    public static Map<String, Schema> everything() {
        Map<String, Schema> schemas = new LinkedHashMap<>(all());
        schemas.putAll(internal());
        return schemas;
    }

    /** Registers every topic's value schema; the registry refuses an incompatible change. */
    public static void registerAll(SchemaRegistryClient registry) {
        everything().forEach((topic, schema) -> registry.register(topic + "-value", schema));
    }
}
