package io.dea.orchestrator.stream;

import io.dea.events.v1.PlanState;
import io.dea.events.v1.TaskRequested;
import io.dea.orchestrator.plan.GoalValidator;
import io.dea.orchestrator.plan.PlanMachine;
import io.dea.orchestrator.plan.Planner;
import io.dea.platform.avro.AvroSerde;
import io.dea.platform.event.EventFactory;
import io.dea.platform.kafka.AgentKind;
import io.dea.platform.kafka.Topics;
import io.opentelemetry.api.OpenTelemetry;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The orchestrator's topology. Goals pass the intake (validate, then re-key by plan id through
 * {@link Topics#GOALS_ACCEPTED}); the plan processor reads accepted goals, results, heartbeats, rollback requests and
 * review decisions, all keyed by plan id with the same partition count, so one task owns a plan
 * and every event about it. Run requests come keyed by goal id (to the task owning the goal's plan)
 * and go on through {@link Topics#RUNS_CHECKED} keyed by run id (to the task that will own the run). Tasks go to the agent's own topic.
 */
public final class OrchestratorTopology {

    static final String PLANS_STORE = "plans";
    static final String ACCEPTED_SINK = "accepted-goals";
    static final String REJECTIONS_SINK = "goal-rejections";
    static final String PLAN_EVENTS_SINK = "plan-events";
    static final String PLAN_STATE_SINK = "plan-state";
    static final String TASKS_SINK = "tasks";
    static final String REVIEWS_SINK = "review-requests";
    static final String RUNS_CHECKED_SINK = "checked-runs";

    private OrchestratorTopology() {
    }

    public static Topology build(Map<String, ?> serdeConfig, GoalValidator validator, Planner planner, PlanMachine machine,
                                 EventFactory events, OpenTelemetry openTelemetry) {
        StreamTracing tracing = new StreamTracing(openTelemetry);
        Serde<String> keys = Serdes.String();
        AvroSerde<Object> values = new AvroSerde<>(serdeConfig, false);
        AvroSerde<PlanState> plans = new AvroSerde<>(serdeConfig, false);

        Topology topology = new Topology();
        topology.addSource("goal-requests", keys.deserializer(), values.deserializer(), Topics.GOAL_REQUESTS);
        topology.addProcessor("goal-intake", () -> new GoalIntake(validator, events, tracing), "goal-requests");
        topology.addSink(ACCEPTED_SINK, Topics.GOALS_ACCEPTED, keys.serializer(), values.serializer(), "goal-intake");
        topology.addSink(REJECTIONS_SINK, Topics.GOAL_REJECTIONS, keys.serializer(), values.serializer(), "goal-intake");

        topology.addSource("plan-inputs", keys.deserializer(), values.deserializer(),
                Topics.GOALS_ACCEPTED, Topics.TASK_RESULTS, Topics.TASK_PROGRESS, Topics.REVIEWS_DECIDED, Topics.GOAL_ROLLBACKS,
                Topics.RUN_REQUESTS, Topics.RUNS_CHECKED);
        topology.addProcessor("plans", () -> new PlanProcessor(planner, machine, events, tracing), "plan-inputs");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PLANS_STORE), keys, plans), "plans");
        topology.addSink(TASKS_SINK,
                (key, value, context) -> Topics.tasks(AgentKind.of(((TaskRequested) value).getAgent())),
                keys.serializer(), values.serializer(), "plans");
        topology.addSink(REVIEWS_SINK, Topics.REVIEWS_REQUESTED, keys.serializer(), values.serializer(), "plans");
        topology.addSink(RUNS_CHECKED_SINK, Topics.RUNS_CHECKED, keys.serializer(), values.serializer(), "plans");
        topology.addSink(PLAN_EVENTS_SINK, Topics.PLAN_EVENTS, keys.serializer(), values.serializer(), "plans", "goal-intake");
        topology.addSink(PLAN_STATE_SINK, Topics.PLAN_STATE, keys.serializer(), values.serializer(), "plans", "goal-intake");
        return topology;
    }
}
