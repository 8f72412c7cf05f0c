package io.dea.modeling.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.dea.events.v1.GoalSpec;
import io.dea.events.v1.MeasureSpec;
import io.dea.events.v1.Outcome;
import io.dea.events.v1.SourceSpec;
import io.dea.platform.agent.TaskOutcome;
import io.dea.platform.goal.GoalYaml;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The intake step over the demo's data, landed in a real DuckDB warehouse, its proposal checked by the orchestrator's validator. */
class IntakeStepTest {

    @TempDir
    Path home;

    private DemoData demo;

    @BeforeEach
    void setUp() {
        demo = new DemoData(home);
    }

    @Test
    void shouldReadTheDemoGoalInWordsAsTheDemoMartAndAskAReviewerFirst() throws Exception {
        TaskOutcome outcome = demo.intakeWords("p1", "daily revenue from orders and payments, excluding returned orders");

        assertThat(outcome.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(outcome.review()).isNotNull();
        assertThat(outcome.review().kind()).isEqualTo("INTENT");
        String yaml = outcome.outputs().get("proposed_goal");
        GoalSpec goal = GoalYaml.parse(yaml);
        assertThat(goal.getSources()).extracting(SourceSpec::getName).containsExactly("orders", "payments");
        assertThat(goal.getSources().get(0).getLocation()).isEqualTo(DemoData.DATA.resolve("orders.csv").toString());
        assertThat(goal.getMart().getName()).isEqualTo("daily_revenue");
        assertThat(goal.getMart().getGrain()).containsExactly("orders.order_date");
        assertThat(goal.getMart().getTimeGrain()).isEqualTo("day");
        assertThat(goal.getMart().getMeasures()).containsExactly(new MeasureSpec("revenue", "sum", "payments.amount"));
        assertThat(goal.getMart().getFilters()).containsExactly("orders.status <> 'returned'");
        assertThat(goal.getEnvironment()).isEqualTo("dev");
        assertThat(goal.getGoal()).isEqualTo("daily revenue from orders and payments, excluding returned orders");
        assertThat(DemoData.validate(yaml)).isEmpty();
        assertThat(outcome.outputs().get("questions")).isEmpty();
        assertThat(outcome.outputs().get("matches")).contains("measure revenue: sum of payments.amount (from 'revenue': a money word",
                "filter: orders.status <> 'returned' (from 'excluding returned orders': a value of orders.status",
                "grain: orders.order_date (from 'daily': the DATE column of orders");
        System.out.println(outcome.review().diff());
    }
}
