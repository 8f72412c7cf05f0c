package io.dea.platform.agent;

import io.dea.platform.kafka.AgentKind;

/**
 * An agent's own logic: its tools and what it decides. The template around it ({@link TaskListener})
 * does the Kafka plumbing, idempotency, progress, audit and dead-lettering.
 */
public interface TaskHandler {

    AgentKind kind();

    /**
     * Does one task. Throwing means the work could not run (an ERROR result, retried by the
     * orchestrator); a definite "no" is {@link TaskOutcome#failed}.
     */
    TaskOutcome handle(TaskContext context) throws Exception;
}
