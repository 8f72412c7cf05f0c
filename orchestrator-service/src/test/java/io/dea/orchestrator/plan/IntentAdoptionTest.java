package io.dea.orchestrator.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.dea.events.v1.Decision;
import io.dea.events.v1.EventMeta;
import io.dea.events.v1.Outcome;
import io.dea.events.v1.ReviewDecided;
import io.dea.events.v1.ReviewNeed;
import io.dea.events.v1.StepKind;
import io.dea.events.v1.TaskResult;
import io.dea.platform.goal.GoalYaml;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A goal in words: planned as its intake step alone, held in an INTENT review; approved, the goal a
 * person approved is validated like a submitted one and the plan goes on with the steps that build it.
 */
class IntentAdoptionTest {

    private static final String PROPOSAL = """
            goal: daily revenue from orders and payments, excluding returned orders
            sources:
              - { name: orders, format: csv, location: /data/orders.csv }
              - { name: payments, format: csv, location: /data/payments.csv }
            mart:
              name: daily_revenue
              grain: [orders.order_date]
              time_grain: day
              measures:
                - { name: revenue, agg: sum, expr: payments.amount }
              filters: ["orders.status <> 'returned'"]
            """;

    private final GoalValidator validator = new GoalValidator(source -> Optional.empty());
    private final PlanMachine machine = new PlanMachine(3, Duration.ofSeconds(2), Duration.ofSeconds(60), DecisionCheck.prodFourEyes(),
            GoalAdoption.of(validator, new Planner()));
    private final Plan plan = new Planner().plan("g1", "t1", "ann",
            GoalYaml.parse("goal: daily revenue from orders and payments, excluding returned orders\nschedule: \"0 2 * * *\"\n"), 0);

    @Test
    void aGoalInWordsIsValidAndPlannedAsItsIntakeAlone() {
        assertThat(validator.reasons("g1", plan.goal())).isEmpty();
        assertThat(plan.steps()).extracting(Step::kind).containsExactly(StepKind.INTAKE);
        assertThat(validator.reasons("g2", GoalYaml.parse("goal: \" \"\n"))).singleElement().asString().contains("say what to build in words");
    }

    @Test
    void theApprovedProposalReplacesTheWordsKeepsTheirScheduleAndThePlanGoesOnFromIt() {
        Step intake = proposed(PROPOSAL);

        List<Effect> effects = machine.onDecision(plan, decision(intake, null), 2);

        assertThat(plan.goal().getMart().getName()).isEqualTo("daily_revenue");
        assertThat(plan.goal().getSchedule()).as("what the words goal said stays").isEqualTo("0 2 * * *");
        assertThat(intake.status()).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(intake.approvedBy()).isEqualTo("rita");
        assertThat(dispatched(effects)).containsExactlyInAnyOrder("ingest_orders", "ingest_payments");
        assertThat(plan.steps()).extracting(Step::name).contains("model", "transform", "quality", "apply");
        assertThat(plan.status()).isEqualTo(PlanStatus.RUNNING);
    }

    @Test
    void anApproverCorrectingTheGoalIsTakenInsteadOfTheProposal() {
        Step intake = proposed(PROPOSAL);

        machine.onDecision(plan, decision(intake, PROPOSAL.replace("name: daily_revenue", "name: revenue_by_day")), 2);

        assertThat(plan.goal().getMart().getName()).isEqualTo("revenue_by_day");
        assertThat(plan.goal().getSchedule()).as("a corrected goal is taken as written").isNull();
    }

    @Test
    void anApprovedGoalThatCannotBePlannedFailsWithEveryReasonAndRunsNothing() {
        Step intake = proposed(PROPOSAL.replace("agg: sum", "agg: median").replace("orders.order_date", "nowhere.day"));

        List<Effect> effects = machine.onDecision(plan, decision(intake, null), 2);

        assertThat(dispatched(effects)).isEmpty();
        assertThat(plan.status()).isEqualTo(PlanStatus.FAILED);
        assertThat(plan.reason()).contains("cannot be planned").contains("median").contains("nowhere");
        assertThat(plan.steps()).hasSize(1);
    }

    @Test
    void aFilterGivenInWordsIsPlannedAsIntakeAndAnApprovalThatStillHasOnlyWordsRunsNothing() {
        String inWords = PROPOSAL.replace("filters: [\"orders.status <> 'returned'\"]", "filters: [{ description: \"leave out returned orders\" }]");
        Plan described = new Planner().plan("g3", "t1", "ann", GoalYaml.parse(inWords), 0);
        assertThat(validator.reasons("g3", described.goal())).isEmpty();
        assertThat(described.steps()).extracting(Step::kind).containsExactly(StepKind.INGEST, StepKind.INGEST, StepKind.INTAKE);

        Step intake = proposed(inWords);
        List<Effect> effects = machine.onDecision(plan, decision(intake, null), 2);

        assertThat(dispatched(effects)).isEmpty();
        assertThat(plan.status()).isEqualTo(PlanStatus.FAILED);
        assertThat(plan.reason()).contains("1 filter(s) only as a description: give each as an expression");
    }

    @Test
    void aRejectedInterpretationEndsThePlanRejected() {
        Step intake = proposed(PROPOSAL);

        machine.onDecision(plan, ReviewDecided.newBuilder(decision(intake, null)).setDecision(Decision.REJECTED).setComment("wrong mart").build(), 2);

        assertThat(plan.status()).isEqualTo(PlanStatus.REJECTED);
        assertThat(plan.goal().getMart()).isNull();
    }

    /** The intake ran and asks its INTENT review with the proposal in its outputs. */
    private Step proposed(String yaml) {
        machine.start(plan, 0);
        Step intake = plan.step(StepKind.INTAKE).orElseThrow();
        machine.onResult(plan, TaskResult.newBuilder().setMeta(meta()).setTaskId(intake.taskId()).setAttempt(1).setStep("intake")
                .setAgent("modeling").setOutcome(Outcome.SUCCEEDED).setSummary("understood").setOutputs(Map.of("proposed_goal", yaml))
                .setArtifacts(List.of()).setReview(new ReviewNeed("INTENT", "understood", yaml, "reviewer")).build(), 1);
        assertThat(intake.status()).isEqualTo(StepStatus.AWAITING_REVIEW);
        return intake;
    }

    private static ReviewDecided decision(Step step, String goalYaml) {
        return ReviewDecided.newBuilder().setMeta(meta()).setReviewId(step.reviewId()).setDecision(Decision.APPROVED)
                .setDecidedBy("rita").setDecidedAt(Instant.EPOCH).setKind(step.reviewKind).setAttempt(step.attempt())
                .setRole(step.reviewRole).setGoalYaml(goalYaml).build();
    }

    private static List<String> dispatched(List<Effect> effects) {
        return effects.stream().filter(Effect.Dispatch.class::isInstance).map(c -> ((Effect.Dispatch) c).step().name()).toList();
    }

    private static EventMeta meta() {
        return new EventMeta("e", "t1", "g1", "g1", Instant.EPOCH, "test", "test-1");
    }
}
