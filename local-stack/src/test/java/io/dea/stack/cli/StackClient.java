package io.dea.stack.cli;

import io.dea.events.v1.PlanState;
import io.dea.stack.StackFixture;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The CLI's operations for tests outside this package (the security suite): the submitter's view of a stack. */
public final class StackClient {

    public static final JsonMapper JSON = Dea.JSON;

    private final StackConnection connection;

    private StackClient(StackConnection connection) {
        this.connection = connection;
    }

    public static StackClient of(StackFixture fixture) {
        return new StackClient(Connections.to(fixture));
    }

    /** {@code ./dea submit}: the goal id. */
    public String submit(Path goal) throws Exception {
        return Dea.submit(connection, goal);
    }

    public PlanState plan(String goalId) {
        return connection.planStates().get(goalId);
    }

    public JsonNode pendingReviews(String goalId) throws Exception {
        return connection.reviews(true, goalId);
    }

    /** One review as the review API shows it. */
    public JsonNode review(String id) throws Exception {
        for (JsonNode review : connection.reviews(false, null)) {
            if (id.equals(review.path("id").asString())) {
                return review;
            }
        }
        throw new AssertionError("no review " + id);
    }

    /** Follows the goal to its end, approving each review through the review API (the honest path). */
    public PlanState followApproving(String goalId) throws Exception {
        return new Dea.Follower(connection, goalId, true, false).follow();
    }
}
