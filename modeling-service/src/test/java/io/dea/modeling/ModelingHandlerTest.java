package io.dea.modeling;

import static org.assertj.core.api.Assertions.assertThat;

import io.dea.events.v1.StepKind;
import io.dea.platform.step.StepRef;
import io.dea.events.v1.GoalSpec;
import io.dea.events.v1.Outcome;
import io.dea.platform.agent.TaskContext;
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
 * Keys and relationships on generated shop data (20 customers, 5 without orders; 50 orders; 80
 * payments) in a real DuckDB warehouse; the sources file is checked by real dbt.
 */
class ModelingHandlerTest {

    private static final String SOURCES = """
            sources:
              - {name: orders, format: csv, location: orders.csv}
              - {name: payments, format: csv, location: payments.csv}
              - {name: customers, format: csv, location: customers.csv}
            """;

    @TempDir
    Path home;

    private TestTasks tasks;
    private final ModelingHandler handler = new ModelingHandler();

    @BeforeEach
    void setUp() {
        tasks = new TestTasks(home);
        sql("CREATE SCHEMA landing",
                "CREATE TABLE landing.customers AS SELECT range + 1 AS id, 'customer ' || range AS name FROM range(20)",
                "CREATE TABLE landing.orders AS SELECT range + 1 AS id, 1 + range % 15 AS customer_id, "
                        + "DATE '2024-01-01' + CAST(range % 7 AS INTEGER) AS order_date, "
                        + "CASE WHEN range % 5 = 0 THEN 'returned' ELSE 'paid' END AS status FROM range(50)",
                "CREATE TABLE landing.payments AS SELECT range + 1 AS payment_id, 1 + range % 50 AS order_id, "
                        + "range % 50 AS order_ref, CAST(10 + range AS DECIMAL(10, 2)) AS amount FROM range(80)");
    }

