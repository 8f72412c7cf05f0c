package io.dea.transform;

import static org.assertj.core.api.Assertions.assertThat;

import io.dea.events.v1.StepKind;
import io.dea.platform.step.StepRef;
import io.dea.events.v1.GoalSpec;
import io.dea.events.v1.Outcome;
import io.dea.events.v1.TaskRequested;
import io.dea.platform.agent.TaskOutcome;
import io.dea.platform.artifact.DataProject;
import io.dea.platform.dbt.Dbt;
import io.dea.platform.testing.TestTasks;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A change to a mart that exists already is first built as a shadow (the plan's sandbox) and
 * compared with the live table: within tolerance it goes on (to the usual review, or straight to
 * the environment when configured); a change of the totals is held in a CANARY review and the live
 * table stays as it is.
 */
class CanaryTest {

    private static final String MART = """
            mart:
              name: daily_revenue
              grain: [orders.order_date]
              time_grain: day
              measures:
                - {name: revenue, agg: sum, expr: payments.amount}
                - {name: order_count, agg: count_distinct, expr: orders.id}
              filters: ["%s"]
            environment: %s
            """;
    private static final String LIVE_TOTAL = "SELECT round(sum(revenue), 2), count(*) FROM staging.daily_revenue";

    @TempDir
    Path home;
    private TestTasks tasks;

    @BeforeEach
    void liveMart() throws Exception {
        tasks = new TestTasks(home);
        new ShopData(30, 400, 7L).load(tasks.warehouse, home.resolve("data"));
        TaskRequested first = shadowBuilt("p1", "orders.status <> 'returned'");
        TaskOutcome proposed = new TransformHandler().handle(tasks.context(first));
        assertThat(proposed.review().kind()).as("a new mart has no canary: a plain change review").isEqualTo("CHANGE");
        assertThat(proposed.review().summary()).doesNotContain("canary");
        TaskOutcome applied = new TransformHandler().handle(tasks.context(TestTasks.approved(first, "alice")));
        assertThat(applied.outcome()).as(applied.summary()).isEqualTo(Outcome.SUCCEEDED);
    }

    @Test
    void anUnchangedRebuildIsWithinToleranceAndSaysSoInItsReview() throws Exception {
        TaskRequested again = shadowBuilt("p2", "orders.status <> 'returned'");

        TaskOutcome proposed = new TransformHandler().handle(tasks.context(again));

        assertThat(proposed.review().kind()).isEqualTo("CHANGE");
        assertThat(proposed.review().summary()).contains("canary within tolerance", "(0.0%)", "keys shared 100.0%");
    }

    @Test
    void withinToleranceIsAppliedWithoutAReviewWhenConfigured() throws Exception {
        TaskRequested again = shadowBuilt("p3", "orders.status <> 'returned'");

        TaskOutcome applied = new TransformHandler(1_000_000, 0.01, true).handle(tasks.context(again));

        assertThat(applied.review()).isNull();
        assertThat(applied.outcome()).as(applied.summary()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(applied.summary()).contains("approved by canary within tolerance");
        assertThat(applied.outputs()).containsKey("merge_commit").containsEntry("mart_table", "staging.daily_revenue");
        assertThat(applied.outputs().get("canary")).contains("keys shared 100.0%");
    }

    @Test
    void aChangeOfTheTotalsIsHeldForReviewAndTheLiveTableStaysAsItIs() throws Exception {
        List<List<Object>> before = tasks.warehouse.query(LIVE_TOTAL).rows();
        TaskRequested changed = shadowBuilt("p4", "orders.status = 'returned'");

        TaskOutcome held = new TransformHandler(1_000_000, 0.01, true).handle(tasks.context(changed));

        assertThat(held.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(held.review()).as("held, even where changes within tolerance would go on alone").isNotNull();
        assertThat(held.review().kind()).isEqualTo("CANARY");
        assertThat(held.review().summary()).contains("outside the 1.0% tolerance", "revenue total");
        assertThat(held.review().diff()).contains("sandbox_p4.daily_revenue (shadow build) against staging.daily_revenue (current)");
        assertThat(tasks.warehouse.query(LIVE_TOTAL).rows()).as("the live mart is untouched").isEqualTo(before);
        assertThat(tasks.artifacts.files("main").get("models/daily_revenue/daily_revenue.sql")).doesNotContain("= 'returned'");

        TaskOutcome approved = new TransformHandler().handle(tasks.context(TestTasks.approved(changed, "bob")));

        assertThat(approved.outcome()).as(approved.summary()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(tasks.warehouse.query(LIVE_TOTAL).rows()).as("applied once a person approved").isNotEqualTo(before);
    }

    @Test
    void prodTakesOnlyTheModelsThatPassedStagingAndAsksItsOwnReview() throws Exception {
        TaskRequested untried = shadowBuilt("p5", "orders.status = 'returned'", "prod");

        TaskOutcome refused = new TransformHandler().handle(tasks.context(untried));

        assertThat(refused.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(refused.summary()).contains("prod takes only what passed staging", "run the goal with environment: staging first");

        TaskRequested promoted = shadowBuilt("p6", "orders.status <> 'returned'", "prod");
        TaskOutcome proposed = new TransformHandler().handle(tasks.context(promoted));

        assertThat(proposed.review().kind()).isEqualTo("PROMOTION");
        assertThat(proposed.review().summary()).startsWith("Promote daily_revenue to prod: the models goal p1 applied to staging");
        TaskOutcome applied = new TransformHandler().handle(tasks.context(TestTasks.approved(promoted, "carol")));
        assertThat(applied.outcome()).as(applied.summary()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(tasks.warehouse.query("SELECT round(sum(revenue), 2), count(*) FROM prod.daily_revenue").rows())
                .as("prod has what staging has").isEqualTo(tasks.warehouse.query(LIVE_TOTAL).rows());
    }

    /** Transforms the goal on its plan's branch and builds it into the plan's sandbox, as the quality step would. */
    private TaskRequested shadowBuilt(String planId, String filter) throws Exception {
        return shadowBuilt(planId, filter, "staging");
    }

    private TaskRequested shadowBuilt(String planId, String filter, String environment) throws Exception {
        GoalSpec goal = TestTasks.goal("goal: daily revenue\n" + ShopData.SOURCES + MART.formatted(filter, environment));
        tasks.artifacts.commit(DataProject.branch(planId), Map.of("models/daily_revenue/sources.yml", ShopData.sourcesYml("daily_revenue")),
                "sources", "test");
        TaskOutcome transformed = new TransformHandler().handle(tasks.context(tasks.task(planId, StepRef.of(StepKind.TRANSFORM), "transform", goal,
                TransformHandlerTest.Shop.inputs())));
        assertThat(transformed.outcome()).as(transformed.summary()).isEqualTo(Outcome.SUCCEEDED);
        TaskRequested apply = tasks.task(planId, StepRef.of(StepKind.APPLY), "transform", goal, Map.of());
        Dbt.DbtResult shadow = tasks.context(apply).dbt(DataProject.sandboxSchema(planId),
                List.of("build", "--select", DataProject.modelDir("daily_revenue")));
        assertThat(shadow.ok()).as(shadow.tail(40)).isTrue();
        return apply;
    }
}
