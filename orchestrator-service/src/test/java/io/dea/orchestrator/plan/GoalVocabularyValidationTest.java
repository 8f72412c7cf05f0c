package io.dea.orchestrator.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.dea.platform.goal.GoalYaml;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The validator names the aggregates, formats and environments a goal may use, as the platform defines them. */
class GoalVocabularyValidationTest {

    private static final String GOAL = """
            goal: revenue
            sources:
              - { name: orders, format: %s, location: o.csv }
            mart:
              name: daily_revenue
              grain: [orders.order_date]
              measures: [{ name: orders, agg: %s, expr: orders.id }]
            environment: %s
            """;

    private final GoalValidator validator = new GoalValidator(source -> Optional.empty());

    @Test
    void aGoalInTheVocabularyIsAccepted() {
        assertThat(validator.reasons("g1", GoalYaml.parse(GOAL.formatted("parquet", "count_distinct", "prod")))).isEmpty();
        assertThat(validator.reasons("g1", GoalYaml.parse(GOAL.formatted("json", "avg", "staging")))).isEmpty();
    }

    @Test
    void eachWordOutsideTheVocabularyIsRejectedWithEveryAllowedSpelling() {
        assertThat(validator.reasons("g1", GoalYaml.parse(GOAL.formatted("xlsx", "median", "qa")))).containsExactlyInAnyOrder(
                "sources[0].format: 'xlsx' must be one of [csv, http, jdbc, json, parquet]",
                "mart.measures[0].agg: 'median' must be one of [avg, count, count_distinct, max, min, sum]",
                "environment: 'qa' must be one of [dev, prod, staging]");
    }

    @Test
    void aTimezoneIsAnIanaNameAndAnythingElseIsRejectedWithWhatToWrite() {
        String goal = GOAL.formatted("csv", "sum", "dev");

        assertThat(GoalYaml.parse(goal + "timezone: Asia/Tokyo\n").getTimezone()).isEqualTo("Asia/Tokyo");
        assertThat(GoalYaml.parse(goal).getTimezone()).isNull();
        assertThat(validator.reasons("g1", GoalYaml.parse(goal + "timezone: Europe/Berlin\n"))).isEmpty();
        assertThat(validator.reasons("g1", GoalYaml.parse(goal + "timezone: UTC\n"))).isEmpty();
        assertThat(validator.reasons("g1", GoalYaml.parse(goal + "timezone: Europe/Berln\n"))).containsExactly(
                "timezone: 'Europe/Berln' is not an IANA time zone name; write one like UTC, Europe/Berlin or America/New_York "
                        + "(the default is UTC)");
        assertThat(validator.reasons("g1", GoalYaml.parse(goal + "timezone: \"+02:00'; DROP TABLE x --\"\n"))).hasSize(1);
    }

    @Test
    void theGoalsSpellingIsExact() {
        assertThat(validator.reasons("g1", GoalYaml.parse(GOAL.formatted("csv", "SUM", "Dev"))))
                .anyMatch(r -> r.startsWith("mart.measures[0].agg: 'SUM'"))
                .anyMatch(r -> r.startsWith("environment: 'Dev'"));
    }
}
