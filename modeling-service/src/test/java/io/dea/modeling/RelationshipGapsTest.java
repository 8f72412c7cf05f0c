package io.dea.modeling;

import static org.assertj.core.api.Assertions.assertThat;

import io.dea.events.v1.Outcome;
import io.dea.events.v1.StepKind;
import io.dea.platform.agent.TaskOutcome;
import io.dea.platform.step.StepRef;
import io.dea.platform.testing.TestTasks;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Declared relationships and inferred ones together, on generated data in a real DuckDB warehouse:
 * customers keyed 1001..1020, orders whose {@code user_id} (a name unlike any table) holds customer
 * keys, payments by {@code order_id}, and refunds whose {@code payment_ref} the goal declares.
 */
class RelationshipGapsTest {

    private static final String SOURCES = """
            sources:
              - {name: orders, format: csv, location: orders.csv}
              - {name: payments, format: csv, location: payments.csv}
              - {name: customers, format: csv, location: customers.csv}
            """;

    private static final String MART = """
            mart:
              name: shop
              grain: [customers.name]
              measures: [{name: revenue, agg: sum, expr: payments.amount}]
            """;

    @TempDir
    Path home;

    private TestTasks tasks;
    private final ModelingHandler handler = new ModelingHandler();

    @BeforeEach
    void setUp() {
        tasks = new TestTasks(home);
        sql("CREATE SCHEMA landing",
                "CREATE TABLE landing.customers AS SELECT range + 1001 AS id, 'customer ' || range AS name FROM range(20)",
                "CREATE TABLE landing.orders AS SELECT range + 1 AS id, 1001 + range % 15 AS user_id, "
                        + "CASE WHEN range % 5 = 0 THEN 'returned' ELSE 'paid' END AS status FROM range(50)",
                "CREATE TABLE landing.payments AS SELECT range + 101 AS payment_id, 1 + range % 50 AS order_id, "
                        + "CAST(10 + range AS DECIMAL(10, 2)) AS amount FROM range(80)");
    }

    @Test
    void shouldInferTheRelationshipsTheGoalDoesNotDeclare() throws Exception {
        TaskOutcome outcome = model(SOURCES + "relationships: ['orders.user_id -> customers.id']\n");

        assertThat(outcome.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(outcome.outputs()).containsEntry("relationships", "orders.user_id->customers.id;payments.order_id->orders.id");
        assertThat(outcome.summary()).contains("relationships as the goal declares them, and inferred payments.order_id->orders.id");
    }

    @Test
    void shouldInferAKeyNamedUnlikeItsTableWhenOnlyOneTablesKeyHoldsItsValues() throws Exception {
        TaskOutcome outcome = model(SOURCES);

        assertThat(outcome.outputs()).containsEntry("relationships", "orders.user_id->customers.id;payments.order_id->orders.id");
    }

    @Test
    void shouldLetADeclaredRelationshipWinOverTheOneTheNamesSuggest() throws Exception {
        sql("ALTER TABLE landing.payments ADD COLUMN order_no BIGINT", "UPDATE landing.payments SET order_no = 51 - order_id");

        TaskOutcome outcome = model(SOURCES + "relationships: ['payments.order_no -> orders.id']\n");

        assertThat(outcome.outputs()).containsEntry("relationships", "payments.order_no->orders.id;orders.user_id->customers.id");
    }

    @Test
    void shouldReportAKeyWhoseValuesFitTwoTablesInsteadOfGuessing() throws Exception {
        sql("CREATE TABLE landing.vendors AS SELECT range + 1001 AS id, 'vendor ' || range AS label FROM range(30)");

        TaskOutcome outcome = model(SOURCES + "  - {name: vendors, format: csv, location: vendors.csv}\n");

        assertThat(outcome.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(outcome.outputs()).containsEntry("relationships", "payments.order_id->orders.id");
        assertThat(outcome.summary()).contains("orders.user_id is ambiguous, it matches [orders.user_id->customers.id, orders.user_id->vendors.id]");
    }

    @Test
    void shouldNotClaimAKeyNamedUnlikeItsTableWhenSomeValuesHaveNoParent() throws Exception {
        sql("UPDATE landing.orders SET user_id = 9999 WHERE id = 7");

        TaskOutcome outcome = model(SOURCES);

        assertThat(outcome.outputs()).containsEntry("relationships", "payments.order_id->orders.id");
    }

    private TaskOutcome model(String sourcesAndRelationships) throws Exception {
        return handler.handle(tasks.context(tasks.task("p1", StepRef.of(StepKind.MODEL), "modeling",
                TestTasks.goal("goal: fill the gaps\n" + sourcesAndRelationships + MART), Map.of())));
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
