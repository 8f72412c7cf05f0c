package io.dea.stack.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

@Command(name = "reject", description = "Reject a review through the review service's API.")
final class RejectCommand implements Callable<Integer> {
    @Parameters(paramLabel = "REVIEW_ID")
    String reviewId;
    @Option(names = "--reason", required = true)
    String reason;

    @Override
    public Integer call() throws Exception {
        JsonNode review = CliStack.connect().decide(reviewId, false, reason);
        System.out.println(reviewId + " " + review.path("state").asString("REJECTED"));
        return 0;
    }
}
