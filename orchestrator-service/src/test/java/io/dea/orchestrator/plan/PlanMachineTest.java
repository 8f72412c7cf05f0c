package io.dea.orchestrator.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.dea.events.v1.Decision;
import io.dea.events.v1.EventMeta;
import io.dea.events.v1.Outcome;
import io.dea.events.v1.ReviewDecided;
import io.dea.events.v1.ReviewNeed;
import io.dea.events.v1.RollbackRequested;
import io.dea.events.v1.TaskResult;
import io.dea.platform.goal.GoalYaml;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The orchestrator's decisions as stories, without Kafka. */
class PlanMachineTest {

    private static final String GOAL = """
            goal: revenue
            sources:
              - { name: orders, format: csv, location: o.csv }
              - { name: payments, format: csv, location: p.csv }
            mart:
              name: daily_revenue
              grain: [orders.order_date]
              measures: [{ name: revenue, agg: sum, expr: payments.amount }]
            """;

    private final PlanMachine machine = new PlanMachine(3, Duration.ofSeconds(2), Duration.ofSeconds(60));
    private final Plan plan = new Planner().plan("g1", "t1", "ann", GoalYaml.parse(GOAL), 0);
    private long now = 1_000;

    @Test
    void startingAPlanSendsEverySourceLoadAtOnceAndNothingThatWaitsOnThem() {
        List<Effect> effects = machine.start(plan, now);

        assertThat(dispatched(effects)).containsExactlyInAnyOrder("ingest_orders", "ingest_payments");
        assertThat(plan.status()).isEqualTo(PlanStatus.RUNNING);
    }

    @Test
    void theModelStepIsSentOnlyWhenEveryLoadSucceeded() {
        machine.start(plan, now);

        assertThat(dispatched(machine.onResult(plan, result("ingest_orders", 1, Outcome.SUCCEEDED, null), now))).isEmpty();
        assertThat(dispatched(machine.onResult(plan, result("ingest_payments", 1, Outcome.SUCCEEDED, null), now)))
                .containsExactly("model");
    }

    @Test
    void aDuplicateResultOrOneForAnOldAttemptChangesNothing() {
        machine.start(plan, now);
        machine.onResult(plan, result("ingest_orders", 1, Outcome.SUCCEEDED, null), now);

        assertThat(machine.onResult(plan, result("ingest_orders", 1, Outcome.SUCCEEDED, null), now)).isEmpty();
        assertThat(machine.onResult(plan, result("ingest_payments", 7, Outcome.SUCCEEDED, null), now)).isEmpty();
        assertThat(plan.step("ingest_payments").orElseThrow().status()).isEqualTo(StepStatus.RUNNING);
    }

    @Test
    void anErrorIsRetriedAfterABackoffThenEscalatedToAPersonWhoMaySkipIt() {
        machine.start(plan, now);
        machine.onResult(plan, result("ingest_orders", 1, Outcome.ERROR, null), now);
        assertThat(plan.step("ingest_orders").orElseThrow().status()).isEqualTo(StepStatus.RETRY_WAIT);
        assertThat(dispatched(machine.onTick(plan, now + 1_000))).as("still backing off").isEmpty();
        assertThat(dispatched(machine.onTick(plan, now + 2_000))).containsExactly("ingest_orders");

        machine.onResult(plan, result("ingest_orders", 2, Outcome.ERROR, null), now);
        machine.onTick(plan, now + 10_000);
        List<Effect> third = machine.onResult(plan, result("ingest_orders", 3, Outcome.ERROR, null), now + 10_000);

        Effect.OpenReview escalation = third.stream().filter(Effect.OpenReview.class::isInstance)
                .map(Effect.OpenReview.class::cast).findFirst().orElseThrow();
        assertThat(escalation.kind()).isEqualTo(PlanMachine.ESCALATION);
        assertThat(plan.status()).isEqualTo(PlanStatus.AWAITING_REVIEW);

        machine.onDecision(plan, decision(plan.step("ingest_orders").orElseThrow(), Decision.APPROVED, "skip"), now);
        assertThat(plan.step("ingest_orders").orElseThrow().status()).isEqualTo(StepStatus.SKIPPED);
    }

