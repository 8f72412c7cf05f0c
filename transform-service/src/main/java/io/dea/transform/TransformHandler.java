package io.dea.transform;

import io.dea.events.v1.StepKind;
import io.dea.platform.agent.TaskContext;
import io.dea.platform.agent.TaskHandler;
import io.dea.platform.agent.TaskOutcome;
import io.dea.platform.kafka.AgentKind;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The transform agent's steps: {@code transform} writes and compiles the mart's dbt model;
 * {@code apply} asks for a review and, once approved, merges and builds it; {@code rollback} undoes
 * an apply. One agent owns them because all are about the same model.
 */
@Component
public class TransformHandler implements TaskHandler {

    private final long incrementalRows;
    private final ApplyStep.CanaryPolicy canary;

    public TransformHandler() {
        this(Materialization.DEFAULT_INCREMENTAL_ROWS);
    }

    public TransformHandler(long incrementalRows) {
        this(incrementalRows, ApplyStep.CanaryPolicy.DEFAULT.tolerance(), ApplyStep.CanaryPolicy.DEFAULT.promoteWithinTolerance());
    }

    /**
     * @param incrementalRows        rows of the largest source from which a scheduled, time-grained mart is incremental
     * @param canaryTolerance        the largest relative change of a changed mart's rows, keys and totals within tolerance
     * @param promoteWithinTolerance apply a change whose canary is within tolerance without a review
     */
    @Autowired
    public TransformHandler(@Value("${dea.transform.incremental-rows:" + Materialization.DEFAULT_INCREMENTAL_ROWS + "}") long incrementalRows,
                            @Value("${dea.transform.canary.tolerance:0.01}") double canaryTolerance,
                            @Value("${dea.transform.canary.promote-within-tolerance:false}") boolean promoteWithinTolerance) {
        this.incrementalRows = incrementalRows;
        this.canary = new ApplyStep.CanaryPolicy(canaryTolerance, promoteWithinTolerance);
    }

    @Override
    public AgentKind kind() {
        return AgentKind.TRANSFORM;
    }

    @Override
    public TaskOutcome handle(TaskContext context) throws Exception {
        StepKind kind = context.kind();
        return switch (kind) {
            case TRANSFORM -> TransformStep.run(context, incrementalRows);
            case APPLY -> ApplyStep.run(context, canary);
            case ROLLBACK -> RollbackStep.run(context);
            case BUILD -> BuildStep.run(context);
            default -> TaskOutcome.failed("the transform agent has no step of kind " + kind, "unknown step kind " + kind);
        };
    }
}
