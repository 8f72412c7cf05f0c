package io.dea.stack.cli;

import io.dea.events.v1.PlanKind;
import io.dea.events.v1.PlanState;
import io.dea.events.v1.StepState;
import io.dea.orchestrator.plan.PlanStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Follows one goal to its end, printing step changes and review gates (approving them if asked). */
final class PlanFollower {

    private final StackConnection stack;
    private final String goalId;
    private final boolean autoApprove;
    private final boolean print;
    private final Map<String, String> stepsSeen = new HashMap<>();
    private final Set<String> reviewsSeen = new HashSet<>();
    private final Set<String> escalated = new HashSet<>();

    PlanFollower(StackConnection stack, String goalId, boolean autoApprove, boolean print) {
        this.stack = stack;
        this.goalId = goalId;
        this.autoApprove = autoApprove;
        this.print = print;
    }

    /** How long the CLI waits for a goal: DEA_WAIT_MINUTES, 30 unless set. */
    static Instant deadline() {
        return Instant.now().plus(Duration.ofMinutes(Long.parseLong(System.getenv().getOrDefault("DEA_WAIT_MINUTES", "30"))));
    }

    /**
     * {@code --wait}: follows a goal's or a run's plan to its end, printing its progress (or, with
     * {@code json}, only its final status); the exit code is 0 only if it COMPLETED.
     */
    static int followToEnd(StackConnection stack, String planId, boolean json) throws Exception {
        PlanState end = new PlanFollower(stack, planId, false, !json).follow();
        if (json) {
            System.out.println(PlanPrinter.JSON.writeValueAsString(PlanPrinter.statusJson(planId, end)));
        }
        return end != null && "COMPLETED".equals(end.getState()) ? 0 : 1;
    }

    PlanState follow() throws Exception {
        Instant deadline = deadline();
        PlanState plan = null;
        while (Instant.now().isBefore(deadline)) {
            plan = stack.planStates().get(goalId);
            if (plan != null) {
                sayStepChanges(plan);
                if (PlanStatus.terminal(plan.getState())) {
                    say(label(plan) + ": " + plan.getState() + (plan.getReason() == null ? "" : " - " + plan.getReason()));
                    return plan;
                }
                if ("AWAITING_REVIEW".equals(plan.getState())) {
                    handleNewReviews(plan.getMeta().getGoalId());
                }
            }
            Thread.sleep(1000);
        }
        say("gave up waiting for " + (plan == null ? goalId : label(plan)) + " (still " + (plan == null ? "unknown" : plan.getState()) + ")");
        return plan;
    }

    private String label(PlanState plan) {
        return (plan.getKind() == PlanKind.RUN ? "run " : "goal ") + goalId;
    }

    private void sayStepChanges(PlanState plan) {
        for (StepState s : plan.getSteps()) {
            String key = s.getState() + "/" + s.getAttempt();
            if (!key.equals(stepsSeen.put(s.getName(), key)) && !"PENDING".equals(s.getState())) {
                say(String.format("  %-20s %-16s %s", s.getName(), s.getState(),
                        s.getSummary() == null || "RUNNING".equals(s.getState()) ? "" : PlanPrinter.oneLine(s.getSummary())));
            }
        }
    }

    /** Reviews are listed by goal; a run's are those of its goal with the run's plan id. */
    private void handleNewReviews(String goalOfPlan) throws Exception {
        for (JsonNode review : stack.reviews(true, goalOfPlan)) {
            String id = review.path("id").asString();
            if (goalId.equals(review.path("plan_id").asString(goalId)) && reviewsSeen.add(id)) {
                say("  review " + id + " (" + review.path("kind").asString() + ", needs " + review.path("required_role").asString("a reviewer")
                        + "): " + PlanPrinter.oneLine(review.path("summary").asString()));
                decide(id, review);
            }
        }
    }

    private void decide(String id, JsonNode review) throws Exception {
        boolean escalation = "ESCALATION".equals(review.path("kind").asString());
        String step = review.path("step").asString("");
        if (autoApprove && escalation && !escalated.add(step)) {
            // A step that failed again after one auto-approved retry is not retried for ever.
            stack.decide(id, false, "step " + step + " failed again after a retry: aborted by --auto-approve");
            say("    rejected: the step failed again after a retry (--auto-approve aborts it)");
        } else if (autoApprove) {
            stack.decide(id, true, "auto-approved by dea demo --auto-approve");
            say("    approved (--auto-approve)");
        } else {
            say("    approve with: ./dea approve " + id + "   or reject: ./dea reject " + id + " --reason TEXT");
        }
    }

    private void say(String line) {
        if (print) {
            System.out.println(line);
        }
    }
}