    @Test
    void aTaskSilentPastTheTimeoutIsSentAgainAndItsLateResultIsIgnored() {
        machine.start(plan, now);

        machine.onTick(plan, now + 61_000);
        assertThat(dispatched(machine.onTick(plan, now + 63_000))).contains("ingest_orders");
        assertThat(machine.onResult(plan, result("ingest_orders", 1, Outcome.SUCCEEDED, null), now + 64_000)).isEmpty();
        assertThat(plan.step("ingest_orders").orElseThrow().attempt()).isEqualTo(2);
    }

    @Test
    void aProposalWaitsForReviewAndIsSentAgainWithTheApprovalOrEndsThePlanWhenRejected() {
        succeedUpTo("apply");
        ReviewNeed need = new ReviewNeed("CHANGE", "apply daily_revenue", "diff", "reviewer");
        List<Effect> effects = machine.onResult(plan, result("apply", 1, Outcome.SUCCEEDED, need), now);
        assertThat(effects).anyMatch(Effect.OpenReview.class::isInstance);
        assertThat(plan.status()).isEqualTo(PlanStatus.AWAITING_REVIEW);

        Step apply = plan.step("apply").orElseThrow();
        List<Effect> afterApproval = machine.onDecision(plan, decision(apply, Decision.APPROVED, null), now);
        assertThat(dispatched(afterApproval)).containsExactly("apply");
        assertThat(apply.attempt()).isEqualTo(2);
        assertThat(apply.approvedBy()).isEqualTo("ann");

        machine.onResult(plan, result("apply", 2, Outcome.SUCCEEDED, null), now);
        assertThat(plan.status()).isEqualTo(PlanStatus.COMPLETED);
    }

    @Test
    void aDecisionThatDoesNotMatchTheOpenReviewChangesNothing() {
        succeedUpTo("apply");
        machine.onResult(plan, result("apply", 1, Outcome.SUCCEEDED, new ReviewNeed("CHANGE", "s", "d", "reviewer")), now);
        Step apply = plan.step("apply").orElseThrow();
        ReviewDecided honest = decision(apply, Decision.APPROVED, null);

        List<ReviewDecided> forged = List.of(
                ReviewDecided.newBuilder(honest).setKind("COST").build(),
                ReviewDecided.newBuilder(honest).setAttempt(7).build(),
                ReviewDecided.newBuilder(honest).setRole("cost-approver").build(),
                ReviewDecided.newBuilder(honest).setKind(null).setAttempt(null).setRole(null).build());
        for (ReviewDecided decision : forged) {
            List<Effect> effects = machine.onDecision(plan, decision, now);
            assertThat(dispatched(effects)).isEmpty();
            assertThat(effects).singleElement().satisfies(c ->
                    assertThat(((Effect.Announce) c).reason()).contains("ignored"));
        }
        assertThat(apply.status()).isEqualTo(StepStatus.AWAITING_REVIEW);
        assertThat(apply.approvedBy()).isNull();

        assertThat(dispatched(machine.onDecision(plan, honest, now))).containsExactly("apply");
    }

    @Test
    void theRequesterOfAProdGoalCannotApproveItsOwnChangeButAnotherReviewerCan() {
        Plan prod = new Planner().plan("g1", "t1", "ann", GoalYaml.parse(GOAL + "environment: prod\n"), 0);
        succeedUpTo(prod, "apply");
        List<Effect> opened = machine.onResult(prod, result("apply", 1, Outcome.SUCCEEDED, new ReviewNeed("CHANGE", "s", "d", "reviewer")), now);
        assertThat(opened).anySatisfy(c -> assertThat(c).isInstanceOfSatisfying(Effect.OpenReview.class,
                r -> assertThat(r.fourEyes()).isTrue()));
        Step apply = prod.step("apply").orElseThrow();

        List<Effect> own = machine.onDecision(prod, decision(apply, Decision.APPROVED, null, "ann"), now);
        assertThat(dispatched(own)).isEmpty();
        assertThat(((Effect.Announce) own.get(0)).reason()).contains("four eyes");
        assertThat(apply.status()).isEqualTo(StepStatus.AWAITING_REVIEW);

        assertThat(dispatched(machine.onDecision(prod, decision(apply, Decision.APPROVED, null, "bob"), now))).containsExactly("apply");
        assertThat(apply.approvedBy()).isEqualTo("bob");
    }

