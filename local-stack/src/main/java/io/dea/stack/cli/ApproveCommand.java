package io.dea.stack.cli;

import io.dea.platform.goal.GoalYaml;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

@Command(name = "approve", description = "Approve a review through the review service's API.")
final class ApproveCommand implements Callable<Integer> {
    @Parameters(paramLabel = "REVIEW_ID")
    String reviewId;
    @Option(names = "--comment")
    String comment;
    @Option(names = "--with", paramLabel = "GOAL.yaml",
            description = "For an INTENT review: approve this corrected goal instead of the proposal (relative file locations are "
                    + "resolved against the YAML's folder, as submit does).")
    Path corrected;

    @Override
    public Integer call() throws Exception {
        if (corrected == null) {
            return decide(reviewId, true, comment);
        }
        String goalYaml = GoalYaml.write(GoalSubmission.read(corrected));
        JsonNode review = CliStack.connect().decide(reviewId, true, comment, goalYaml);
        System.out.println(reviewId + " " + review.path("state").asString("APPROVED") + " with " + corrected);
        return 0;
    }

    /** Decides a review through the API and prints the id and the state it is in now (./dea approve, ./dea reject). */
    static int decide(String reviewId, boolean approve, String text) throws Exception {
        JsonNode review = CliStack.connect().decide(reviewId, approve, text, null);
        System.out.println(reviewId + " " + review.path("state").asString(approve ? "APPROVED" : "REJECTED"));
        return 0;
    }
}
