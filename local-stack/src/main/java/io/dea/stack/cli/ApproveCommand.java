package io.dea.stack.cli;

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

    @Override
    public Integer call() throws Exception {
        return decide(reviewId, true, comment);
    }

    /** Decides a review through the API and prints the id and the state it is in now (./dea approve, ./dea reject). */
    static int decide(String reviewId, boolean approve, String text) throws Exception {
        JsonNode review = CliStack.connect().decide(reviewId, approve, text);
        System.out.println(reviewId + " " + review.path("state").asString(approve ? "APPROVED" : "REJECTED"));
        return 0;
    }
}
