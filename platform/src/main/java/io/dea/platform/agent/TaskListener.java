package io.dea.platform.agent;

import io.dea.events.v1.Outcome;
import io.dea.events.v1.ReviewNeed;
import io.dea.events.v1.TaskRequested;
import io.dea.events.v1.TaskResult;
import io.dea.platform.kafka.Topics;
import io.dea.platform.warehouse.WriteRefusedException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
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

    /** Tasks taken off the topic, first attempts, retries and re-deliveries alike. */
    public static final String RECEIVED = "dea.tasks.received";
    /** Tasks whose attempt is above 1: a retry after an error, or the re-run of an approved step. */
    public static final String RETRIED = "dea.tasks.retried";
    /** Tasks already done once, answered from the ledger without redoing them. */
    public static final String REDELIVERED = "dea.tasks.redelivered";
    /** Tasks that ended SUCCEEDED (including those whose result asks for a review). */
    public static final String COMPLETED = "dea.tasks.completed";
    /** Tasks that ended FAILED (the answer is no) or ERROR (could not run; the orchestrator retries). */
    public static final String FAILED = "dea.tasks.failed";
    /** Time on a task, a histogram per agent and outcome. */
    public static final String DURATION = "dea.tasks.duration";

    private final TaskHandler handler;
    private final TaskServices services;
    private final TaskLedger ledger;
    private final KafkaTemplate<String, Object> kafka;
    private final MeterRegistry meters;
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "task-heartbeat");
        t.setDaemon(true);
        return t;
    });

    /** @param kafka where results go; the tasks' own events go through {@code services.sink()} */
    public TaskListener(TaskHandler handler, TaskServices services, TaskLedger ledger, KafkaTemplate<String, Object> kafka,
                        MeterRegistry meters) {
        this.handler = handler;
        this.services = services;
        this.ledger = ledger;
        this.kafka = kafka;
        this.meters = meters;
        registerMeters();
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
        try (MDC.MDCCloseable goal = MDC.putCloseable("goal_id", task.getMeta().getGoalId());
             MDC.MDCCloseable plan = MDC.putCloseable("plan_id", task.getMeta().getPlanId());
             MDC.MDCCloseable id = MDC.putCloseable("task_id", task.getTaskId())) {
            handle(task);
        }
    }

    private void handle(TaskRequested task) throws Exception {
        String agent = handler.kind().id();
        meters.counter(RECEIVED, "agent", agent).increment();
        if (task.getAttempt() > 1) {
            meters.counter(RETRIED, "agent", agent).increment();
        }
        Optional<TaskResult> earlier = ledger.find(agent, task.getTaskId(), task.getAttempt());
        if (earlier.isPresent()) {
            log.info("task {} attempt {} was already done; answering again without redoing it", task.getTaskId(), task.getAttempt());
            meters.counter(REDELIVERED, "agent", agent).increment();
            publish(earlier.get());
            return;
        }
        Timer.Sample sample = Timer.start(meters);
        TaskOutcome outcome = run(task);
        String result = outcome.outcome().name();
        sample.stop(Timer.builder(DURATION).description("Time an agent spent on a task, by outcome")
                .tags("agent", agent, "outcome", result).publishPercentileHistogram().register(meters));
        meters.counter(outcome.outcome() == Outcome.SUCCEEDED ? COMPLETED : FAILED, "agent", agent, "outcome", result).increment();
        TaskResult answer = toResult(task, outcome);
        ledger.record(answer);
        publish(answer);
        log.info("task {} attempt {} {}: {}", task.getTaskId(), task.getAttempt(), outcome.outcome(), outcome.summary());
    }

    /** Runs the handler with a heartbeat; whatever it throws becomes a FAILED or ERROR outcome. */
    private TaskOutcome run(TaskRequested task) {
        TaskContext context = services.context(task);
        ScheduledFuture<?> heartbeat = heartbeats.scheduleAtFixedRate(() -> context.progress("working", null),
                HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
        try {
            log.info("task {} attempt {} ({} of goal {}) started", task.getTaskId(), task.getAttempt(), task.getStep(),
                    task.getMeta().getGoalId());
            return handler.handle(context);
        } catch (TaskContext.UnusableGoalException e) {
            return TaskOutcome.failed(e.getMessage(), e.getMessage());
        } catch (Exception e) {
            return failure(task, e);
        } finally {
            heartbeat.cancel(false);
        }
    }

    private static TaskOutcome failure(TaskRequested task, Exception e) {
        WriteRefusedException refused = refusal(e);
        if (refused != null) {
            // The gate's answer does not change on a retry: the step fails with it at once.
            log.warn("task {} attempt {} was refused: {}", task.getTaskId(), task.getAttempt(), refused.getMessage());
            return TaskOutcome.failed(refused.getMessage(), refused.getMessage() + ": " + refused.sql());
        }
        log.warn("task {} attempt {} could not run: {}", task.getTaskId(), task.getAttempt(), e.toString());
        return TaskOutcome.error(e.getMessage() == null ? e.toString() : e.getMessage());
    }

    private static WriteRefusedException refusal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof WriteRefusedException refused) {
                return refused;
            }
        }
        return null;
    }

    /** Registers the counters at zero, so a dashboard shows the series before the first task arrives. */
    private void registerMeters() {
        String agent = handler.kind().id();
        for (String name : List.of(RECEIVED, RETRIED, REDELIVERED)) {
            meters.counter(name, "agent", agent);
        }
        meters.counter(COMPLETED, "agent", agent, "outcome", Outcome.SUCCEEDED.name());
        meters.counter(FAILED, "agent", agent, "outcome", Outcome.FAILED.name());
        meters.counter(FAILED, "agent", agent, "outcome", Outcome.ERROR.name());
    }

    private TaskResult toResult(TaskRequested task, TaskOutcome outcome) {
        TaskOutcome.Review review = outcome.review();
        return TaskResult.newBuilder()
                .setMeta(services.events().follow(task.getMeta()))
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
