package io.dea.ops.lifecycle;

import java.time.Duration;

/**
 * How long what a plan leaves behind is kept after it ended.
 *
 * @param sandbox         completed and rolled-back plans: sandbox schema and branch
 * @param failedSandbox   failed and rejected plans: sandbox schema and branch (kept to debug)
 * @param rollbackCopies  rollback points and their table copies, from the apply that recorded them;
 *                        once pruned the goal can no longer be rolled back
 */
public record Retention(Duration sandbox, Duration failedSandbox, Duration rollbackCopies) {

    /** What {@code ./dea gc} applies: ended plans' sandboxes and branches at once, rollback copies after their retention. */
    public static Retention forGc(Duration rollbackCopies) {
        return new Retention(Duration.ZERO, Duration.ZERO, rollbackCopies);
    }

    Duration sandboxOf(PlanEnd.Ended end) {
        return end.keptForDebugging() ? failedSandbox : sandbox;
    }
}
