package io.dea.governance;

import static org.assertj.core.api.Assertions.assertThat;

import io.dea.events.v1.StepKind;
import io.dea.platform.step.StepRef;
import io.dea.events.v1.TaskRequested;
import io.dea.platform.agent.TaskOutcome;
import io.dea.platform.artifact.DataProject;
import io.dea.platform.testing.TestTasks;
import io.dea.platform.warehouse.Warehouse;
import java.nio.file.Path;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every PII kind the agent knows, in one landing table, through the real handler and the real dbt
 * build of its masked views: no raw value of any tagged column appears anywhere in any masked view,
 * and the access policy names raw and masked readers.
 */
class MaskedViewsHideEveryPiiKindTest {

    private static final String GOAL = """
            goal: Shop
            sources:
              - { name: customers, format: csv, location: data/customers.csv }
            mart:
              name: shop
              grain: [customers.id]
              measures:
                - { name: customers, agg: count, expr: customers.id }
            owner: analytics-team
            environment: staging
            """;

    @TempDir
    Path home;
    private TestTasks tasks;

    @BeforeEach
    void landEveryKindOfPii() {
        tasks = new TestTasks(home);
        tasks.warehouse.withConnection(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA landing");
                s.execute("""
                        CREATE TABLE landing.customers AS
                        SELECT i AS id,
                               'customer' || i || '@example.com' AS email,
                               '+1 415-555-' || lpad(i::VARCHAR, 4, '0') AS phone,
                               '4111 1111 1111 ' || lpad(i::VARCHAR, 4, '0') AS card_number,
                               '10.0.' || (i // 200) || '.' || (i % 200 + 1) AS ip_address,
                               lpad((100 + i)::VARCHAR, 3, '0') || '-45-' || lpad((1000 + i)::VARCHAR, 4, '0') AS ssn,
                               ['Ada', 'Alan', 'Grace', 'Linus'][1 + i % 4] || ' ' || ['Lovelace', 'Turing', 'Hopper', 'Torvalds'][1 + i % 4] || i AS full_name,
                               i || ' Market Street, San Francisco' AS street_address,
                               DATE '1960-01-01' + (i * 97)::INTEGER AS birth_date,
                               CASE WHEN i % 2 = 0 THEN 'active' ELSE 'churned' END AS status
                        FROM range(1, 61) t(i)""");
            }
            return null;
        });
    }

    @Test
    void shouldShowNoRawValueOfAnyTaggedColumnInAnyMaskedViewForEveryPiiKind() throws Exception {
        TaskRequested task = tasks.task("plan-kinds", StepRef.of(StepKind.GOVERNANCE), "governance", TestTasks.goal(GOAL), Map.of());
        tasks.artifacts.commit(task.getBranch(), Map.of("models/shop/sources.yml", "version: 2\nsources:\n  - name: "
                + DataProject.sourceName("shop") + "\n    schema: landing\n    tables:\n      - name: customers\n"), "sources", "agent:modeling");

        TaskOutcome outcome = new GovernanceHandler().handle(tasks.context(task));

        assertThat(outcome.review()).as(outcome.summary() + " " + outcome.error()).isNotNull();
        Map<String, String> tagged = Arrays.stream(outcome.review().diff().split("\n"))
                .map(String::strip).filter(l -> l.startsWith("customers.") && l.contains(": "))
                .collect(Collectors.toMap(l -> l.substring("customers.".length(), l.indexOf(':')),
                        l -> l.substring(l.indexOf(':') + 2).split(",")[0]));
        assertThat(new HashSet<>(tagged.values())).as("every kind is found: " + tagged)
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(PiiKind.values()).map(PiiKind::id).toList());
        assertThat(tagged).doesNotContainKeys("id", "status");

        String sandbox = DataProject.sandboxSchema("plan-kinds");
        List<String> views = List.of(outcome.outputs().get("masked_views").split(","));
        assertThat(views).containsExactly("shop_customers_masked");
        int checked = 0;
        for (String view : views) {
            Warehouse.QueryResult masked = tasks.warehouse.query("SELECT * FROM " + sandbox + "." + view);
            assertThat(masked.rows()).hasSize(60);
            Set<String> shown = new HashSet<>();
            masked.rows().forEach(row -> row.forEach(v -> shown.add(String.valueOf(v))));
            for (String column : tagged.keySet()) {
                List<Object> raw = tasks.warehouse.query("SELECT CAST(\"" + column + "\" AS VARCHAR) FROM landing.customers")
                        .rows().stream().map(r -> r.get(0)).toList();
                assertThat(shown).as("raw %s values in %s", column, view).doesNotContainAnyElementsOf(
                        raw.stream().map(String::valueOf).toList());
                checked += raw.size();
            }
        }
        assertThat(checked).isEqualTo(60 * tagged.size());
        assertThat(outcome.outputs()).containsEntry("exposed_columns", "");
        assertThat(outcome.review().diff()).contains("Only the masked views expose the tagged columns in " + sandbox);

        Map<String, String> branch = tasks.artifacts.files(task.getBranch());
        assertThat(branch.get("policies/shop/access.yml")).contains("pii_reader:\n    reads: raw", "- landing.customers",
                "analyst:\n    reads: masked", "- staging.shop_customers_masked", "kind: national_id");
        assertThat(branch.get("policies/shop/grants_postgres.sql")).contains("REVOKE ALL ON landing.customers FROM PUBLIC;",
                "GRANT SELECT ON landing.customers TO pii_reader;", "GRANT SELECT ON staging.shop_customers_masked TO analyst");
        assertThat(branch.get("policies/shop/grants_bigquery.sql"))
                .contains("GRANT `roles/bigquery.dataViewer` ON TABLE `staging.shop_customers_masked`");
    }

    @Test
    void shouldReportATaggedColumnExposedOutsideTheMaskedViews() throws Exception {
        tasks.warehouse.withConnection(c -> c.createStatement().execute(
                "CREATE SCHEMA staging; CREATE TABLE staging.leak AS SELECT id, email FROM landing.customers"));
        List<PiiColumn> pii = List.of(new PiiColumn("customers", "email", PiiKind.EMAIL, 0.99, "test"));

        List<String> exposed = tasks.warehouse.withConnection(c -> AccessPolicies.exposures(c, "staging", pii, List.of("shop_customers_masked")));

        assertThat(exposed).containsExactly("staging.leak.email");
    }
}
