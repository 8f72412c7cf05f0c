package io.dea.platform.goal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dea.events.v1.GoalSpec;
import org.junit.jupiter.api.Test;

/** The goal YAML of docs/interface.md read into a GoalSpec: every shape problem reported at once, absent sections left out. */
class GoalYamlTest {

    @Test
    void aCompleteGoalIsReadFieldForField() {
        GoalSpec goal = GoalYaml.parse("""
                goal: Daily revenue
                sources:
                  - { name: orders, format: csv, location: data/orders.csv, incremental_key: updated_at }
                relationships: [orders.customer_id -> customers.id]
                mart:
                  name: daily_revenue
                  grain: [orders.order_date]
                  time_grain: day
                  measures:
                    - { name: revenue, agg: sum, expr: orders.amount }
                  filters: ["orders.status != 'cancelled'"]
                budget: { max_bytes_scanned: 10GB }
                backfill: { start: 2024-01-01, end: 2024-01-31 }
                timezone: Europe/Berlin
                """);

        assertThat(goal.getSources()).singleElement().satisfies(s -> assertThat(s.getIncrementalKey()).isEqualTo("updated_at"));
        assertThat(goal.getMart().getMeasures()).singleElement().satisfies(m -> assertThat(m.getExpr()).isEqualTo("orders.amount"));
        assertThat(goal.getMart().getFilters()).containsExactly("orders.status != 'cancelled'");
        assertThat(goal.getBudget().getMaxBytesScanned()).isEqualTo("10GB");
        assertThat(goal.getBackfill().getEnd()).isEqualTo("2024-01-31");
        assertThat(goal.getTimezone()).isEqualTo("Europe/Berlin");
    }

    @Test
    void aWrittenGoalReadsBackToTheSameGoalAndLeavesAbsentFieldsOut() throws Exception {
        GoalSpec example = GoalYaml.parse(java.nio.file.Files.readString(java.nio.file.Path.of("../examples/daily-revenue/goal.yaml")));

        String yaml = GoalYaml.write(example);

        assertThat(GoalYaml.parse(yaml)).isEqualTo(example);
        assertThat(yaml).contains("time_grain: \"day\"").doesNotContain("null").doesNotContain("backfill");
        GoalSpec hostile = GoalSpec.newBuilder(example).setGoal("x\nmart: {name: evil}\n# {{ run_query('drop') }}").build();
        assertThat(GoalYaml.parse(GoalYaml.write(hostile))).as("text stays text").isEqualTo(hostile);
    }

    @Test
    void aFilterGivenOnlyInWordsIsKeptApartFromTheExpressionsAndWrittenBackAsAPersonWritesIt() {
        GoalSpec goal = GoalYaml.parse("""
                goal: Daily revenue
                mart:
                  name: daily_revenue
                  grain: [orders.order_date]
                  measures: [{ name: revenue, agg: sum, expr: payments.amount }]
                  filters:
                    - "orders.amount > 0"
                    - { description: "leave out returned orders" }
                """);

        assertThat(goal.getMart().getFilters()).containsExactly("orders.amount > 0");
        assertThat(goal.getMart().getDescribedFilters()).containsExactly("leave out returned orders");
        String yaml = GoalYaml.write(goal);
        assertThat(yaml).doesNotContain("described_filters").contains("description: \"leave out returned orders\"");
        assertThat(GoalYaml.parse(yaml)).isEqualTo(goal);
        assertThatThrownBy(() -> GoalYaml.parse("goal: g\nmart: {name: m, grain: [a.b], measures: [], filters: [[x], {expr: y}]}\n"))
                .isInstanceOfSatisfying(GoalYaml.GoalYamlException.class, e -> assertThat(e.problems()).containsExactly(
                        "mart.filters[0]: must be an expression or a map {description}",
                        "mart.filters[1].expr: unknown field (known: description)"));
    }

    @Test
    void sectionsNotGivenStayAbsentSoTheValidatorCanSayWhatIsMissing() {
        GoalSpec goal = GoalYaml.parse("goal: build daily sales mart\n");

        assertThat(goal.getSources()).isNull();
        assertThat(goal.getMart()).isNull();
        assertThat(goal.getBudget()).isNull();
        assertThat(goal.getBackfill()).isNull();
    }

    @Test
    void everySectionInTheWrongShapeIsReportedInOneAnswer() {
        assertThatThrownBy(() -> GoalYaml.parse("""
                goal: x
                sources: { name: orders }
                mart: { name: m, measures: { name: revenue } }
                budget: 10GB
                backfill: [2024-01-01]
                colour: blue
                """))
                .isInstanceOf(GoalYaml.GoalYamlException.class)
                .hasMessageContaining("sources: must be a list")
                .hasMessageContaining("mart.measures: must be a list")
                .hasMessageContaining("budget: must be a map")
                .hasMessageContaining("backfill: must be a map {start, end}")
                .hasMessageContaining("colour: unknown field");
    }

    @Test
    void aListEntryOfTheWrongShapeNamesItsPosition() {
        assertThatThrownBy(() -> GoalYaml.parse("""
                goal: x
                sources: [orders]
                mart: { name: m, measures: [revenue] }
                """))
                .hasMessageContaining("sources[0]: must be a map")
                .hasMessageContaining("mart.measures[0]: must be a map {name, agg, expr}");
    }

    @Test
    void textThatIsNotAMapIsRefusedPlainly() {
        assertThatThrownBy(() -> GoalYaml.parse("- just a list")).hasMessageContaining("must be a YAML map");
        assertThatThrownBy(() -> GoalYaml.parse("goal: [unclosed")).hasMessageContaining("not valid YAML");
    }
}
