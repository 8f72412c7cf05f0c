package io.dea.stack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dea.events.v1.EventMeta;
import io.dea.events.v1.PlanState;
import io.dea.events.v1.StepState;
import io.dea.platform.goal.GoalYaml;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** What `./dea status` shows of a step's time, from a plan state as the orchestrator stores it; no stack. */
class PlanPrinterTest {

    private static final Instant T0 = Instant.parse("2026-12-07T15:20:01.123Z");

    @Test
    void theJsonGivesEachStepsStartAndEndInUtcWithMillisecondsAndNullUntilKnown() {
        StepState reviewed = StepState.newBuilder(step("model", "RUNNING", Instant.parse("2026-12-07T15:20:06Z"), null))
                .setReviewId("r-1").setReviewOpenedAt(T0.plusSeconds(6)).build();
        PlanState plan = plan(step("ingest_orders", "SUCCEEDED", T0, T0.plusMillis(4_200)), reviewed,
                step("apply", "PENDING", null, null));

        var steps = PlanPrinter.JSON.readTree(PlanPrinter.JSON.writeValueAsString(PlanPrinter.statusJson("g1", plan))).get("steps");

        assertThat(steps.get(0).get("started_at").asString()).isEqualTo("2026-12-07T15:20:01.123Z");
        assertThat(steps.get(0).get("ended_at").asString()).isEqualTo("2026-12-07T15:20:05.323Z");
        assertThat(steps.get(1).get("started_at").asString()).isEqualTo("2026-12-07T15:20:06.000Z");
        assertThat(steps.get(1).get("ended_at").isNull()).as("running: present, null").isTrue();
        assertThat(steps.get(2).get("started_at").isNull()).as("not started").isTrue();
        assertThat(steps.get(1).get("review_opened_at").asString()).isEqualTo("2026-12-07T15:20:07.123Z");
        assertThat(steps.get(1).get("review_decided_at").isNull()).as("open review").isTrue();
        assertThat(steps.get(0).has("review_opened_at")).as("no review, no review times").isFalse();
    }

    @Test
    void theTableShowsHowLongEachStepTookAndHowLongARunningOneHasTakenSoFar() {
        Instant now = T0.plusSeconds(30);
        assertThat(PlanPrinter.took(json(step("a", "SUCCEEDED", T0, T0.plusMillis(4_200))), now)).isEqualTo("4.2s");
        assertThat(PlanPrinter.took(json(step("a", "FAILED", T0, T0.plusSeconds(185))), now)).isEqualTo("3m05s");
        assertThat(PlanPrinter.took(json(step("a", "SUCCEEDED", T0, T0.plusSeconds(7_380))), now)).isEqualTo("2h03m");
        assertThat(PlanPrinter.took(json(step("a", "AWAITING_REVIEW", T0, null)), now)).isEqualTo("30.0s+");
        assertThat(PlanPrinter.took(json(step("a", "PENDING", null, null)), now)).isEmpty();

        assertThat(PlanPrinter.stepLine(json(step("ingest_orders", "SUCCEEDED", T0, T0.plusMillis(4_200))), now))
                .matches("  ingest_orders +ingest +SUCCEEDED +4\\.2s +loaded");
    }

    /** The step as the status JSON gives it, which the table is printed from. */
    private static JsonNode json(StepState step) {
        return PlanPrinter.JSON.valueToTree(PlanPrinter.statusJson("g1", plan(step))).get("steps").get(0);
    }

    private static StepState step(String name, String state, Instant started, Instant ended) {
        return StepState.newBuilder().setName(name).setAgent("ingest").setDependsOn(List.of()).setState(state)
                .setAttempt(started == null ? 0 : 1).setStartedAt(started).setEndedAt(ended).setSummary("loaded")
                .setOutputs(Map.of()).setArtifacts(List.of()).build();
    }

    private static PlanState plan(StepState... steps) {
        return PlanState.newBuilder()
                .setMeta(new EventMeta("e", "t1", "g1", "g1", T0, "test", "test-1"))
                .setGoal(GoalYaml.parse("""
                        goal: revenue
                        sources: [{ name: orders, format: csv, location: o.csv }]
                        mart: { name: daily_revenue, grain: [orders.order_date], measures: [{ name: n, agg: count, expr: orders.id }] }
                        """))
                .setRequestedBy("ann").setState("RUNNING").setBranch("dea/g1")
                .setCreatedAt(T0).setUpdatedAt(T0).setSteps(List.of(steps)).build();
    }
}