    @Test
    void aRejectedReviewEndsThePlanRejectedWithWhoAndWhy() {
        succeedUpTo("apply");
        machine.onResult(plan, result("apply", 1, Outcome.SUCCEEDED, new ReviewNeed("CHANGE", "s", "d", "reviewer")), now);

        machine.onDecision(plan, decision(plan.step("apply").orElseThrow(), Decision.REJECTED, null), now);

        assertThat(plan.status()).isEqualTo(PlanStatus.REJECTED);
        assertThat(plan.reason()).contains("rejected by ann");
        assertThat(PlanCodec.fromRecord(PlanCodec.toRecord(plan, meta())).status()).isEqualTo(PlanStatus.REJECTED);
    }

    @Test
    void theGateTakesItsRoleFromTheKindNotFromTheAgentsResult() {
        succeedUpTo("cost");
        List<Effect> opened = machine.onResult(plan, result("cost", 1, Outcome.SUCCEEDED,
                new ReviewNeed("COST", "over budget", "plan", "reviewer")), now);
        assertThat(opened).anySatisfy(c -> assertThat(c).isInstanceOfSatisfying(Effect.OpenReview.class,
                r -> assertThat(r.requiredRole()).isEqualTo("cost-approver")));
        assertThat(plan.step("cost").orElseThrow().reviewRole).isEqualTo("cost-approver");
    }

    @Test
    void aReviewOfAnUnknownKindFailsTheStep() {
        succeedUpTo("cost");
        machine.onResult(plan, result("cost", 1, Outcome.SUCCEEDED, new ReviewNeed("MERGE", "s", "d", "reviewer")), now);
        assertThat(plan.step("cost").orElseThrow().status()).isEqualTo(StepStatus.FAILED);
        assertThat(plan.reason()).contains("unknown kind 'MERGE'");
    }

    @Test
    void aRejectedCostReviewEndsThePlanBeforeAnythingElseRunsOrIsApplied() {
        succeedUpTo("cost");
        machine.onResult(plan, result("cost", 1, Outcome.SUCCEEDED,
                new ReviewNeed("COST", "estimated 42 GiB over the 1 MiB budget", "plan", "cost-approver")), now);
        Step cost = plan.step("cost").orElseThrow();
        assertThat(cost.status()).isEqualTo(StepStatus.AWAITING_REVIEW);

        List<Effect> after = machine.onDecision(plan, decision(cost, Decision.REJECTED, null), now);

        assertThat(plan.status()).isEqualTo(PlanStatus.REJECTED);
        assertThat(plan.reason()).contains("cost", "rejected by ann");
        assertThat(dispatched(after)).as("nothing is sent after the rejection").isEmpty();
        assertThat(plan.step("quality").orElseThrow().status()).isEqualTo(StepStatus.PENDING);
        assertThat(plan.step("apply").orElseThrow().status()).isEqualTo(StepStatus.PENDING);
        assertThat(machine.onTick(plan, now + 600_000)).as("and nothing later either").isEmpty();
    }

    @Test
    void aFailedStepFailsThePlanWithItsSummary() {
        machine.start(plan, now);
        machine.onResult(plan, result("ingest_orders", 1, Outcome.FAILED, null), now);

        assertThat(plan.status()).isEqualTo(PlanStatus.FAILED);
        assertThat(plan.reason()).contains("ingest_orders");
    }

    @Test
    void aCompletedPlanIsRolledBackByARollbackStepThatCarriesThePersonAsItsApproval() {
        complete();
        assertThat(machine.onRollback(plan, rollback("bob"), now)).as("rollback of a completed plan").anyMatch(Effect.Dispatch.class::isInstance);
        Step rollback = plan.step(PlanMachine.ROLLBACK).orElseThrow();
        assertThat(rollback.agent()).isEqualTo("transform");
        assertThat(rollback.approvedBy()).isEqualTo("bob");
        assertThat(plan.status()).isEqualTo(PlanStatus.RUNNING);

        machine.onResult(plan, result(PlanMachine.ROLLBACK, 1, Outcome.SUCCEEDED, null), now);

        assertThat(plan.status()).isEqualTo(PlanStatus.ROLLED_BACK);
        assertThat(plan.reason()).contains("rolled back by bob");
        assertThat(PlanCodec.fromRecord(PlanCodec.toRecord(plan, meta())).status()).as("kept in the plan state").isEqualTo(PlanStatus.ROLLED_BACK);
        assertThat(dispatched(machine.onRollback(plan, rollback("bob"), now))).as("a second request").isEmpty();
    }

