package io.dea.stack.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "reject", description = "Reject a review through the review service's API.")
final class RejectCommand implements Callable<Integer> {
    @Parameters(paramLabel = "REVIEW_ID")
    String reviewId;
    @Option(names = "--reason", required = true)
    String reason;

    @Override
    public Integer call() throws Exception {
        return ApproveCommand.decide(reviewId, false, reason);
    }
}
