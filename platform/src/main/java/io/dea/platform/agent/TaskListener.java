package io.dea.platform.agent;

import io.dea.events.v1.ReviewNeed;
import io.dea.events.v1.TaskRequested;
import io.dea.events.v1.TaskResult;
import io.dea.platform.artifact.ArtifactStore;
import io.dea.platform.dbt.Dbt;
import io.dea.platform.event.EventFactory;
import io.dea.platform.kafka.Topics;
import io.dea.platform.tool.ToolAudit;
import io.dea.platform.warehouse.Warehouse;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The task-handling template every agent runs: consumes its kind's task topic (one consumer group
 * per kind, so replicas share partitions), answers a re-delivered task from the ledger instead of
 * redoing it, sends heartbeats while the handler works, and publishes the result keyed by plan id.
 * Failures to publish are thrown, so the container's error handler retries and then dead-letters;
 * undecodable records never reach here (the error-handling deserializer dead-letters them).
 */
public class TaskListener {

    private static final Logger log = LoggerFactory.getLogger(TaskListener.class);
    private static final Duration HEARTBEAT = Duration.ofSeconds(10);

    private final TaskHandler handler;
    private final KafkaTemplate<String, Object> kafka;
    private final EventFactory events;
    private final ToolAudit audit;
    private final TaskLedger ledger;
    private final Warehouse warehouse;
    private final ArtifactStore artifacts;
    private final Dbt dbt;
    private final Path workRoot;
    private final MeterRegistry meters;
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "task-heartbeat");
        t.setDaemon(true);
        return t;
    });

    public TaskListener(TaskHandler handler, KafkaTemplate<String, Object> kafka, EventFactory events, ToolAudit audit,
                        TaskLedger ledger, Warehouse warehouse, ArtifactStore artifacts, Dbt dbt, Path workRoot,
                        MeterRegistry meters) {
        this.handler = handler;
        this.kafka = kafka;
        this.events = events;
        this.audit = audit;
        this.ledger = ledger;
        this.warehouse = warehouse;
        this.artifacts = artifacts;
        this.dbt = dbt;
        this.workRoot = workRoot;
        this.meters = meters;
    }

    public String getTopic() {
        return Topics.tasks(handler.kind());
    }

    public String getGroupId() {
        return "dea-" + handler.kind().id();
    }

    @KafkaListener(id = "#{__listener.groupId}", topics = "#{__listener.topic}", groupId = "#{__listener.groupId}")
    public void onTask(ConsumerRecord<String, TaskRequested> record) throws Exception {
        TaskRequested task = record.value();
        String agent = handler.kind().id();
        meters.counter("dea.tasks.received", "agent", agent).increment();
        Optional<TaskResult> earlier = ledger.find(agent, task.getTaskId(), task.getAttempt());
        if (earlier.isPresent()) {
            log.info("task {} attempt {} was already done; answering again without redoing it", task.getTaskId(), task.getAttempt());
            meters.counter("dea.tasks.redelivered", "agent", agent).increment();
            publish(earlier.get());
            return;
        }
        TaskContext context = new TaskContext(task, new io.dea.platform.event.KafkaEventSink(kafka), events, audit, warehouse, artifacts, dbt, workRoot);
        ScheduledFuture<?> heartbeat = heartbeats.scheduleAtFixedRate(() -> context.progress("working", null),
                HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
        Timer.Sample sample = Timer.start(meters);
        TaskOutcome outcome;
        try {
            log.info("task {} attempt {} ({} of goal {}) started", task.getTaskId(), task.getAttempt(), task.getStep(),
                    task.getMeta().getGoalId());
            outcome = handler.handle(context);
        } catch (TaskContext.UnusableGoalException e) {
            outcome = TaskOutcome.failed(e.getMessage(), e.getMessage());
        } catch (Exception e) {
            log.warn("task {} attempt {} could not run: {}", task.getTaskId(), task.getAttempt(), e.toString());
            outcome = TaskOutcome.error(e.getMessage() == null ? e.toString() : e.getMessage());
        } finally {
            heartbeat.cancel(false);
        }
        sample.stop(meters.timer("dea.tasks.duration", "agent", agent, "outcome", outcome.outcome().name()));
        meters.counter("dea.tasks.completed", "agent", agent, "outcome", outcome.outcome().name()).increment();
        TaskResult result = toResult(task, outcome);
        ledger.record(result);
        publish(result);
        log.info("task {} attempt {} {}: {}", task.getTaskId(), task.getAttempt(), outcome.outcome(), outcome.summary());
    }

    private TaskResult toResult(TaskRequested task, TaskOutcome outcome) {
        TaskOutcome.Review review = outcome.review();
        return TaskResult.newBuilder()
                .setMeta(events.follow(task.getMeta()))
                .setTaskId(task.getTaskId())
                .setAttempt(task.getAttempt())
                .setStep(task.getStep())
                .setAgent(task.getAgent())
                .setOutcome(outcome.outcome())
                .setSummary(outcome.summary())
                .setError(outcome.error())
                .setOutputs(outcome.outputs())
                .setArtifacts(outcome.artifacts())
                .setReview(review == null ? null
                        : new ReviewNeed(review.kind(), review.summary(), review.diff(), review.requiredRole()))
                .build();
    }

    private void publish(TaskResult result) throws Exception {
        kafka.send(Topics.TASK_RESULTS, result.getMeta().getPlanId(), result).get(30, TimeUnit.SECONDS);
    }
}
