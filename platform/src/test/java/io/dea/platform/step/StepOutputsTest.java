package io.dea.platform.step;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dea.platform.goal.ColumnNames;
import io.dea.platform.goal.KeyList;
import io.dea.platform.goal.Relationship;
import io.dea.platform.goal.Relationships;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The wire keeps the keys and value encodings it had before outputs were typed; what is written reads back the same. */
class StepOutputsTest {

    @Test
    void theModelStepsOutputsKeepTheirKeysAndEncodings() {
        var model = new Outputs.Model(new KeyList(ordered("orders", "id", "customers", "id")),
                new Relationships(List.of(new Relationship("payments", "order_id", "orders", "id"),
                        new Relationship("orders", "customer_id", "customers", "id"))),
                "models/m/sources.yml", "m", new KeyList(ordered("orders", "stg_m__orders")),
                new ColumnNames(ordered("orders.Order_TS", "ordered_at")), new KeyList(Map.of()), "naming.yml", null);

        Map<String, String> wire = StepOutputs.encode(model);

        assertThat(wire).containsEntry("primary_keys", "orders:id,customers:id")
                .containsEntry("relationships", "payments.order_id->orders.id;orders.customer_id->customers.id")
                .containsEntry("staging_models", "orders:stg_m__orders")
                .containsEntry("column_names", "orders.Order_TS->ordered_at")
                .containsEntry("proposed_models", "")
                .containsEntry("sources_path", "models/m/sources.yml").containsEntry("dbt_source", "m")
                .containsEntry("naming_path", "naming.yml").doesNotContainKey("profiles");
        assertThat(StepOutputs.decode(wire, Outputs.Model.class)).isEqualTo(model);
    }

    @Test
    void numbersListsAndAbsentKeysReadBackAsTheyWereWritten() {
        var cost = new Outputs.Cost(1024L, 2048L, new BigDecimal("0.000006"), "duckdb_explain", null, 0.25, 10L, 5L, 1L, "");

        Map<String, String> wire = StepOutputs.encode(cost);

        assertThat(wire).containsEntry("estimated_bytes", "1024").containsEntry("estimated_usd", "0.000006")
                .containsEntry("ran_seconds", "0.250000").containsEntry("ran_rows_returned", "1")
                .doesNotContainKey("bigquery_jobs_recorded");
        assertThat(StepOutputs.decode(wire, Outputs.Cost.class)).isEqualTo(cost);
        assertThat(StepOutputs.encode(new Outputs.Transform(null, null, null, null, null, null, List.of("order_date", "region"), null, null, null)))
                .containsExactly(Map.entry("grain_columns", "order_date,region"));
        assertThat(StepOutputs.decode(Map.of("grain_columns", ""), Outputs.Transform.class).grainColumns()).isEmpty();
        assertThat(StepOutputs.decode(Map.of(), Outputs.Apply.class).mergeCommit()).as("a step that wrote nothing").isNull();
    }

    @Test
    void anEmptyKeyListIsNotAMissingOne() {
        assertThat(StepOutputs.decode(Map.of("primary_keys", ""), Outputs.Model.class).primaryKeys().bySource()).isEmpty();
        assertThat(StepOutputs.decode(Map.of(), Outputs.Model.class).primaryKeys()).isNull();
    }

    @Test
    void aRelationshipOfAnotherShapeIsRefusedWithTheText() {
        assertThatThrownBy(() -> StepOutputs.decode(Map.of("relationships", "payments.order_id=orders.id"), Outputs.Model.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("relationship 'payments.order_id=orders.id' is not child.column->parent.column");
    }

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
