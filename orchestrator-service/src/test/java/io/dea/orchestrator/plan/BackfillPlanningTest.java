package io.dea.orchestrator.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dea.events.v1.GoalSpec;
import io.dea.platform.goal.GoalYaml;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A goal's backfill: read from YAML, judged before planning, and planned as the ops agent's last step. */
class BackfillPlanningTest {

    private static final String GOAL = """
            goal: revenue
            sources:
              - { name: orders, format: csv, location: o.csv }
            mart:
              name: daily_revenue
              grain: [orders.order_date]
              %s
              measures: [{ name: revenue, agg: sum, expr: orders.amount }]
            %s
            """;

    private final GoalValidator validator = new GoalValidator(source -> Optional.empty());

    @Test
    void aGoalWithABackfillGetsABackfillStepForTheOpsAgentAfterApply() {
        GoalSpec goal = GoalYaml.parse(GOAL.formatted("", "backfill: { start: 2024-01-01, end: 2024-01-30 }"));

        Plan plan = new Planner().plan("g1", "t1", "ann", goal, 0);

        assertThat(goal.getBackfill().getStart()).isEqualTo("2024-01-01");
        assertThat(goal.getBackfill().getEnd()).isEqualTo("2024-01-30");
        assertThat(validator.reasons("g1", goal)).isEmpty();
        Step backfill = plan.step("backfill").orElseThrow();
        assertThat(backfill.agent()).isEqualTo("ops");
        assertThat(backfill.dependsOn()).containsExactly("apply");
        assertThat(plan.steps().get(plan.steps().size() - 1).name()).isEqualTo("backfill");
    }

    @Test
    void aGoalWithoutABackfillIsPlannedAsBefore() {
        Plan plan = new Planner().plan("g1", "t1", "ann", GoalYaml.parse(GOAL.formatted("", "")), 0);

        assertThat(plan.step("backfill")).isEmpty();
        assertThat(plan.steps().get(plan.steps().size() - 1).name()).isEqualTo("apply");
    }

    @Test
    void badDatesAReversedRangeAndAnOverlongRangeAreEachListed() {
        assertThat(reasons("", "backfill: { start: 2024-13-01, end: yesterday }")).containsExactly(
                "backfill.start: '2024-13-01' must be a date like 2024-01-31",
                "backfill.end: 'yesterday' must be a date like 2024-01-31");
        assertThat(reasons("", "backfill: { start: 2024-02-01, end: 2024-01-01 }"))
                .containsExactly("backfill: start 2024-02-01 is after end 2024-01-01");
        assertThat(reasons("", "backfill: { start: 2023-01-01, end: 2024-01-02 }")).containsExactly(
                "backfill: 367 days from 2023-01-01 to 2024-01-02; at most 366 (one chunk per day): split it into several goals");
        assertThat(reasons("", "backfill: { start: 2024-01-01, end: 2024-12-31 }")).as("a leap year is 366 chunks").isEmpty();
        assertThat(reasons("", "backfill: { start: 2024-01-01 }")).containsExactly("backfill.end: missing");
    }

    @Test
    void aBackfillNeedsAMartByDay() {
        assertThat(reasons("time_grain: month", "backfill: { start: 2024-01-01, end: 2024-01-31 }"))
                .containsExactly("backfill: chunks are days, so the mart's time_grain must be day (it is 'month')");
    }

    @Test
    void theYamlRejectsABackfillThatIsNotAMapOrHasUnknownKeys() {
        assertThatThrownBy(() -> GoalYaml.parse(GOAL.formatted("", "backfill: 2024-01-01")))
                .hasMessageContaining("backfill: must be a map {start, end}");
        assertThatThrownBy(() -> GoalYaml.parse(GOAL.formatted("", "backfill: { start: 2024-01-01, end: 2024-01-02, step: 1d }")))
                .hasMessageContaining("backfill.step: unknown field (known: end, start)");
    }

    private List<String> reasons(String timeGrain, String backfill) {
        return validator.reasons("g1", GoalYaml.parse(GOAL.formatted(timeGrain, backfill)));
    }
}