    @Test
    void aFailedRollbackCanBeAskedForAgainAndAPlanStillRunningCannotBeRolledBack() {
        machine.start(plan, now);
        List<Effect> early = machine.onRollback(plan, rollback("bob"), now);
        assertThat(dispatched(early)).isEmpty();
        assertThat(early).anyMatch(c -> c instanceof Effect.Announce a && a.reason().contains("only a completed goal"));

        complete();
        machine.onRollback(plan, rollback("bob"), now);
        machine.onResult(plan, result(PlanMachine.ROLLBACK, 1, Outcome.FAILED, null), now);
        assertThat(plan.status()).isEqualTo(PlanStatus.FAILED);

        assertThat(dispatched(machine.onRollback(plan, rollback("carol"), now))).containsExactly(PlanMachine.ROLLBACK);
        assertThat(plan.step(PlanMachine.ROLLBACK).orElseThrow().attempt()).isEqualTo(2);
        machine.onResult(plan, result(PlanMachine.ROLLBACK, 2, Outcome.SUCCEEDED, null), now);
        assertThat(plan.status()).isEqualTo(PlanStatus.ROLLED_BACK);
    }

    @Test
    void aStepStartsAtItsFirstDispatchKeepsThatStartThroughRetriesAndEndsWhenItSucceeds() {
        machine.start(plan, 1_000);
        Step orders = plan.step("ingest_orders").orElseThrow();
        assertThat(orders.startedAt()).isEqualTo(1_000L);
        assertThat(orders.endedAt()).as("running").isNull();

        machine.onResult(plan, result("ingest_orders", 1, Outcome.ERROR, null), 1_500);
        assertThat(orders.endedAt()).as("waiting to retry").isNull();
        machine.onTick(plan, 4_000);
        machine.onTick(plan, 70_000); // attempt 2 timed out: retried
        machine.onTick(plan, 80_000);
        assertThat(orders.attempt()).isEqualTo(3);
        assertThat(orders.startedAt()).as("kept across retries").isEqualTo(1_000L);

        machine.onResult(plan, result("ingest_orders", 3, Outcome.SUCCEEDED, null), 90_000);
        assertThat(orders.endedAt()).isEqualTo(90_000L);
        assertThat(plan.step("model").orElseThrow().startedAt()).as("not sent before every load succeeded").isNull();
    }

    @Test
    void aStepEndsWhenItFailsOrIsSkippedAndAStepWaitingForAPersonHasNotEnded() {
        machine.start(plan, 1_000);
        machine.onResult(plan, result("ingest_payments", 1, Outcome.FAILED, null), 2_000);
        assertThat(plan.step("ingest_payments").orElseThrow().endedAt()).isEqualTo(2_000L);

        Plan other = new Planner().plan("g1", "t1", "ann", GoalYaml.parse(GOAL), 0);
        PlanMachine once = new PlanMachine(1, Duration.ofSeconds(2), Duration.ofSeconds(60));
        once.start(other, 1_000);
        once.onResult(other, result("ingest_orders", 1, Outcome.ERROR, null), 3_000);
        Step escalated = other.step("ingest_orders").orElseThrow();
        assertThat(escalated.status()).isEqualTo(StepStatus.AWAITING_REVIEW);
        assertThat(escalated.endedAt()).as("a person's time is the review's, the step has not ended").isNull();

        once.onDecision(other, decision(escalated, Decision.APPROVED, "skip"), 9_000);
        assertThat(escalated.endedAt()).isEqualTo(9_000L);
    }

    @Test
    void anApprovedProposalKeepsItsStartUntilTheApprovedRunEndsAndRecordsWhenItsReviewOpenedAndWasDecided() {
        succeedUpTo("apply");
        Step apply = plan.step("apply").orElseThrow();
        long started = apply.startedAt();
        machine.onResult(plan, result("apply", 1, Outcome.SUCCEEDED, new ReviewNeed("CHANGE", "s", "d", "reviewer")), now + 1_000);
        assertThat(apply.endedAt()).isNull();
        assertThat(apply.reviewOpenedAt()).isEqualTo(now + 1_000);
        assertThat(apply.reviewDecidedAt()).as("open").isNull();

        machine.onDecision(plan, decision(apply, Decision.APPROVED, null), now + 60_000);
        assertThat(apply.reviewDecidedAt()).as("the person's minute").isEqualTo(now + 60_000);
        machine.onResult(plan, result("apply", 2, Outcome.SUCCEEDED, null), now + 61_000);

        Step stored = PlanCodec.fromRecord(PlanCodec.toRecord(plan, meta())).step("apply").orElseThrow();
        assertThat(stored.startedAt()).isEqualTo(started);
        assertThat(stored.endedAt()).isEqualTo(now + 61_000);
        assertThat(stored.reviewDecidedAt()).isEqualTo(now + 60_000);
        assertThat(PlanCodec.toRecord(plan, meta()).getSteps()).filteredOn(s -> s.getName().equals("apply")).singleElement()
                .satisfies(s -> assertThat(s.getEndedAt()).isEqualTo(Instant.ofEpochMilli(now + 61_000)));
    }

