package io.dea.platform.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import io.dea.events.v1.StepKind;
import io.dea.platform.step.StepRef;
import io.dea.events.v1.TaskRequested;
import io.dea.platform.agent.TaskContext;
import io.dea.platform.artifact.DataProject;
import io.dea.platform.dbt.Dbt;
import io.dea.platform.testing.TestTasks;
import io.openlineage.client.OpenLineage;
import java.nio.file.Path;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real dbt (dbt-duckdb) builds a small project whose mart joins two sources; the lineage the task
 * context emits afterwards is read back from its JSON with OpenLineage's own parser.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DbtLineageTest {

    private static final String GOAL = """
            goal: daily revenue
            sources:
              - {name: orders, format: csv, location: orders.csv}
              - {name: payments, format: csv, location: payments.csv}
            mart:
              name: shop_revenue
              grain: [order_date]
              measures:
                - {name: revenue, agg: sum, expr: payments.amount}
            """;

    /** Measures at the payment grain in a CTE, joined to orders: what the transform agent writes, in small. */
    private static final String MART = """
            with paid as (
                select order_id, sum(amount) as revenue, count(*) as payment_count
                from {{ source('shop', 'payments') }}
                group by order_id
            )
            select o.order_date,
                   coalesce(sum(p.revenue), 0) as revenue,
                   count(*) as orders,
                   upper(o.status) as status
            from {{ source('shop', 'orders') }} as o
            left join paid as p on p.order_id = o.id
            where o.status <> 'returned'
            group by o.order_date, upper(o.status)
            """;

    private Path home;
    private TestTasks tasks;
    private TaskRequested task;
    private Dbt.DbtResult run;
    private String schema;
    private String namespace;

    @BeforeAll
    void buildTheProjectWithDbt(@TempDir Path home) throws Exception {
        this.home = home;
        tasks = new TestTasks(home);
        tasks.warehouse.withConnection(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA landing");
                s.execute("CREATE TABLE landing.orders (id INTEGER, order_date DATE, status VARCHAR)");
                s.execute("INSERT INTO landing.orders VALUES (1, DATE '2024-01-01', 'paid'), (2, DATE '2024-01-01', 'returned'),"
                        + " (3, DATE '2024-01-02', 'paid')");
                s.execute("CREATE TABLE landing.payments (id INTEGER, order_id INTEGER, amount DECIMAL(18,2))");
                s.execute("INSERT INTO landing.payments VALUES (10, 1, 5.00), (11, 1, 7.50), (12, 3, 20.00)");
            }
            return null;
        });
        task = tasks.task("plan-lin", StepRef.of(StepKind.QUALITY), "quality", TestTasks.goal(GOAL), Map.of());
        Map<String, String> files = new LinkedHashMap<>();
        files.put("models/shop_revenue/sources.yml", """
                version: 2
                sources:
                  - name: shop
                    schema: landing
                    tables:
                      - name: orders
                      - name: payments
                """);
        files.put("models/shop_revenue/stg_payments.sql", "select * from {{ source('shop', 'payments') }}\n");
        files.put("models/shop_revenue/shop_revenue.sql", MART);
        files.put("models/shop_revenue/broken.sql", "select no_such_column from {{ source('shop', 'orders') }}\n");
        tasks.artifacts.commit(task.getBranch(), files, "a mart over two sources", "test");
        schema = DataProject.sandboxSchema("plan-lin");
        namespace = DatasetRef.warehouseNamespace(tasks.warehouse.location());
        TaskContext context = tasks.context(task);
        run = context.dbt(schema, List.of("run"));
        // A compile builds nothing, so it adds no lineage.
        context.dbt(schema, List.of("compile"));
    }

    @Test
    void shouldEmitAStartAndACompleteForEachBuiltModelAndAFailForTheOneDbtCouldNotBuild() {
        assertThat(run.ok()).as("the broken model fails the run: %s", run.tail(20)).isFalse();
        Map<String, List<String>> types = tasks.lineageEvents().stream().collect(Collectors.groupingBy(
                e -> e.getJob().getName(), LinkedHashMap::new, Collectors.mapping(e -> e.getEventType().name(), Collectors.toList())));
        assertThat(types).containsOnly(
                Map.entry("shop_revenue.quality.shop_revenue", List.of("START", "COMPLETE")),
                Map.entry("shop_revenue.quality.stg_payments", List.of("START", "COMPLETE")),
                Map.entry("shop_revenue.quality.broken", List.of("START", "FAIL")));
        OpenLineage.RunEvent fail = event("broken", OpenLineage.RunEvent.EventType.FAIL);
        assertThat(fail.getRun().getFacets().getErrorMessage().getMessage()).containsIgnoringCase("no_such_column");
        assertThat(tasks.lineageEvents()).allSatisfy(e -> {
            assertThat(e.getJob().getNamespace()).isEqualTo("dea");
            assertThat(e.getRun().getFacets().getParent().getRun().getRunId())
                    .isEqualTo(LineageEmitter.runId(task.getTaskId(), task.getAttempt()));
        });
        assertThat(tasks.meters.counter(LineageEmitter.FAILED).count()).isZero();
    }

    @Test
    void shouldNameTheMartsSourcesAsInputsAndItsSandboxRelationWithItsSchemaAsOutput() {
        OpenLineage.RunEvent complete = event("shop_revenue", OpenLineage.RunEvent.EventType.COMPLETE);
        assertThat(complete.getInputs()).extracting(OpenLineage.InputDataset::getNamespace).containsOnly(namespace);
        assertThat(complete.getInputs()).extracting(OpenLineage.InputDataset::getName)
                .containsExactlyInAnyOrder("landing.orders", "landing.payments");
        OpenLineage.InputDataset payments = complete.getInputs().stream().filter(i -> i.getName().equals("landing.payments")).findFirst().orElseThrow();
        assertThat(payments.getFacets().getSchema().getFields()).extracting(OpenLineage.SchemaDatasetFacetFields::getName)
                .containsExactly("id", "order_id", "amount");

        assertThat(complete.getOutputs()).hasSize(1);
        OpenLineage.OutputDataset mart = complete.getOutputs().get(0);
        assertThat(mart.getNamespace()).isEqualTo(namespace);
        assertThat(mart.getName()).isEqualTo(schema + ".shop_revenue");
        assertThat(mart.getFacets().getSchema().getFields())
                .extracting(OpenLineage.SchemaDatasetFacetFields::getName, OpenLineage.SchemaDatasetFacetFields::getType)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("order_date", "DATE"),
                        org.assertj.core.groups.Tuple.tuple("revenue", "DECIMAL(38,2)"),
                        org.assertj.core.groups.Tuple.tuple("orders", "BIGINT"),
                        org.assertj.core.groups.Tuple.tuple("status", "VARCHAR"));
    }

    @Test
    void shouldDeriveTheMartsColumnLineageFromItsCompiledSqlThroughAliasesAndTheCte() {
        OpenLineage.OutputDataset mart = event("shop_revenue", OpenLineage.RunEvent.EventType.COMPLETE).getOutputs().get(0);
        Map<String, OpenLineage.ColumnLineageDatasetFacetFieldsAdditional> fields =
                mart.getFacets().getColumnLineage().getFields().getAdditionalProperties();

        assertThat(inputs(fields.get("revenue"))).containsExactly("landing.payments.amount AGGREGATION");
        assertThat(inputs(fields.get("order_date"))).containsExactly("landing.orders.order_date IDENTITY");
        assertThat(inputs(fields.get("status"))).containsExactly("landing.orders.status TRANSFORMATION");
        // count(*) reads no column: the output is known, with no input column.
        assertThat(fields.get("orders").getInputFields()).isEmpty();
        assertThat(fields.get("revenue").getInputFields()).allSatisfy(f -> assertThat(f.getNamespace()).isEqualTo(namespace));
    }

    @Test
    void shouldExpandAStarOverASourceIntoOneIdentityPerColumn() {
        OpenLineage.OutputDataset staging = event("stg_payments", OpenLineage.RunEvent.EventType.COMPLETE).getOutputs().get(0);
        Map<String, OpenLineage.ColumnLineageDatasetFacetFieldsAdditional> fields =
                staging.getFacets().getColumnLineage().getFields().getAdditionalProperties();
        assertThat(fields).containsOnlyKeys("id", "order_id", "amount");
        assertThat(inputs(fields.get("amount"))).containsExactly("landing.payments.amount IDENTITY");
    }

    @Test
    void shouldGiveTheSameRunIdsWhenTheSameTaskAttemptIsHandledAgain() throws Exception {
        TestTasks again = new TestTasks(home.resolve("again"));
        again.warehouse.withConnection(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA landing");
                s.execute("CREATE TABLE landing.orders AS SELECT * FROM (VALUES (1, DATE '2024-01-01', 'paid')) t(id, order_date, status)");
                s.execute("CREATE TABLE landing.payments AS SELECT * FROM (VALUES (10, 1, 5.00::DECIMAL(18,2))) t(id, order_id, amount)");
            }
            return null;
        });
        again.artifacts.commit(task.getBranch(), Map.of("models/shop_revenue/sources.yml", """
                version: 2
                sources:
                  - name: shop
                    schema: landing
                    tables: [{name: orders}, {name: payments}]
                """, "models/shop_revenue/shop_revenue.sql", MART), "the same mart", "test");
        again.context(task).dbt(schema, List.of("run"));
        OpenLineage.RunEvent redelivered = again.lineageEvents().stream()
                .filter(e -> e.getJob().getName().endsWith(".shop_revenue")).findFirst().orElseThrow();
        assertThat(redelivered.getRun().getRunId())
                .isEqualTo(event("shop_revenue", OpenLineage.RunEvent.EventType.START).getRun().getRunId());

        TaskRequested nextAttempt = TaskRequested.newBuilder(task).setAttempt(task.getAttempt() + 1).build();
        again.lineageJson.clear();
        again.context(nextAttempt).dbt(schema, List.of("run"));
        assertThat(again.lineageEvents().get(0).getRun().getRunId()).isNotEqualTo(redelivered.getRun().getRunId());
    }

    private OpenLineage.RunEvent event(String model, OpenLineage.RunEvent.EventType type) {
        return tasks.lineageEvents().stream()
                .filter(e -> e.getJob().getName().equals("shop_revenue.quality." + model) && e.getEventType() == type)
                .findFirst().orElseThrow(() -> new AssertionError("no " + type + " event of " + model + " in " + tasks.lineageJson));
    }

    private static List<String> inputs(OpenLineage.ColumnLineageDatasetFacetFieldsAdditional field) {
        return field.getInputFields().stream()
                .map(f -> f.getName() + "." + f.getField() + " " + f.getTransformations().get(0).getSubtype())
                .toList();
    }
}
