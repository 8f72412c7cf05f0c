package io.dea.orchestrator.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.dea.events.v1.StepKind;
import io.dea.platform.goal.GoalYaml;
import org.junit.jupiter.api.Test;

/** The approval a task's writes run under is the orchestrator's decision: its own, or for a backfill the apply's. */
class WriteApprovalTest {

    private final Plan plan = new Planner().plan("g1", "t1", "ann", GoalYaml.parse("""
            goal: revenue
            sources:
              - { name: orders, format: csv, location: o.csv }
            mart:
              name: daily_revenue
              grain: [orders.order_date]
              measures: [{ name: revenue, agg: sum, expr: orders.amount }]
            backfill: { start: 2024-01-01, end: 2024-01-02 }
            """), 0);
    private final Step apply = plan.step(StepKind.APPLY).orElseThrow();
    private final Step backfill = plan.step(StepKind.BACKFILL).orElseThrow();

    @Test
    void aBackfillWritesUnderTheApprovalOfTheAppliedChange() {
        apply.approvedBy = "rita";
        apply.status = StepStatus.SUCCEEDED;

        assertThat(plan.writeApproval(backfill)).isEqualTo("rita");
        assertThat(plan.writeApproval(plan.step(StepKind.QUALITY).orElseThrow())).as("any other step: its own, none").isNull();
    }

    @Test
    void aBackfillApprovedItselfWritesUnderItsOwnApproval() {
        apply.approvedBy = "rita";
        apply.status = StepStatus.SUCCEEDED;
        backfill.approvedBy = "bob";

        assertThat(plan.writeApproval(backfill)).isEqualTo("bob");
        assertThat(plan.writeApproval(apply)).isEqualTo("rita");
    }

    @Test
    void withoutAnAppliedApprovalABackfillWritesAsUnapproved() {
        apply.approvedBy = "rita";

        assertThat(plan.writeApproval(backfill)).as("the apply has not succeeded").isNull();
    }
}
