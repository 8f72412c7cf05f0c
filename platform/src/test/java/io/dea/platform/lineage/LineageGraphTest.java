package io.dea.platform.lineage;

import static io.dea.platform.lineage.LineageGraphEvents.load;
import static io.dea.platform.lineage.LineageGraphEvents.model;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.dea.events.v1.PlanKind;
import io.dea.platform.lineage.LineageGraph.Direction;
import io.dea.platform.lineage.LineageGraphAnswer.ColumnEdge;
import io.dea.platform.lineage.LineageGraphAnswer.Found;
import io.dea.platform.testing.TestTasks;
import io.openlineage.client.OpenLineage.RunEvent.EventType;
import io.openlineage.client.OpenLineageClientUtils;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The graph from hand-made RunEvents shaped like the demo's: three CSV files, landing tables, staging models, a mart. */
class LineageGraphTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Map<String, List<String[]>> MART_COLUMNS = Map.of(
            "order_date", List.<String[]>of(new String[] {"dev.stg_orders", "order_date", "IDENTITY"}),
            "revenue", List.<String[]>of(new String[] {"dev.stg_payments", "amount", "AGGREGATION"}),
            "order_count", List.<String[]>of(new String[] {"dev.stg_orders", "id", "AGGREGATION"}));

    private final LineageGraph graph = new LineageGraph();

    @BeforeEach
    void theDemoGoalsEvents() {
        for (String source : List.of("orders", "payments", "customers")) {
            graph.add("g1", load("daily_revenue.ingest_" + source, T0, DatasetRef.file(Path.of("/shop/" + source + ".csv")), "landing." + source));
            graph.add("g1", model("daily_revenue.transform.stg_" + source, T0.plusSeconds(10), List.of("landing." + source),
                    "sandbox_g1.stg_" + source));
            graph.add("g1", model("daily_revenue.apply.stg_" + source, T0.plusSeconds(60), List.of("landing." + source), "dev.stg_" + source));
        }
        graph.add("g1", model(EventType.COMPLETE, "daily_revenue.apply.daily_revenue", T0.plusSeconds(70),
                List.of("dev.stg_orders", "dev.stg_payments"), "dev.daily_revenue", MART_COLUMNS));
    }

    @Test
    void upstreamReachesTheStagingModelsTheLandingTablesAndTheFilesWithTheirDistance() {
        LineageGraphAnswer answer = graph.lineage("dev.daily_revenue", Direction.UPSTREAM, false);

        assertThat(answer.table()).isEqualTo(new Found("dev.daily_revenue", LineageGraphNode.Kind.MODEL, 0));
        assertThat(answer.nodes()).extracting(Found::name, f -> f.kind().label(), Found::depth).containsExactly(
                tuple("dev.stg_orders", "model", 1), tuple("dev.stg_payments", "model", 1),
                tuple("landing.orders", "table", 2), tuple("landing.payments", "table", 2),
                tuple("/shop/orders.csv", "file", 3), tuple("/shop/payments.csv", "file", 3));
        assertThat(answer.next().get("dev.daily_revenue")).containsExactly("dev.stg_orders", "dev.stg_payments");
        assertThat(answer.next().get("landing.orders")).containsExactly("/shop/orders.csv");
        assertThat(answer.columns()).isNull();
        // The goal loaded customers too; the mart does not read it, so it is named beside the lineage, not in it.
        assertThat(answer.alsoLoaded()).containsExactly(
                new LineageGraphAnswer.AlsoLoaded("/shop/customers.csv", LineageGraphNode.Kind.FILE, "landing.customers"));
        assertThat(answer.toJson()).containsOnlyKeys("table", "kind", "direction", "nodes", "also_loaded");
        assertThat(graph.lineage("landing.orders", Direction.UPSTREAM, false).alsoLoaded()).as("a load is not a model").isEmpty();
        assertThat(graph.lineage("dev.daily_revenue", Direction.DOWNSTREAM, false).alsoLoaded()).isEmpty();
    }

    @Test
    void downstreamOfALandingTableReachesWhatIsBuiltFromItButNoPlansSandbox() {
        LineageGraphAnswer answer = graph.lineage("landing.orders", Direction.DOWNSTREAM, false);

        assertThat(answer.nodes()).extracting(Found::name, Found::depth)
                .containsExactly(tuple("dev.stg_orders", 1), tuple("dev.daily_revenue", 2));
        assertThat(graph.lineage("sandbox_g1.stg_orders", Direction.UPSTREAM, false).nodes()).extracting(Found::name)
                .as("asked about a sandbox table, its lineage is there").containsExactly("landing.orders", "/shop/orders.csv");
        assertThat(graph.lineage("/shop/customers.csv", Direction.DOWNSTREAM, false).nodes()).extracting(Found::name, Found::depth)
                .containsExactly(tuple("landing.customers", 1), tuple("dev.stg_customers", 2));
    }

    @Test
    void aFailedOrStartedRunBuiltNothing() {
        graph.add("g2", model(EventType.START, "daily_revenue.apply.daily_revenue", T0.plusSeconds(500), List.of("dev.refunds"),
                "dev.daily_revenue", Map.of()));
        graph.add("g2", model(EventType.FAIL, "daily_revenue.apply.daily_revenue", T0.plusSeconds(600), List.of("dev.refunds"),
                "dev.daily_revenue", Map.of()));

        assertThat(graph.lineage("dev.daily_revenue", Direction.UPSTREAM, false).nodes()).extracting(Found::name)
                .doesNotContain("dev.refunds").contains("dev.stg_payments");
        assertThatThrownBy(() -> graph.lineage("dev.refunds", Direction.DOWNSTREAM, false))
                .isInstanceOf(LineageGraph.UnknownTable.class).hasMessageContaining("no lineage of dev.refunds");
    }

    @Test
    void theLatestCompletedBuildOfATableReplacesTheOnesBeforeWhicheverPlanRanIt() {
        graph.add("g2", model("daily_revenue.apply.daily_revenue", T0.plusSeconds(900), List.of("dev.stg_orders"), "dev.daily_revenue"));
        // An older build read late (another partition) does not win over the newer one.
        graph.add("g0", model("daily_revenue.apply.daily_revenue", T0.minusSeconds(900), List.of("dev.stg_customers"), "dev.daily_revenue"));

        assertThat(graph.lineage("dev.daily_revenue", Direction.UPSTREAM, false).nodes()).extracting(Found::name)
                .containsExactly("dev.stg_orders", "landing.orders", "/shop/orders.csv");
        assertThat(graph.lineage("landing.payments", Direction.DOWNSTREAM, false).nodes()).extracting(Found::name)
                .containsExactly("dev.stg_payments");
    }

    @Test
    void aRolledBackPlansBuildsNoLongerCountSoTheRestoredTableShowsTheBuildItRestored() {
        graph.add("g2", model("daily_revenue.apply.daily_revenue", T0.plusSeconds(900), List.of("dev.stg_orders"), "dev.daily_revenue"));
        graph.add("g2", model("daily_revenue.apply.refunds", T0.plusSeconds(900), List.of("landing.orders"), "dev.refunds"));

        graph.rolledBack(Set.of("g2"));

        assertThat(graph.lineage("dev.daily_revenue", Direction.UPSTREAM, false).nodes()).extracting(Found::name)
                .contains("dev.stg_payments", "dev.stg_orders");
        assertThatThrownBy(() -> graph.lineage("dev.refunds", Direction.UPSTREAM, false))
                .as("a table the rollback dropped").isInstanceOf(LineageGraph.UnknownTable.class);
    }

    @Test
    void theUndonePlansAreTheRolledBackGoalsAndTheirRuns() {
        List<io.dea.events.v1.PlanState> plans = List.of(plan("g1", "g1", "COMPLETED", PlanKind.GOAL),
                plan("g2", "g2", "ROLLED_BACK", PlanKind.GOAL), plan("g2", "run-1", "COMPLETED", PlanKind.RUN),
                plan("g1", "run-2", "COMPLETED", PlanKind.RUN));

        assertThat(LineageGraph.undonePlans(plans)).containsExactlyInAnyOrder("g2", "run-1");
    }

    private static io.dea.events.v1.PlanState plan(String goalId, String planId, String state, PlanKind kind) {
        return io.dea.events.v1.PlanState.newBuilder()
                .setMeta(new io.dea.events.v1.EventMeta("e", "t", goalId, planId, T0, "test", "test-1"))
                .setGoal(TestTasks.goal("""
                        goal: g
                        sources: [{name: orders, format: csv, location: orders.csv}]
                        mart: {name: m, grain: [id], measures: [{name: n, agg: count, expr: orders.id}]}
                        """))
                .setRequestedBy("someone").setState(state).setBranch("plan/" + planId).setKind(kind)
                .setCreatedAt(T0).setUpdatedAt(T0).setSteps(List.of()).build();
    }

    @Test
    void aTableNameAloneIsResolvedWhenOneSchemaHasItAndOtherwiseTheErrorListsTheCandidates() {
        assertThat(graph.lineage("DAILY_REVENUE", Direction.UPSTREAM, false).table().name())
                .as("sandboxes aside, only dev has it").isEqualTo("dev.daily_revenue");
        assertThat(graph.lineage("orders.csv", Direction.DOWNSTREAM, false).table().name()).isEqualTo("/shop/orders.csv");

        graph.add("g3", model("daily_revenue.promote.daily_revenue", T0.plusSeconds(900), List.of("staging.stg_orders"),
                "staging.daily_revenue"));

        assertThatThrownBy(() -> graph.lineage("daily_revenue", Direction.UPSTREAM, false))
                .isInstanceOfSatisfying(LineageGraph.UnknownTable.class, e -> assertThat(e.candidates())
                        .containsExactly("dev.daily_revenue", "staging.daily_revenue"))
                .hasMessage("daily_revenue names 2 datasets: dev.daily_revenue, staging.daily_revenue; give one of them");
        assertThatThrownBy(() -> graph.lineage("nope", Direction.UPSTREAM, false))
                .isInstanceOfSatisfying(LineageGraph.UnknownTable.class, e -> assertThat(e.candidates()).isEmpty())
                .hasMessageContaining("give schema.table");
    }

    @Test
    void columnLineageListsTheColumnEdgesAmongTheTablesReached() {
        LineageGraphAnswer answer = graph.lineage("dev.daily_revenue", Direction.UPSTREAM, true);

        assertThat(answer.columns()).containsExactly(
                new ColumnEdge("dev.daily_revenue", "order_count", "dev.stg_orders", "id", "AGGREGATION"),
                new ColumnEdge("dev.daily_revenue", "order_date", "dev.stg_orders", "order_date", "IDENTITY"),
                new ColumnEdge("dev.daily_revenue", "revenue", "dev.stg_payments", "amount", "AGGREGATION"));
        assertThat(graph.lineage("dev.stg_payments", Direction.DOWNSTREAM, true).columns())
                .as("downstream: only edges from a table reached")
                .containsExactly(new ColumnEdge("dev.daily_revenue", "revenue", "dev.stg_payments", "amount", "AGGREGATION"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> json = (List<Map<String, Object>>) answer.toJson().get("columns");
        assertThat(json.get(2)).containsExactly(Map.entry("table", "dev.daily_revenue"), Map.entry("column", "revenue"),
                Map.entry("from_table", "dev.stg_payments"), Map.entry("from_column", "amount"), Map.entry("transformation", "AGGREGATION"));
    }

    @Test
    void jdbcAndHttpSourcesAreNamedByTheirRedactedUrlAndJsonThatIsNoRunEventIsRefused() {
        graph.add("g4", load("crm.ingest_accounts", T0, DatasetRef.jdbc("jdbc:postgresql://db:5432/crm", "public.accounts"), "landing.accounts"));
        graph.add("g4", load("crm.ingest_rates", T0, DatasetRef.url("https://api.example.com/v1/rates?day=1"), "landing.rates"));
        graph.add("g4", OpenLineageClientUtils.runEventFromJson(OpenLineageClientUtils.toJson(
                model("crm.apply.accounts", T0.plusSeconds(5), List.of("landing.accounts", "landing.rates"), "dev.accounts"))));

        assertThat(graph.lineage("dev.accounts", Direction.UPSTREAM, false).nodes()).extracting(Found::name, f -> f.kind().label())
                .containsExactly(tuple("landing.accounts", "table"), tuple("landing.rates", "table"),
                        tuple("https://api.example.com/v1/rates?day=1", "url"), tuple("jdbc:postgresql://db:5432/crm#public.accounts", "jdbc"));
        assertThat(graph.lineage("public.accounts", Direction.DOWNSTREAM, false).nodes()).extracting(Found::name)
                .containsExactly("landing.accounts", "dev.accounts");
        assertThat(graph.add("g4", "{\"not\": \"lineage\"")).isFalse();
    }
}
