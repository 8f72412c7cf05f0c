package io.dea.governance;

import static org.assertj.core.api.Assertions.assertThat;

import io.dea.events.v1.StepKind;
import io.dea.platform.step.StepRef;
import io.dea.events.v1.Outcome;
import io.dea.events.v1.TaskRequested;
import io.dea.events.v1.ToolCallAudited;
import io.dea.platform.agent.TaskOutcome;
import io.dea.platform.artifact.DataProject;
import io.dea.platform.dbt.Dbt;
import io.dea.platform.testing.TestTasks;
import io.dea.platform.warehouse.Warehouse;
import java.nio.file.Path;
import java.sql.Statement;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The governance step on a real DuckDB warehouse, a real Git data project and real dbt. */
class GovernanceHandlerTest {

    private static final String GOAL = """
            goal: Revenue per customer
            sources:
            %s
            mart:
              name: shop
              grain: [orders.customer_id]
              measures:
                - { name: revenue, agg: sum, expr: orders.amount }
            owner: analytics-team
            """;

    @TempDir
    Path home;
    private TestTasks tasks;
    private final GovernanceHandler handler = new GovernanceHandler();

    @BeforeEach
    void landTablesAndDeclareTheirSources() {
        tasks = new TestTasks(home);
        tasks.warehouse.withConnection(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA landing");
                s.execute("""
                        CREATE TABLE landing.customers AS
                        SELECT i AS id,
                               'customer' || i || '@example.com' AS email,
                               '+1 415-555-' || lpad(i::VARCHAR, 4, '0') AS phone,
                               CASE WHEN i % 2 = 0 THEN 'active' ELSE 'churned' END AS status,
                               DATE '2024-01-01' + i::INTEGER AS signup_date
                        FROM range(1, 51) t(i)""");
                s.execute("""
                        CREATE TABLE landing.orders AS
                        SELECT i AS id, 1 + i % 50 AS customer_id, round(i * 1.25, 2) AS amount,
                               CASE WHEN i % 5 = 0 THEN 'returned' ELSE 'paid' END AS status
                        FROM range(1, 201) t(i)""");
            }
            return null;
        });
    }

    @Test
    void shouldProposeMaskedViewsForReviewWhenATableHoldsEmailsAndTheViewsShowNoRawEmail() throws Exception {
        TaskRequested task = task("plan-pii", "customers", "orders");
        declareSources(task.getBranch(), "customers", "orders");

        TaskOutcome outcome = handler.handle(tasks.context(task));

        assertThat(outcome.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(outcome.review()).isNotNull();
        assertThat(outcome.review().kind()).isEqualTo("GOVERNANCE");
        assertThat(outcome.review().requiredRole()).isEqualTo("governance-approver");
        assertThat(outcome.review().summary()).isEqualTo("2 PII columns in landing.customers: masked views and access policies proposed");
        assertThat(outcome.review().diff())
                .contains("customers.email: email", "customers.phone: phone", "md5(lower(trim(cast(\"email\" as varchar))))");
        assertThat(outcome.outputs()).containsEntry("pii_columns", "customers.email,customers.phone")
                .containsEntry("masked_views", "shop_customers_masked");
        assertThat(outcome.artifacts()).extracting(a -> a.getPath())
                .containsExactly("models/shop/governance/shop_customers_masked.sql", "models/shop/governance/pii.yml",
                        "policies/shop/access.yml", "policies/shop/grants_postgres.sql", "policies/shop/grants_bigquery.sql");

        Map<String, String> branch = tasks.artifacts.files(task.getBranch());
        assertThat(branch.get("models/shop/governance/shop_customers_masked.sql"))
                .contains("materialized='view'", "{{ source('shop_landing', 'customers') }}", "\"status\"");
        assertThat(branch.get("models/shop/governance/pii.yml"))
                .contains("- name: shop_customers_masked", "pii: email", "pii: phone", "confidence: 0.");
        assertThat(tasks.sink.events(ToolCallAudited.class)).extracting(ToolCallAudited::getTool)
                .contains("warehouse.sample", "git.commit", "dbt.run")
                .doesNotContain("warehouse.comment");
        assertThat(comments("customers")).as("nothing is tagged in the warehouse before approval")
                .containsEntry("email", null).containsEntry("phone", null);

        // The dry run built the views in the plan's sandbox; the approved apply builds the branch the same way.
        Dbt.DbtResult build = tasks.context(io.dea.events.v1.TaskRequested.newBuilder(task).setWriteApproval("ann").build())
                .dbt("dev", List.of("build", "--select", "models/shop/governance"));
        assertThat(build.ok()).as(build.output()).isTrue();
        for (String schema : List.of(DataProject.sandboxSchema("plan-pii"), "dev")) {
            Warehouse.QueryResult masked = tasks.warehouse.query(
                    "SELECT id, email, phone, status FROM " + schema + ".shop_customers_masked ORDER BY id");
            Set<Object> rawEmails = new HashSet<>(column(tasks.warehouse.query("SELECT email FROM landing.customers")));
            assertThat(masked.rows()).hasSize(50);
            assertThat(column(masked)).doesNotContainAnyElementsOf(rawEmails)
                    .allSatisfy(email -> assertThat((String) email).doesNotContain("@").hasSize(32));
            assertThat(masked.rows().get(0)).containsExactly(1L, masked.rows().get(0).get(1), "***01", "churned");
        }
    }

    @Test
    void shouldAskNoReviewWhenNoTableHoldsPii() throws Exception {
        TaskOutcome outcome = handler.handle(tasks.context(task("plan-clean", "orders")));

        assertThat(outcome.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(outcome.review()).isNull();
        assertThat(outcome.summary()).isEqualTo("no PII found in landing.orders");
        assertThat(outcome.outputs()).containsEntry("pii_columns", "").containsEntry("masked_views", "");
        assertThat(tasks.artifacts.files(DataProject.branch("plan-clean"))).doesNotContainKey("models/shop/governance/pii.yml");
    }

    @Test
    void shouldNotAskAgainOnceApproved() throws Exception {
        TaskRequested approved = TestTasks.approved(task("plan-approved", "customers", "orders"), "dana");

        TaskOutcome outcome = handler.handle(tasks.context(approved));

        assertThat(outcome.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(outcome.review()).isNull();
        assertThat(outcome.summary()).contains("approved by dana");
        assertThat(outcome.outputs()).containsEntry("pii_columns", "customers.email,customers.phone");
        assertThat(tasks.artifacts.files(approved.getBranch())).containsKey("models/shop/governance/shop_customers_masked.sql");
    }

    @Test
    void shouldTagEachPiiColumnWithAWarehouseCommentOnceApproved() throws Exception {
        TaskRequested approved = TestTasks.approved(task("plan-tags", "customers", "orders"), "dana");

        TaskOutcome outcome = handler.handle(tasks.context(approved));

        assertThat(outcome.summary()).contains("2 columns tagged in the warehouse");
        Map<String, String> customers = comments("customers");
        assertThat(customers.get("email")).matches("pii:email confidence:0\\.\\d\\d");
        assertThat(customers.get("phone")).matches("pii:phone confidence:0\\.\\d\\d");
        assertThat(customers).containsEntry("id", null).containsEntry("status", null).containsEntry("signup_date", null);
        assertThat(comments("orders").values()).containsOnlyNulls();
        List<ToolCallAudited> tags = tasks.sink.events(ToolCallAudited.class).stream()
                .filter(a -> a.getTool().equals("warehouse.comment")).toList();
        assertThat(tags).extracting(ToolCallAudited::getArguments).containsExactly(
                "COMMENT ON COLUMN landing.\"customers\".\"email\" IS '" + customers.get("email") + "'",
                "COMMENT ON COLUMN landing.\"customers\".\"phone\" IS '" + customers.get("phone") + "'");
        assertThat(tags).allSatisfy(a -> assertThat(a.getOutcome()).isEqualTo("ok"));

        // A re-delivered approval writes the same tags again.
        handler.handle(tasks.context(approved));
        assertThat(comments("customers")).isEqualTo(customers);
    }

    @Test
    void shouldApplyTheTeamsPolicyDocumentAndCiteIt() throws Exception {
        // The team's policy on main: status is a loyalty secret here (always), phone numbers are the shop's
        // own switchboard (never), and the roles are theirs.
        tasks.artifacts.commit(io.dea.platform.artifact.ArtifactStore.MAIN, Map.of("docs/pii-policy.md", """
                ---
                dea: governance
                pii:
                  always: { customers.status: national_id }
                  never: [customers.phone]
                roles: { raw: privacy_office, masked: bi_readers }
                ---
                # PII policy
                Phone numbers in customers are our own call-centre lines, not the customers'.
                """), "the team's PII policy", "alice");
        TaskRequested task = task("plan-policy", "customers", "orders");
        declareSources(task.getBranch(), "customers", "orders");

        TaskOutcome outcome = handler.handle(tasks.context(task));

        String cited = outcome.outputs().get("documents");
        assertThat(cited).matches("docs/pii-policy\\.md@[0-9a-f]{7}");
        assertThat(outcome.outputs()).containsEntry("pii_columns", "customers.email,customers.status");
        assertThat(outcome.review().diff()).contains("Documents used: " + cited,
                "not tagged (policy says never): landing.customers.phone, which the detector took for phone",
                "always national_id: customers.status", "GRANT SELECT ON landing.customers TO privacy_office",
                "TO bi_readers");
        assertThat(tasks.artifacts.files(task.getBranch()).get("models/shop/governance/shop_customers_masked.sql"))
                .contains("md5(cast(\"status\" as varchar)) as \"status\"").contains("    \"phone\",");
    }

    @Test
    void shouldFailNamingTheFileWhenThePolicyCannotBeApplied() throws Exception {
        tasks.artifacts.commit(io.dea.platform.artifact.ArtifactStore.MAIN, Map.of("docs/pii.md", """
                ---
                dea: governance
                pii:
                  alwys: { customers.status: national_id }
                ---
                """), "a typo", "alice");

        TaskOutcome outcome = handler.handle(tasks.context(task("plan-typo", "customers", "orders")));

        assertThat(outcome.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(outcome.summary()).contains("docs/pii.md: unknown key pii.alwys (known: always, never)");
        assertThat(tasks.artifacts.files(DataProject.branch("plan-typo"))).doesNotContainKey("models/shop/governance/pii.yml");
    }

    @Test
    void shouldQuoteOddColumnNamesInTheTag() {
        PiiColumn odd = new PiiColumn("customers", "e\"mail 'x'", PiiKind.EMAIL, 0.9, "name");

        assertThat(GovernanceHandler.tagSql(odd))
                .isEqualTo("COMMENT ON COLUMN landing.\"customers\".\"e\"\"mail 'x'\" IS 'pii:email confidence:0.90'");
    }

    @Test
    void shouldFailClearlyWhenALandingTableIsMissing() throws Exception {
        TaskOutcome outcome = handler.handle(tasks.context(task("plan-missing", "customers", "refunds")));

        assertThat(outcome.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(outcome.summary()).isEqualTo("landing.refunds does not exist");
    }

    private TaskRequested task(String planId, String... sources) {
        StringBuilder list = new StringBuilder();
        for (String source : sources) {
            list.append("  - { name: ").append(source).append(", format: csv, location: data/").append(source).append(".csv }\n");
        }
        return tasks.task(planId, StepRef.of(StepKind.GOVERNANCE), "governance", TestTasks.goal(GOAL.formatted(list)), Map.of());
    }

    /** What the modeling step writes before governance runs: the mart's dbt source over landing. */
    private void declareSources(String branch, String... tables) {
        StringBuilder yml = new StringBuilder("version: 2\nsources:\n  - name: " + DataProject.sourceName("shop")
                + "\n    schema: landing\n    tables:\n");
        for (String table : tables) {
            yml.append("      - name: ").append(table).append('\n');
        }
        tasks.artifacts.commit(branch, Map.of("models/shop/sources.yml", yml.toString()), "sources", "agent:modeling");
    }

    /** Each column of landing.<table> with its comment (null when it has none), from duckdb_columns(). */
    private Map<String, String> comments(String table) {
        Warehouse.QueryResult result = tasks.warehouse.query("SELECT column_name, comment FROM duckdb_columns() "
                + "WHERE database_name = current_database() AND schema_name = 'landing' AND table_name = '" + table
                + "' ORDER BY column_index");
        Map<String, String> comments = new LinkedHashMap<>();
        result.rows().forEach(r -> comments.put((String) r.get(0), (String) r.get(1)));
        return comments;
    }

    private static List<Object> column(Warehouse.QueryResult result) {
        int index = result.columns().indexOf("email");
        return result.rows().stream().map(r -> r.get(index)).toList();
    }
}
