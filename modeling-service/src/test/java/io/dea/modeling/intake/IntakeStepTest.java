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

    private LandedSchema demo;

    @BeforeEach
    void setUp() {
        demo = new LandedSchema(home);
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
        assertThat(goal.getSources().get(0).getLocation()).isEqualTo(LandedSchema.DATA.resolve("orders.csv").toString());
        assertThat(goal.getMart().getName()).isEqualTo("daily_revenue");
        assertThat(goal.getMart().getGrain()).containsExactly("orders.order_date");
        assertThat(goal.getMart().getTimeGrain()).isEqualTo("day");
        assertThat(goal.getMart().getMeasures()).containsExactly(new MeasureSpec("revenue", "sum", "payments.amount", null));
        assertThat(goal.getMart().getFilters()).containsExactly("orders.status <> 'returned'");
        assertThat(goal.getEnvironment()).isEqualTo("dev");
        assertThat(goal.getGoal()).isEqualTo("daily revenue from orders and payments, excluding returned orders");
        assertThat(LandedSchema.validate(yaml)).isEmpty();
        assertThat(outcome.outputs().get("questions")).isEmpty();
        assertThat(outcome.outputs().get("matches")).contains("measure revenue: sum of payments.amount (from 'revenue': a money word",
                "filter: orders.status <> 'returned' (from 'excluding returned orders': a value of orders.status",
                "grain: orders.order_date (from 'daily': the DATE column of orders");
        assertThat(outcome.review().diff()).startsWith("# read by deterministic grammar\n# proposed goal\n" + yaml).contains("# what each part was matched from",
                "# questions (left out of the proposal)\nnone");
        assertThat(outcome.summary()).isEqualTo("read as mart daily_revenue over orders, payments; grain orders.order_date by day; "
                + "measures revenue = sum(payments.amount); filters orders.status <> 'returned'; 0 question(s)");
    }

    @Test
    void shouldAskAboutWordsThatMatchNothingAndProposeNothingForThem() throws Exception {
        TaskOutcome outcome = demo.intakeWords("p1", "daily revenue by warehouse region from orders and payments");

        assertThat(outcome.review().kind()).isEqualTo("INTENT");
        assertThat(outcome.outputs().get("questions"))
                .isEqualTo("'warehouse region': no column or value of orders, payments matches it; name the column (source.column)");
        GoalSpec goal = GoalYaml.parse(outcome.outputs().get("proposed_goal"));
        assertThat(goal.getMart().getGrain()).containsExactly("orders.order_date");
        assertThat(goal.getMart().getName()).isEqualTo("daily_revenue");
        assertThat(outcome.review().diff()).contains("# questions (left out of the proposal)\n'warehouse region': no column");
        assertThat(LandedSchema.validate(outcome.outputs().get("proposed_goal"))).isEmpty();
    }

    @Test
    void shouldAskRatherThanChooseBetweenTwoColumnsThatMatchAlike() throws Exception {
        demo.sql("ALTER TABLE landing.payments ADD COLUMN price DOUBLE", "UPDATE landing.payments SET price = amount");

        TaskOutcome outcome = demo.intakeWords("p1", "daily revenue from orders and payments");

        assertThat(outcome.outputs().get("questions")).isEqualTo("'revenue': matches payments.amount and payments.price too closely "
                + "to choose; name the column (source.column)");
        assertThat(GoalYaml.parse(outcome.outputs().get("proposed_goal")).getMart().getMeasures()).isEmpty();
    }

    @Test
    void shouldCountTheRowsWithACategoryValueTheMeasureNamesAndAskWhenAnotherMeasureWouldBeFilteredToo() throws Exception {
        TaskOutcome alone = demo.intakeWords("p1", "number of returned orders per day from orders");
        TaskOutcome withRevenue = demo.intakeWords("p2", "number of returned orders and revenue per day from orders and payments");

        GoalSpec goal = GoalYaml.parse(alone.outputs().get("proposed_goal"));
        assertThat(goal.getMart().getMeasures()).containsExactly(new MeasureSpec("returned_order_count", "count_distinct", "orders.id", null));
        assertThat(goal.getMart().getFilters()).containsExactly("orders.status = 'returned'");
        assertThat(alone.outputs().get("matches")).contains("filter: orders.status = 'returned' (from 'number of returned orders': "
                + "a value of orders.status, the rows the measure counts");
        assertThat(LandedSchema.validate(alone.outputs().get("proposed_goal"))).isEmpty();
        GoalSpec both = GoalYaml.parse(withRevenue.outputs().get("proposed_goal"));
        assertThat(both.getMart().getMeasures()).containsExactly(new MeasureSpec("revenue", "sum", "payments.amount", null));
        assertThat(both.getMart().getFilters()).isNull();
        assertThat(withRevenue.outputs().get("questions")).startsWith("'number of returned orders': counts the rows with a value of "
                + "orders.status, a filter that would apply to every measure");
    }

    @Test
    void shouldTakeTheTimeGrainOverTheOneDateTheMeasureNamesAndNotOverWhenARowWasWritten() throws Exception {
        demo.sql("ALTER TABLE landing.orders ADD COLUMN shipped_date DATE", "UPDATE landing.orders SET shipped_date = order_date + 2",
                "ALTER TABLE landing.payments ADD COLUMN created_at DATE", "UPDATE landing.payments SET created_at = CAST(paid_at AS DATE)");

        TaskOutcome shipped = demo.intakeWords("p1", "number of shipped orders per week from orders");
        TaskOutcome orders = demo.intakeWords("p2", "weekly orders from orders");
        TaskOutcome revenue = demo.intakeWords("p3", "weekly revenue from orders and payments");
        TaskOutcome payments = demo.intakeWords("p4", "weekly payments from payments");

        assertThat(shipped.outputs().get("questions")).isEqualTo("'by week': orders has 2 such columns (orders.order_date, "
                + "orders.shipped_date) to take it over; name the one (source.column)");
        assertThat(GoalYaml.parse(orders.outputs().get("proposed_goal")).getMart().getGrain()).containsExactly("orders.order_date");
        assertThat(revenue.outputs().get("questions")).isEqualTo("'weekly': orders has 2 such columns (orders.order_date, "
                + "orders.shipped_date) to take it over; name the one (source.column)");
        assertThat(GoalYaml.parse(payments.outputs().get("proposed_goal")).getMart().getGrain()).containsExactly("payments.paid_at");
    }

    @Test
    void shouldQuoteAValueWithAQuoteAsDataAndNeverProposeAValueThatCouldBecomeATemplate() throws Exception {
        demo.sql("UPDATE landing.orders SET status = 'customer''s call' WHERE status = 'shipped'",
                "UPDATE landing.orders SET status = '{{ returned }}' WHERE status = 'returned'");

        TaskOutcome quoted = demo.intakeWords("p1", "daily revenue from orders and payments, excluding customer's call orders");
        TaskOutcome template = demo.intakeWords("p2", "daily revenue from orders and payments, excluding returned orders");

        assertThat(GoalYaml.parse(quoted.outputs().get("proposed_goal")).getMart().getFilters()).containsExactly("orders.status <> 'customer''s call'");
        assertThat(LandedSchema.validate(quoted.outputs().get("proposed_goal"))).isEmpty();
        assertThat(GoalYaml.parse(template.outputs().get("proposed_goal")).getMart().getFilters()).isNull();
        assertThat(template.outputs().get("questions")).isEqualTo("'returned orders': a value of orders.status it matches holds "
                + "characters a filter may not carry; write the filter (e.g. source.column <> 'value')");
        assertThat(template.outputs().values()).noneMatch(v -> v.contains("{{"));
        assertThat(template.review().diff()).doesNotContain("{{");
    }

    @Test
    void shouldReadWithinTheGoalsOwnSourcesAndKeepItsOtherFields() throws Exception {
        String yaml = "goal: number of orders per month by country\nsources:\n"
                + "  - {name: orders, format: csv, location: " + LandedSchema.DATA.resolve("orders.csv") + ", primary_key: id}\n"
                + "  - {name: customers, format: csv, location: " + LandedSchema.DATA.resolve("customers.csv") + "}\n"
                + "owner: analytics-team\nschedule: \"0 2 * * *\"\nenvironment: staging\n";

        TaskOutcome outcome = demo.intake("p1", yaml);

        GoalSpec goal = GoalYaml.parse(outcome.outputs().get("proposed_goal"));
        assertThat(goal.getSources()).extracting(SourceSpec::getName).containsExactly("orders", "customers");
        assertThat(goal.getMart().getGrain()).containsExactly("orders.order_date", "customers.country");
        assertThat(goal.getMart().getMeasures()).containsExactly(new MeasureSpec("order_count", "count_distinct", "orders.id", null));
        assertThat(goal.getOwner()).isEqualTo("analytics-team");
        assertThat(goal.getSchedule()).isEqualTo("0 2 * * *");
        assertThat(goal.getEnvironment()).isEqualTo("staging");
        assertThat(LandedSchema.validate(outcome.outputs().get("proposed_goal"))).isEmpty();
    }

    @Test
    void shouldAskWhereALandedTableHasNoConnectorOnMain() throws Exception {
        demo.sql("CREATE TABLE landing.refunds AS SELECT range + 1 AS id, 1 + range AS order_id, CAST(range AS DOUBLE) AS refund_amount "
                + "FROM range(10)");

        TaskOutcome outcome = demo.intakeWords("p1", "total refund amount by order from refunds");

        assertThat(outcome.outputs().get("questions")).contains("'refunds': landing.refunds has no connector on main "
                + "(connectors/refunds.yml) saying where it is loaded from; add the source (name, format, location)");
        assertThat(GoalYaml.parse(outcome.outputs().get("proposed_goal")).getMart().getMeasures())
                .containsExactly(new MeasureSpec("refund_amount", "sum", "refunds.refund_amount", null));
    }

    @Test
    void shouldProposeTheSameOnceApprovedWithoutAskingAgain() throws Exception {
        String words = "daily revenue from orders and payments, excluding returned orders";
        TaskOutcome held = demo.intakeWords("p1", words);
        var task = demo.tasks.task("p1", io.dea.platform.step.StepRef.of(io.dea.events.v1.StepKind.INTAKE), "modeling",
                io.dea.platform.testing.TestTasks.goal("goal: " + words + "\n"), java.util.Map.of());

        TaskOutcome approved = new io.dea.modeling.ModelingHandler().handle(
                demo.tasks.context(io.dea.platform.testing.TestTasks.approved(task, "alice")));

        assertThat(approved.review()).isNull();
        assertThat(approved.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(approved.outputs()).isEqualTo(held.outputs());
    }
}
