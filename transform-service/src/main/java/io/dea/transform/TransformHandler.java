package io.dea.transform;

import io.dea.platform.agent.TaskContext;
import io.dea.platform.agent.TaskHandler;
import io.dea.platform.agent.TaskOutcome;
import io.dea.platform.kafka.AgentKind;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The transform agent's two steps: {@code transform} writes and compiles the mart's dbt model;
 * {@code apply} asks for a review and, once approved, merges and builds it. One agent owns both
 * because both are about the same model.
 */
@Component
public class TransformHandler implements TaskHandler {

    private final long incrementalRows;

    public TransformHandler() {
        this(Materialization.DEFAULT_INCREMENTAL_ROWS);
    }

    /** @param incrementalRows rows of the largest source from which a scheduled, time-grained mart is incremental */
    @Autowired
    public TransformHandler(@Value("${dea.transform.incremental-rows:" + Materialization.DEFAULT_INCREMENTAL_ROWS + "}") long incrementalRows) {
        this.incrementalRows = incrementalRows;
    }

    @Override
    public AgentKind kind() {
        return AgentKind.TRANSFORM;
    }

    @Override
    public TaskOutcome handle(TaskContext context) throws Exception {
        String step = context.task().getStep();
        return switch (step) {
            case "transform" -> ModelStep.run(context, incrementalRows);
            case "apply" -> ApplyStep.run(context);
            default -> TaskOutcome.failed("the transform agent has no step " + step, "unknown step " + step);
        };
    }
}
