package io.dea.orchestrator.stream;

import io.dea.events.v1.EventMeta;
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
import io.dea.orchestrator.plan.Effect;
import io.dea.orchestrator.plan.Plan;
import io.dea.orchestrator.plan.PlanCodec;
import io.dea.orchestrator.plan.PlanMachine;
import io.dea.orchestrator.plan.RunCheck;
import io.dea.orchestrator.plan.Planner;
import io.dea.orchestrator.plan.Step;
import io.dea.orchestrator.plan.StepStatus;
import io.dea.platform.event.EventFactory;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plan processor: one per partition, owning the plans keyed to it in a local store backed by a
 * changelog topic, so plan state survives restarts and is shared out by partition among replicas.
 * Under exactly-once processing the store change, the records it publishes and the input offset
 * commit together: a restarted orchestrator neither loses a step nor sends one twice.
 * A wall-clock punctuation drives timeouts and retry backoffs.
 */
final class PlanProcessor implements Processor<String, Object, String, Object> {

    private static final Logger log = LoggerFactory.getLogger(PlanProcessor.class);
    private static final Duration TICK = Duration.ofMillis(500);

    private final Planner planner;
    private final PlanMachine machine;
    private final EventFactory events;
    private final StreamTracing tracing;
    private final Map<String, Long> wakeUps = new HashMap<>();
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, PlanState> store;