    @Test
    void shouldInferKeysAndRelationshipsFromNamesConfirmedByValues() throws Exception {
        TaskOutcome outcome = model("p1", goal(""));

        assertThat(outcome.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(outcome.outputs())
                .containsEntry("primary_keys", "orders:id,payments:payment_id,customers:id")
                .containsEntry("relationships", "orders.customer_id->customers.id;payments.order_id->orders.id");
        String sources = tasks.artifacts.files(DataProject.branch("p1")).get("models/shop/sources.yml");
        assertThat(sources).contains("name: shop_landing", "schema: landing", "name: payments", "data_type: \"DECIMAL(10,2)\"",
                "primary_key: payment_id", "references: orders.id", "description: \"BIGINT, 0 nulls, 50 distinct values, from 1 to 50\"");
    }

    @Test
    void aMartPlannedAgainLosesTheFilesAnEarlierPlanLeftInItsModelDirectory() throws Exception {
        tasks.artifacts.commit("main", Map.of("models/shop/staging/stg_shop__refunds.sql", "select 1 as id\n",
                "models/shop/governance/shop_refunds_masked.sql", "select 1 as id\n", "models/other/keep.sql", "select 1 as id\n"),
                "an earlier plan of shop, merged", "test");

        TaskOutcome outcome = model("p1", goal(""));

        var files = tasks.artifacts.files(DataProject.branch("p1"));
        assertThat(files).containsKey("models/shop/sources.yml").containsKey("models/other/keep.sql")
                .doesNotContainKeys("models/shop/staging/stg_shop__refunds.sql", "models/shop/governance/shop_refunds_masked.sql");
        assertThat(outcome.summary()).contains("removed 2 file(s) of the earlier shop");
    }

    @Test
    void shouldProfileNullShareRangeAndTheValuesOfCategoriesInTheWarehouse() throws Exception {
        sql("UPDATE landing.payments SET amount = NULL WHERE payment_id <= 8");

        TaskOutcome outcome = model("p1", goal(""));

        assertThat(outcome.outputs().get("profiles")).contains("payments.amount 8 nulls (10.0%), 72 distinct, 18.00..89.00",
                "orders.order_date 0 nulls (0.0%), 7 distinct, 2024-01-01..2024-01-07", "orders.status 0 nulls (0.0%), 2 distinct");
        String sources = tasks.artifacts.files(DataProject.branch("p1")).get("models/shop/sources.yml");
        assertThat(sources).contains("accepted_values:\n        - paid\n        - returned", "min: 2024-01-01", "max: 2024-01-07");
        assertThat(sources).as("a name, not a category").doesNotContain("- customer 1");
    }

    @Test
    void shouldWriteTheDefaultNamingStandardOnFirstUseAndProposeNamesFromIt() throws Exception {
        TaskOutcome outcome = model("p1", goal(""));

        assertThat(tasks.artifacts.files(DataProject.branch("p1")).get("naming.yml")).contains("staging: stg_", "fact: fct_", "date: _date");
        assertThat(outcome.outputs())
                .containsEntry("staging_models", "orders:stg_shop__orders,payments:stg_shop__payments,customers:stg_shop__customers")
                .containsEntry("proposed_models", "orders:fct_orders,payments:fct_payments,customers:dim_customers");
        assertThat(outcome.outputs().get("column_names")).contains("orders.order_date->order_date", "payments.order_ref->order_ref");
        assertThat(tasks.artifacts.files(DataProject.branch("p1")).get("models/shop/sources.yml"))
                .contains("staging_model: stg_shop__orders", "proposed_model: dim_customers", "staged_as: order_date");
    }

    @Test
    void shouldProposeOtherNamesOnceTheTeamEditsTheNamingStandard() throws Exception {
        sql("ALTER TABLE landing.orders ADD COLUMN \"ShippedOn\" DATE", "ALTER TABLE landing.orders ADD COLUMN \"PaidTime\" TIMESTAMP");
        TaskOutcome before = model("p1", goal(""));
        tasks.artifacts.commit(DataProject.branch("p2"), Map.of("naming.yml", """
                columns:
                  suffixes: {date: _on, timestamp: _ts}
                models:
                  prefixes: {staging: base_, fact: fact_}
                """), "the team's own standard", "analyst");

        TaskOutcome after = model("p2", goal(""));

        assertThat(before.outputs().get("column_names")).contains("orders.ShippedOn->shipped_on_date", "orders.PaidTime->paid_time_at");
        assertThat(after.outputs().get("column_names")).contains("orders.ShippedOn->shipped_on", "orders.PaidTime->paid_time_ts",
                "orders.order_date->order_date_on");
        assertThat(after.outputs().get("staging_models")).startsWith("orders:base_shop__orders");
        assertThat(after.outputs().get("proposed_models")).contains("orders:fact_orders", "customers:dim_customers");
        assertThat(after.summary()).doesNotContain("wrote the default naming standard");
    }

    @Test
    void shouldWriteSourcesThatDbtAccepts() throws Exception {
        TaskContext context = tasks.context(tasks.task("p1", StepRef.of(StepKind.MODEL), "modeling", goal(""), Map.of()));
        handler.handle(context);

        Dbt.DbtResult listed = context.dbt(DataProject.sandboxSchema("p1"), List.of("ls", "--resource-type", "source", "--output", "name"));

        assertThat(listed.ok()).as(listed.output()).isTrue();
        assertThat(listed.output()).contains("shop_landing.orders", "shop_landing.payments", "shop_landing.customers");
    }

    @Test
    void shouldKeepTheDeclaredRelationshipOverTheInferredOneBetweenTheSameTables() throws Exception {
        TaskOutcome outcome = model("p1", goal("relationships: ['payments.order_ref -> orders.id']\n"));

        assertThat(outcome.outputs()).containsEntry("relationships", "payments.order_ref->orders.id;orders.customer_id->customers.id");
        assertThat(outcome.summary()).contains("relationships as the goal declares them, and inferred orders.customer_id->customers.id",
                "warning: 2 values of payments.order_ref have no match in orders.id");
    }

    @Test
    void shouldNotClaimARelationshipWhenAChildValueHasNoParent() throws Exception {
        sql("INSERT INTO landing.payments VALUES (81, 999, 0, 5.00)");

        TaskOutcome outcome = model("p1", goal(""));

        assertThat(outcome.outputs()).containsEntry("relationships", "orders.customer_id->customers.id");
        assertThat(outcome.summary()).contains("payments.order_id->orders.id not claimed: 1 of 81 values have no match in orders.id");
    }

    @Test
    void shouldSayWhenAReferenceIsAmbiguousInsteadOfGuessing() throws Exception {
        sql("CREATE TABLE landing.\"order\" AS SELECT * FROM landing.orders");
        String sources = SOURCES + "  - {name: order, format: csv, location: order.csv}\n";

        TaskOutcome outcome = handler.handle(tasks.context(tasks.task("p1", StepRef.of(StepKind.MODEL), "modeling",
                TestTasks.goal("goal: g\n" + sources + MART), Map.of())));

        assertThat(outcome.outputs().get("relationships")).doesNotContain("payments.order_id");
        assertThat(outcome.summary()).contains("payments.order_id is ambiguous");
    }

    @Test
    void shouldUseADeclaredPrimaryKeyAndRejectOneThatIsNotAColumn() throws Exception {
        String declared = SOURCES.replace("location: customers.csv}", "location: customers.csv, primary_key: name}");
        TaskOutcome outcome = handler.handle(tasks.context(tasks.task("p1", StepRef.of(StepKind.MODEL), "modeling",
                TestTasks.goal("goal: g\n" + declared + MART), Map.of())));
        assertThat(outcome.outputs().get("primary_keys")).contains("customers:name");
        assertThat(outcome.outputs().get("relationships")).doesNotContain("customers");

        String missing = SOURCES.replace("location: customers.csv}", "location: customers.csv, primary_key: nope}");
        TaskOutcome failed = handler.handle(tasks.context(tasks.task("p2", StepRef.of(StepKind.MODEL), "modeling",
                TestTasks.goal("goal: g\n" + missing + MART), Map.of())));
        assertThat(failed.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(failed.summary()).contains("primary_key nope of source customers is not a column");
    }

    @Test
    void shouldLeaveATableWithoutAUniqueColumnWithoutAKey() throws Exception {
        sql("UPDATE landing.customers SET id = 1 WHERE id = 2");

        TaskOutcome outcome = model("p1", goal(""));

        assertThat(outcome.outputs().get("primary_keys")).doesNotContain("customers:id");
        assertThat(outcome.outputs().get("primary_keys")).contains("customers:name");
        assertThat(outcome.outputs().get("relationships")).doesNotContain("customers");
    }

    private static final String MART = """
            mart:
              name: shop
              grain: [orders.order_date]
              measures: [{name: revenue, agg: sum, expr: payments.amount}]
            """;

    private static GoalSpec goal(String extra) {
        return TestTasks.goal("goal: model the shop\n" + SOURCES + extra + MART);
    }

    private TaskOutcome model(String planId, GoalSpec goal) throws Exception {
        return handler.handle(tasks.context(tasks.task(planId, StepRef.of(StepKind.MODEL), "modeling", goal, Map.of())));
    }

    private void sql(String... statements) {
        tasks.warehouse.withConnection(c -> {
            for (String s : statements) {
                c.createStatement().execute(s);
            }
            return null;
        });
    }
}
