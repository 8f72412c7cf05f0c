package io.dea.stack.slow;

import io.dea.platform.agent.TaskContext;
import io.dea.platform.agent.TaskHandler;
import io.dea.platform.agent.TaskOutcome;
import io.dea.platform.kafka.AgentKind;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * An agent service whose one handler takes a few seconds, so a test can stop the service while a
 * task is in hand. It runs the platform's real task template, like every agent.
 */
@SpringBootApplication
public class SlowAgentApplication {

    /** Counts down when a task starts. */
    public static volatile CountDownLatch started = new CountDownLatch(1);
    /** Tasks the handler ran to the end, over every instance. */
    public static final AtomicInteger finished = new AtomicInteger();
    public static volatile long workMillis = 4_000;

    @Bean
    TaskHandler slowHandler() {
        return new TaskHandler() {
            @Override
            public AgentKind kind() {
                return AgentKind.OPS;
            }

            @Override
            public TaskOutcome handle(TaskContext context) throws Exception {
                started.countDown();
                Thread.sleep(workMillis);
                finished.incrementAndGet();
                return TaskOutcome.succeeded("slept " + workMillis + " ms");
            }
        };
    }
}
