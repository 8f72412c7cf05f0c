package io.dea.ops.lifecycle;

import io.dea.platform.artifact.ArtifactStore;
import io.dea.platform.config.DeaProperties;
import io.dea.platform.warehouse.Warehouse;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Plans clean up after themselves: every {@code dea.lifecycle.interval} the ops agent removes what
 * ended plans left once their retention passed ({@link LifecycleRules}). It judges only after it
 * has read every plan state that existed when it started, so a plan it has not read yet keeps all
 * it has. A pass that fails is logged and the next one tries again: no crash loop. Replicas of the
 * ops agent may all run it: every removal is idempotent.
 */
@Component
public class LifecycleService implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LifecycleService.class);

    private final LifecycleProperties properties;
    private final Cleaner cleaner;
    private final KafkaProperties kafka;
    private final DeaProperties dea;
    private volatile PlanStates plans;
    private volatile ScheduledExecutorService timer;

    public LifecycleService(LifecycleProperties properties, Warehouse warehouse, ArtifactStore artifacts, KafkaProperties kafka,
            DeaProperties dea) {
        this.properties = properties;
        this.cleaner = new Cleaner(warehouse, artifacts);
        this.kafka = kafka;
        this.dea = dea;
    }

    @Override
    public void start() {
        if (!properties.enabled()) {
            log.info("Lifecycle cleanup is off (dea.lifecycle.enabled=false)");
            return;
        }
        plans = new PlanStates(kafka.buildConsumerProperties(), "ops-lifecycle-" + dea.instanceId());
        plans.start();
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dea-lifecycle");
            t.setDaemon(true);
            return t;
        });
        long every = properties.interval().toMillis();
        timer.scheduleWithFixedDelay(this::pass, every, every, TimeUnit.MILLISECONDS);
    }

    /** One pass: what is eligible now, removed. Never throws, so the schedule goes on. */
    void pass() {
        try {
            if (!plans.complete()) {
                return;
            }
            List<Removal> due = cleaner.eligible(plans.snapshot(), properties.retention(), Instant.now());
            if (!due.isEmpty()) {
                cleaner.remove(due);
            }
        } catch (RuntimeException e) {
            log.warn("Lifecycle pass failed, trying again in {}: {}", properties.interval(), e.getMessage());
        }
    }

    @Override
    public void stop() {
        ScheduledExecutorService t = timer;
        if (t != null) {
            t.shutdownNow();
        }
        PlanStates p = plans;
        if (p != null) {
            p.close();
        }
        timer = null;
    }

    @Override
    public boolean isRunning() {
        return timer != null;
    }
}
