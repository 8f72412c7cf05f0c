package io.dea.cost;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class PlanExplainerTest {

    @Test
    void shouldFindTheTablesColumnsAndFiltersEachScanReadsInAJsonPlan() {
        String json = """
                [{"name": "HASH_JOIN", "extra_info": {"Join Type": "INNER"}, "children": [
                   {"name": "SEQ_SCAN", "children": [], "extra_info": {"Table": "warehouse.landing.orders",
                     "Projections": ["id", "order_date"], "Filters": "status != 'returned'"}},
                   {"name": "SEQ_SCAN", "children": [], "extra_info": {"Table": "landing.payments", "Projections": "amount"}},
                   {"name": "READ_CSV", "children": [], "extra_info": {"Function": "READ_CSV", "Projections": ["a"]}},
                   {"name": "RANGE", "children": [], "extra_info": {"Function": "RANGE"}}]}]""";

        QueryPlan plan = PlanExplainer.fromJson("text", json);

        assertThat(plan.scans()).containsExactly(
                new TableScan("warehouse", "landing", "orders", Set.of("id", "order_date"), Set.of("status != 'returned'"), false),
                new TableScan(null, "landing", "payments", Set.of("amount"), Set.of(), false));
        assertThat(plan.unestimated()).containsExactly("READ_CSV");
    }

    @Test
    void shouldCountEveryColumnOfTheTablesATextPlanNamesWhenThereIsNoJson() {
        QueryPlan plan = PlanExplainer.fromText("│ Table: warehouse.landing.orders │\n│ Table: landing.payments │");

        assertThat(plan.scans()).extracting(TableScan::name, TableScan::allColumns)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("landing.orders", true),
                        org.assertj.core.groups.Tuple.tuple("landing.payments", true));
    }

    @Test
    void shouldReadTheColumnsFiltersMentionButNotTheirStringLiterals() {
        TableScan scan = new TableScan(null, "landing", "orders", Set.of("id"), Set.of("(status != 'note')"), false);
        java.util.Map<String, String> types = new java.util.LinkedHashMap<>();
        types.put("id", "BIGINT");
        types.put("status", "VARCHAR");
        types.put("note", "VARCHAR");

        assertThat(ScanEstimator.columnsRead(scan, types)).containsExactly("id", "status");
    }
}
