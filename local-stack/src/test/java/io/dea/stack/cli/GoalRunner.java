package io.dea.stack.cli;

import io.dea.events.v1.PlanState;
import io.dea.stack.StackFixture;
import java.nio.file.Path;

/** What a goal submitter does with the CLI, for tests outside this package: submit a goal file and follow it. */
public final class GoalRunner {

    private final StackConnection connection;

    public GoalRunner(StackFixture fixture) {
        this.connection = Connections.to(fixture);
    }

    /** Submits the goal and follows it to its end, deciding its reviews as {@code --auto-approve} does. */
    public PlanState submitAndFollow(Path goalFile) throws Exception {
        String goalId = Dea.submit(connection, goalFile);
        return new Dea.Follower(connection, goalId, true, false).follow();
    }
}
