package io.dea.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.dea.platform.step.StepRef;
import io.dea.events.v1.Outcome;
import io.dea.events.v1.TaskRequested;
import io.dea.platform.lineage.DatasetRef;
import io.dea.platform.lineage.LineageEmitter;
import io.dea.platform.source.PathPolicy;
import io.dea.platform.source.SourcePolicy;
import io.dea.platform.source.SourceSettings;
import io.dea.platform.testing.TestTasks;
import java.net.InetAddress;
import io.openlineage.client.OpenLineage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OpenLineage events of a load, from the handler's real run on real files and a real H2 database. */
class IngestionLineageTest {

    @TempDir
    Path home;

    @Test
    void shouldReportALoadedFileAsInputAndItsLandingTableWithSchemaAsOutput() throws Exception {
        TestTasks tasks = new TestTasks(home);
        Files.createDirectories(home.resolve("data"));
        Files.writeString(home.resolve("data/orders.csv"), "id,order_date,status\n1,2024-01-01,paid\n2,2024-01-02,returned\n");
        TaskRequested task = tasks.task("p1", StepRef.ingest("orders"), "ingestion", TestTasks.goal("""
                goal: revenue
                sources: [{name: orders, format: csv, location: data/orders.csv}]
                mart: {name: daily_revenue, grain: [order_date], measures: [{name: orders, agg: count, expr: orders.id}]}
                """), Map.of());

        assertThat(new IngestionHandler(home.toString()).handle(tasks.context(task)).outcome()).isEqualTo(Outcome.SUCCEEDED);

        assertThat(tasks.lineageEvents()).extracting(e -> e.getEventType().name()).containsExactly("START", "COMPLETE");
        OpenLineage.RunEvent complete = tasks.lineageEvents().get(1);
        assertThat(complete.getJob().getName()).isEqualTo("daily_revenue.ingest_orders");
        assertThat(complete.getRun().getRunId()).isEqualTo(LineageEmitter.runId(task.getTaskId(), task.getAttempt()));
        assertThat(complete.getInputs()).extracting(OpenLineage.InputDataset::getNamespace, OpenLineage.InputDataset::getName)
                .containsExactly(tuple("file", home.resolve("data/orders.csv").toAbsolutePath().toString()));
        OpenLineage.OutputDataset landing = complete.getOutputs().get(0);
        assertThat(landing.getNamespace()).isEqualTo(DatasetRef.warehouseNamespace(tasks.warehouse.location()));
        assertThat(landing.getName()).isEqualTo("landing.orders");
        assertThat(landing.getFacets().getSchema().getFields())
                .extracting(OpenLineage.SchemaDatasetFacetFields::getName, OpenLineage.SchemaDatasetFacetFields::getType)
                .containsExactly(tuple("id", "BIGINT"), tuple("order_date", "DATE"), tuple("status", "VARCHAR"));
        assertThat(landing.getOutputFacets().getOutputStatistics().getRowCount()).isEqualTo(2L);
    }

    @Test
    void shouldNameAJdbcSourceByItsConnectionsUrlWithoutItsPassword() throws Exception {
        TestTasks tasks = new TestTasks(home);
        String url = "jdbc:h2:file:" + home.resolve("shop");
        try (Connection c = DriverManager.getConnection(url, "reader", "hunter2"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, amount DECIMAL(10,2))");
            s.execute("INSERT INTO orders VALUES (1, 9.50), (2, 3.00)");
        }
        TaskRequested task = tasks.task("p2", StepRef.ingest("orders"), "ingestion", TestTasks.goal(
                "goal: g\nsources:\n  - {name: orders, format: jdbc, connection: shop, table: orders}\n"), Map.of());
        SourcePolicy policy = new SourcePolicy(SourceSettings.of(Map.of("shop", SourceSettings.Connection.jdbc(url, "reader", "hunter2",
                Map.of())), SourceSettings.RawLocations.NONE), PathPolicy.systemOnly(), InetAddress::getAllByName);

        assertThat(new IngestionHandler(IngestionSettings.defaults(home.toString()), policy).handle(tasks.context(task)).outcome())
                .isEqualTo(Outcome.SUCCEEDED);

        assertThat(tasks.lineageJson).isNotEmpty().noneMatch(json -> json.contains("hunter2"));
        OpenLineage.InputDataset source = tasks.lineageEvents().get(0).getInputs().get(0);
        assertThat(source.getNamespace()).isEqualTo("jdbc:h2:file:" + home.resolve("shop") + ";IFEXISTS=TRUE;ACCESS_MODE_DATA=r");
        assertThat(source.getName()).isEqualTo("orders");
        assertThat(tasks.lineageEvents().get(1).getOutputs().get(0).getFacets().getSchema().getFields())
                .extracting(OpenLineage.SchemaDatasetFacetFields::getName).containsExactly("id", "amount");
    }
}
