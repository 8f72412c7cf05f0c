package io.dea.platform.lineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dea.platform.lineage.ColumnLineage.Kind;
import io.dea.platform.lineage.ColumnLineage.Source;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Column lineage of SQL on its own, without dbt: the shapes the transform agent writes. */
class ColumnLineageTest {

    private static final String ORDERS = "warehouse.sandbox_p1.stg_daily_revenue__orders";
    private static final String PAYMENTS = "warehouse.sandbox_p1.stg_daily_revenue__payments";

    /** The mart the transform agent generated for the bundled goal (as dbt compiled it in a demo run). */
    private static final String GENERATED_MART = """
            with
            "payments_measures" as (
                select
                    cast(date_trunc('day', "orders"."order_date") as date) as "order_date",
                    sum("payments"."amount") as "revenue"
                from "warehouse"."sandbox_p1"."stg_daily_revenue__payments" as "payments"
                left join "warehouse"."sandbox_p1"."stg_daily_revenue__orders" as "orders" on "orders"."id" = "payments"."order_id"
                where ("orders"."status" <> 'returned')
                group by 1
            ),
            "orders_measures" as (
                select
                    cast(date_trunc('day', "orders"."order_date") as date) as "order_date",
                    count(distinct "orders"."id") as "order_count"
                from "warehouse"."sandbox_p1"."stg_daily_revenue__orders" as "orders"
                where ("orders"."status" <> 'returned')
                group by 1
            ),
            "grain_keys" as (
                select "order_date" from "payments_measures"
                union
                select "order_date" from "orders_measures"
            )

            select
                "grain_keys"."order_date",
                coalesce("payments_measures"."revenue", 0) as "revenue",
                coalesce("orders_measures"."order_count", 0) as "order_count"
            from "grain_keys"
            left join "payments_measures" on "payments_measures"."order_date" is not distinct from "grain_keys"."order_date"
            left join "orders_measures" on "orders_measures"."order_date" is not distinct from "grain_keys"."order_date"
            """;

    @Test
    void shouldFollowTheGeneratedMartsMeasuresThroughItsCtesAndTheUnionOfGrainKeys() throws Exception {
        Map<String, Map<Source, Kind>> lineage = ColumnLineage.derive(GENERATED_MART, relation -> List.of());

        assertThat(lineage).containsOnlyKeys("order_date", "revenue", "order_count");
        assertThat(lineage.get("revenue")).containsExactly(Map.entry(new Source(PAYMENTS, "amount"), Kind.AGGREGATION));
        assertThat(lineage.get("order_count")).containsExactly(Map.entry(new Source(ORDERS, "id"), Kind.AGGREGATION));
        assertThat(lineage.get("order_date")).containsExactly(Map.entry(new Source(ORDERS, "order_date"), Kind.TRANSFORMATION));
    }

    @Test
    void shouldPlaceAnUnqualifiedColumnOnlyWhereItIsKnownAndLeaveAnAmbiguousOneOut() throws Exception {
        Map<String, List<String>> columns = Map.of("s.orders", List.of("id", "status"), "s.payments", List.of("id", "amount"));

        Map<String, Map<Source, Kind>> lineage = ColumnLineage.derive(
                "select status, amount * 2 as doubled, id, current_date as today from s.orders o join s.payments p on p.id = o.id",
                relation -> columns.getOrDefault(relation, List.of()));

        assertThat(lineage.get("status")).containsExactly(Map.entry(new Source("s.orders", "status"), Kind.IDENTITY));
        assertThat(lineage.get("doubled")).containsExactly(Map.entry(new Source("s.payments", "amount"), Kind.TRANSFORMATION));
        assertThat(lineage.get("id")).as("both relations have an id: not guessed").isEmpty();
        assertThat(lineage.get("today")).isEmpty();
    }

    @Test
    void shouldRefuseWhatIsNotAQuery() {
        assertThatThrownBy(() -> ColumnLineage.derive("delete from s.orders where id = 1", relation -> List.of()))
                .hasMessageContaining("not a query");
    }
}