    @Test
    void aFailedRollbackAskedForAgainStartsAnewAndHasNotEnded() {
        complete();
        machine.onRollback(plan, rollback("bob"), 5_000);
        machine.onResult(plan, result(PlanMachine.ROLLBACK, 1, Outcome.FAILED, null), 6_000);
        Step rollback = plan.step(PlanMachine.ROLLBACK).orElseThrow();
        assertThat(rollback.endedAt()).isEqualTo(6_000L);

        machine.onRollback(plan, rollback("carol"), 8_000);

        assertThat(rollback.startedAt()).isEqualTo(8_000L);
        assertThat(rollback.endedAt()).isNull();
    }

    /** Runs the plan to COMPLETED, its apply step approved and merged. */
    private void complete() {
        if (plan.step("apply").orElseThrow().status() == StepStatus.PENDING) {
            succeedUpTo("apply");
        }
        machine.onResult(plan, result("apply", 1, Outcome.SUCCEEDED, new ReviewNeed("CHANGE", "s", "d", "reviewer")), now);
        machine.onDecision(plan, decision(plan.step("apply").orElseThrow(), Decision.APPROVED, null), now);
        TaskResult merged = TaskResult.newBuilder(result("apply", 2, Outcome.SUCCEEDED, null))
                .setOutputs(Map.of("merge_commit", "abc123", "mart_table", "dev.daily_revenue")).build();
        machine.onResult(plan, merged, now);
        assertThat(plan.status()).isEqualTo(PlanStatus.COMPLETED);
    }

    private RollbackRequested rollback(String who) {
        return new RollbackRequested(meta(), "g1", who, null);
    }

    private void succeedUpTo(String last) {
        succeedUpTo(plan, last);
    }

    private void succeedUpTo(Plan plan, String last) {
        machine.start(plan, now);
        boolean progressed = true;
        while (progressed) {
            progressed = false;
            for (Step step : plan.steps()) {
                if (step.status() == StepStatus.RUNNING && !step.name().equals(last)) {
                    machine.onResult(plan, result(step.name(), step.attempt(), Outcome.SUCCEEDED, null), now);
                    progressed = true;
                }
            }
        }
        assertThat(plan.step(last).orElseThrow().status()).isEqualTo(StepStatus.RUNNING);
    }

    private static List<String> dispatched(List<Effect> effects) {
        return effects.stream().filter(Effect.Dispatch.class::isInstance)
                .map(c -> ((Effect.Dispatch) c).step().name()).toList();
    }

    private TaskResult result(String step, int attempt, Outcome outcome, ReviewNeed review) {
        return TaskResult.newBuilder().setMeta(meta()).setTaskId("g1:" + step).setAttempt(attempt).setStep(step)
                .setAgent("x").setOutcome(outcome).setSummary(outcome + " " + step).setError(outcome == Outcome.ERROR ? "boom" : null)
                .setOutputs(Map.of()).setArtifacts(List.of()).setReview(review).build();
    }

    /** The decision the review service would publish for the step's open review. */
    private ReviewDecided decision(Step step, Decision decision, String action) {
        return decision(step, decision, action, "ann");
    }

    private ReviewDecided decision(Step step, Decision decision, String action, String by) {
        return ReviewDecided.newBuilder().setMeta(meta()).setReviewId(step.reviewId()).setDecision(decision).setAction(action)
                .setDecidedBy(by).setDecidedAt(Instant.ofEpochMilli(now)).setComment(null)
                .setKind(step.reviewKind).setAttempt(step.attempt()).setRole(step.reviewRole).build();
    }

    private static EventMeta meta() {
        return new EventMeta("e", "t1", "g1", "g1", Instant.EPOCH, "test", "test-1");
    }
}
