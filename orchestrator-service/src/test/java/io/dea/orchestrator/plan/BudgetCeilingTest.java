package io.dea.orchestrator.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.dea.platform.goal.ByteSize;
import io.dea.platform.goal.GoalYaml;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A goal cannot lift the cost gate above what the operator allows (dea.cost.max-budget). */
class BudgetCeilingTest {

    private static final String GOAL = """
            goal: revenue
            sources:
              - { name: orders, format: csv, location: o.csv }
            mart:
              name: daily_revenue
              grain: [orders.order_date]
              measures: [{ name: orders, agg: count, expr: orders.id }]
            budget:
              max_bytes_scanned: %s
            """;

    private final GoalValidator validator = new GoalValidator(source -> Optional.empty(), ByteSize.parse("100GB"));

    @Test
    void aBudgetOverTheCeilingIsRejectedWithTheCeilingAndHowToProceed() {
        assertThat(validator.reasons("g1", GoalYaml.parse(GOAL.formatted("5PB"))))
                .singleElement().asString()
                .contains("budget.max_bytes_scanned: 5 PB is over the platform's ceiling of 100 GB", "dea.cost.max-budget");
    }

    @Test
    void aBudgetAtOrUnderTheCeilingIsAccepted() {
        assertThat(validator.reasons("g1", GoalYaml.parse(GOAL.formatted("100GB")))).isEmpty();
        assertThat(validator.reasons("g1", GoalYaml.parse(GOAL.formatted("500MB")))).isEmpty();
    }

    @Test
    void aBudgetThatIsNotASizeIsStillRejectedAsBefore() {
        assertThat(validator.reasons("g1", GoalYaml.parse(GOAL.formatted("lots"))))
                .singleElement().asString().contains("must be a size like 10GB");
    }
}
