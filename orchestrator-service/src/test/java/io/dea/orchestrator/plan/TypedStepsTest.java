package io.dea.orchestrator.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.dea.events.v1.EventMeta;
import io.dea.events.v1.StepKind;
import io.dea.platform.goal.GoalYaml;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Every planned step carries its kind and typed inputs; the names people see stay as they were. */
class TypedStepsTest {

    private static final String GOAL = """
            goal: revenue
            sources:
              - { name: orders, format: csv, location: o.csv }
              - { name: payments, format: csv, location: p.csv }
            mart:
              name: daily_revenue
              grain: [orders.order_date]
              measures: [{ name: revenue, agg: sum, expr: payments.amount }]
            backfill: { start: 2024-01-01, end: 2024-01-02 }
            """;

    private final Plan plan = new Planner().plan("g1", "t1", "ann", GoalYaml.parse(GOAL), 0);

    @Test
    void theIngestStepsNameTheirSourceAsAnInputAndEveryStepHasItsKind() {
        assertThat(plan.steps()).extracting(Step::name).containsExactly("ingest_orders", "ingest_payments", "model", "transform",
                "governance", "cost", "quality", "schedule", "apply", "backfill");
        assertThat(plan.steps()).extracting(Step::kind).containsExactly(StepKind.INGEST, StepKind.INGEST, StepKind.MODEL,
                StepKind.TRANSFORM, StepKind.GOVERNANCE, StepKind.COST, StepKind.QUALITY, StepKind.SCHEDULE, StepKind.APPLY,
                StepKind.BACKFILL);
        assertThat(plan.steps()).extracting(Step::source).containsExactly("orders", "payments", null, null, null, null, null,
                null, null, null);
        assertThat(plan.steps()).extracting(Step::agent).containsExactly("ingestion", "ingestion", "modeling", "transform",
                "governance", "cost", "quality", "ops", "transform", "ops");
        assertThat(plan.step(StepKind.MODEL).orElseThrow().dependsOn()).containsExactly("ingest_orders", "ingest_payments");
        assertThat(plan.step(StepKind.APPLY).orElseThrow().dependsOn()).containsExactly("quality", "governance", "schedule");
    }

    @Test
    void kindAndSourceSurviveThePlanStore() {
        EventMeta meta = EventMeta.newBuilder().setEventId("e").setTraceId("t1").setGoalId("g1").setPlanId("g1")
                .setProducedAt(Instant.EPOCH).setService("orchestrator-service").setInstance("i").build();

        Plan back = PlanCodec.fromRecord(PlanCodec.toRecord(plan, meta));

        assertThat(back.steps()).extracting(Step::kind).containsExactlyElementsOf(plan.steps().stream().map(Step::kind).toList());
        assertThat(back.steps()).extracting(Step::source).containsExactlyElementsOf(plan.steps().stream().map(Step::source).toList());
    }
}