    PlanProcessor(Planner planner, PlanMachine machine, EventFactory events, StreamTracing tracing) {
        this.planner = planner;
        this.machine = machine;
        this.events = events;
        this.tracing = tracing;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.store = context.getStateStore(OrchestratorTopology.PLANS_STORE);
        try (KeyValueIterator<String, PlanState> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, PlanState> entry = all.next();
                remember(PlanCodec.fromRecord(entry.value));
            }
        }
        context.schedule(TICK, PunctuationType.WALL_CLOCK_TIME, this::tick);
    }

    @Override
    public void process(Record<String, Object> record) {
        long now = context.currentSystemTimeMs();
        Object value = record.value();
        if (value instanceof GoalRequested goal) {
            plan(goal, record.headers(), now);
            return;
        }
        if (value instanceof RunRequested run) {
            checkRun(record.key(), run, record.headers(), now);
            return;
        }
        if (value instanceof RunChecked checked) {
            startRun(checked, record.headers(), now);
            return;
        }
        String planId = record.key();
        PlanState stored = planId == null ? null : store.get(planId);
        if (stored == null) {
            log.warn("{} for unknown plan {}: ignored", value == null ? "tombstone" : value.getClass().getSimpleName(), planId);
            return;
        }
        Plan plan = PlanCodec.fromRecord(stored);
        if (value instanceof TaskProgress progress) {
            // Heartbeats change nothing that is sent on, so they get no span of their own.
            if (machine.onProgress(plan, progress, now)) {
                store.put(plan.planId(), PlanCodec.toRecord(plan, stored.getMeta()));
                remember(plan);
            }
            return;
        }
        advance(plan, value, record.headers(), now);
    }

    /** A new goal: plans it once (a repeated request is ignored) and starts the plan. */
    private void plan(GoalRequested goal, Headers headers, long now) {
        if (store.get(goal.getGoalId()) != null) {
            log.info("goal {} is already planned; ignoring the repeated request", goal.getGoalId());
            return;
        }
        Span span = tracing.startFrom("plan goal", headers);
        try (Scope ignored = span.makeCurrent()) {
            span.setAttribute("dea.goal_id", goal.getGoalId());
            // The plan's trace id is the goal's OpenTelemetry trace, so the trace id on every
            // event of the goal finds its spans in a tracing backend.
            Plan plan = planner.plan(goal.getGoalId(), traceId(span), goal.getRequestedBy(), goal.getSpec(), now);
            log.info("goal {} planned: {} steps", goal.getGoalId(), plan.steps().size());
            apply(plan, machine.start(plan, now), now);
        } finally {
            span.end();
        }
    }

    /**
     * A run request, keyed by goal id, so the goal's plan is in this partition's store: it is looked
     * at here and sent on, keyed by run id, to the partition that will own the run.
     */
    private void checkRun(String key, RunRequested request, Headers headers, long now) {
        String runId = request.getRunId();
        if (runId == null || runId.isBlank() || runId.length() > 256) {
            log.warn("run request for goal {} without a usable run id: ignored (nobody could follow it)", request.getGoalId());
            return;
        }
        Span span = tracing.startFrom("check run", headers);
        try (Scope ignored = span.makeCurrent()) {
            span.setAttribute("dea.goal_id", String.valueOf(request.getGoalId()));
            // Keyed by anything but its goal id, the request reached a partition that may not hold the goal's plan.
            PlanState stored = request.getGoalId().equals(key) ? store.get(key) : null;
            Plan goal = stored == null ? null : PlanCodec.fromRecord(stored);
            RunChecked checked = RunCheck.check(request, key, goal, events, traceId(span));
            RecordHeaders out = new RecordHeaders();
            tracing.inject(out);
            context.forward(new Record<>(runId, (Object) checked, now, out), OrchestratorTopology.RUNS_CHECKED_SINK);
        } finally {
            span.end();
        }
    }

    /** A checked run on the partition that owns it: planned and started once, or recorded as refused. */
    private void startRun(RunChecked checked, Headers headers, long now) {
        if (store.get(checked.getRunId()) != null) {
            log.info("run {} of goal {} is known already; ignoring the repeated request", checked.getRunId(), checked.getGoalId());
            return;
        }
        Span span = tracing.startFrom("plan run", headers);
        try (Scope ignored = span.makeCurrent()) {
            span.setAttribute("dea.goal_id", checked.getGoalId());
            Plan run = planner.run(checked, traceId(span), now);
            log.info("run {} of goal {}: {}", checked.getRunId(), checked.getGoalId(),
                    run.reason() != null ? run.reason() : run.steps().size() + " steps");
            apply(run, machine.start(run, now), now);
        } finally {
            span.end();
        }
    }

    /** The span's trace id, which becomes the plan's, so its events find their spans. */
    private static String traceId(Span span) {
        return span.getSpanContext().isValid() ? span.getSpanContext().getTraceId() : UUID.randomUUID().toString();
    }

    /** A result, a decision or a rollback request for a known plan: the machine's effects, in the goal's trace. */
    private void advance(Plan plan, Object value, Headers headers, long now) {
        Span span = tracing.startInGoalTrace("plan " + (value == null ? "tombstone" : value.getClass().getSimpleName()),
                plan.traceId(), headers);
        try (Scope ignored = span.makeCurrent()) {
            span.setAttribute("dea.goal_id", plan.goalId());
            if (value instanceof TaskResult result) {
                span.setAttribute("dea.step", result.getStep());
                apply(plan, machine.onResult(plan, result, now), now);
            } else if (value instanceof ReviewDecided decision) {
                apply(plan, machine.onDecision(plan, decision, now), now);
            } else if (value instanceof RollbackRequested rollback) {
                log.info("goal {}: rollback requested by {}", plan.goalId(), rollback.getRequestedBy());
                apply(plan, machine.onRollback(plan, rollback, now), now);
            }
        } finally {
            span.end();
        }
    }

    private void tick(long now) {
        List<String> due = wakeUps.entrySet().stream().filter(e -> e.getValue() <= now).map(Map.Entry::getKey).toList();
        for (String planId : due) {
            PlanState stored = store.get(planId);
            if (stored == null) {
                wakeUps.remove(planId);
                continue;
            }
            Plan plan = PlanCodec.fromRecord(stored);
            List<Effect> effects = machine.onTick(plan, now);
            if (effects.isEmpty()) {
                remember(plan);
                continue;
            }
            Span span = tracing.startInGoalTrace("plan tick", plan.traceId(), null);
            try (Scope ignored = span.makeCurrent()) {
                apply(plan, effects, now);
            } finally {
                span.end();
            }
        }
    }

    private void apply(Plan plan, List<Effect> effects, long now) {
        if (effects.isEmpty()) {
            return;
        }
        EventMeta meta = events.meta(plan.traceId(), plan.goalId(), plan.planId());
        PlanState state = PlanCodec.toRecord(plan, meta);
        store.put(plan.planId(), state);
        remember(plan);
        for (Effect effect : effects) {
            if (effect instanceof Effect.Dispatch dispatch) {
                forward(plan, task(plan, dispatch.step(), now), OrchestratorTopology.TASKS_SINK, now);
            } else if (effect instanceof Effect.OpenReview review) {
                forward(plan, review(plan, review), OrchestratorTopology.REVIEWS_SINK, now);
            } else if (effect instanceof Effect.Announce announce) {
                forward(plan, new PlanEvent(events.meta(plan.traceId(), plan.goalId(), plan.planId()), announce.type(),
                        plan.status().name(), announce.step(), announce.reason()), OrchestratorTopology.PLAN_EVENTS_SINK, now);
            }
        }
        forward(plan, state, OrchestratorTopology.PLAN_STATE_SINK, now);
    }

    private TaskRequested task(Plan plan, Step step, long now) {
        Map<String, String> inputs = new HashMap<>();
        for (Step done : plan.steps()) {
            if (done.status() == StepStatus.SUCCEEDED) {
                done.outputs().forEach((k, v) -> inputs.put(done.name() + "." + k, v));
            }
        }
        return TaskRequested.newBuilder()
                .setMeta(events.meta(plan.traceId(), plan.goalId(), plan.planId()))
                .setTaskId(step.taskId())
                .setAttempt(step.attempt())
                .setStep(step.name())
                .setAgent(step.agent())
                .setKind(step.kind())
                .setSource(step.source())
                .setGoal(plan.goal())
                .setBranch(plan.branch())
                .setEnvironment(plan.environment())
                .setInputs(inputs)
                .setApprovedBy(step.approvedBy())
                .setWriteApproval(plan.writeApproval(step))
                .setPlanKind(plan.kind())
                .setReviewId(step.reviewId())
                .setDeadline(Instant.ofEpochMilli(now + machine.taskTimeout().toMillis()))
                .build();
    }

    private ReviewRequested review(Plan plan, Effect.OpenReview review) {
        Step step = review.step();
        return ReviewRequested.newBuilder()
                .setMeta(events.meta(plan.traceId(), plan.goalId(), plan.planId()))
                .setReviewId(step.reviewId())
                .setKind(review.kind().name())
                .setStep(step.name())
                .setTaskId(step.taskId())
                .setAttempt(step.attempt())
                .setSummary(review.summary())
                .setDiff(review.diff() == null ? "" : review.diff())
                .setRequiredRole(review.requiredRole())
                .setRequestedBy(plan.requestedBy())
                .setFourEyes(review.fourEyes())
                .build();
    }

    private void forward(Plan plan, Object value, String sink, long now) {
        RecordHeaders headers = new RecordHeaders();
        tracing.inject(headers);
        context.forward(new Record<>(plan.planId(), value, now, headers), sink);
    }

    private void remember(Plan plan) {
        Long next = machine.nextWakeUp(plan);
        if (next == null) {
            wakeUps.remove(plan.planId());
        } else {
            wakeUps.put(plan.planId(), next);
        }
    }
}
