package io.dea.stack.cli;

import io.dea.events.v1.PlanState;
import io.dea.stack.StackFixture;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The CLI's operations for tests outside this package (the security suite): the submitter's view of a stack. */
public final class StackClient {

    public static final JsonMapper JSON = PlanPrinter.JSON;

    private final StackConnection connection;

    private StackClient(StackConnection connection) {
        this.connection = connection;
    }

    public static StackClient of(StackFixture fixture) {
        return new StackClient(Connections.to(fixture));
    }

    /** {@code ./dea submit}: the goal id. */
    public String submit(Path goal) throws Exception {
        return GoalSubmission.submit(connection, goal);
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

    /** {@code ./dea submit} of a goal given as YAML text (written to a file in {@code dir} first). */
    public String submit(Path dir, String yaml) throws Exception {
        Path goal = java.nio.file.Files.createTempFile(dir, "goal", ".yaml");
        java.nio.file.Files.writeString(goal, yaml);
        return submit(goal);
    }

    /** Waits until the goal's plan state passes the test; fails after 240 s with the last state. */
    public PlanState waitFor(String goalId, java.util.function.Predicate<PlanState> done) throws InterruptedException {
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(240);
        while (java.time.Instant.now().isBefore(deadline)) {
            PlanState state = plan(goalId);
            if (state != null && done.test(state)) {
                return state;
            }
            Thread.sleep(300);
        }
        throw new AssertionError("goal " + goalId + " did not reach the expected state: " + plan(goalId));
    }

    /** Rejects every pending review of the goal, as a reviewer ending it would. */
    public void rejectPending(String goalId, String reason) throws Exception {
        for (JsonNode review : pendingReviews(goalId)) {
            connection.decide(review.path("id").asString(), false, reason);
        }
    }

    /** Submits the goal file and follows it to its end, approving its reviews (what {@code --auto-approve} does). */
    public PlanState submitAndFollow(Path goal) throws Exception {
        return followApproving(submit(goal));
    }

    /** Follows the goal to its end, approving each review through the review API (the honest path). */
    public PlanState followApproving(String goalId) throws Exception {
        return new PlanFollower(connection, goalId, true, false).follow();
    }
}
