package io.dea.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dea.platform.step.StepRef;
import io.dea.events.v1.GoalSpec;
import io.dea.events.v1.Outcome;
import io.dea.events.v1.TaskProgress;
import io.dea.events.v1.TaskRequested;
import io.dea.platform.agent.TaskOutcome;
import io.dea.platform.artifact.DataProject;
import io.dea.platform.testing.TestTasks;
import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real DuckDB and a real Git data project in a temporary directory; nothing mocked. */
class IngestionHandlerTest {

    @TempDir
    Path home;

    private TestTasks tasks;
    private IngestionHandler handler;

    @BeforeEach
    void setUp() throws Exception {
        tasks = new TestTasks(home);
        handler = new IngestionHandler(home.toString());
        Files.createDirectories(home.resolve("data"));
    }

    @Test
    void shouldLoadCsvJsonAndParquetIntoLandingWithTheirRowCounts() throws Exception {
        write("data/orders.csv", "id,status\n1,paid\n2,returned\n3,paid\n");
        write("data/customers.json", "{\"id\": 1, \"name\": \"Ann\"}\n{\"id\": 2, \"name\": \"Bo\"}\n");
        String parquet = home.resolve("data/payments.parquet").toString();
        tasks.warehouse.withConnection(c -> c.createStatement().execute(
                "COPY (SELECT range AS id, range % 3 AS order_id, range * 1.5 AS amount FROM range(7)) TO '" + parquet + "' (FORMAT parquet)"));
        GoalSpec goal = goal("""
                  - {name: orders, format: csv, location: data/orders.csv}
                  - {name: customers, format: json, location: data/customers.json}
                  - {name: payments, format: parquet, location: data/payments.parquet}
                """);

        TaskOutcome orders = ingest("p1", "orders", goal);
        TaskOutcome customers = ingest("p1", "customers", goal);
        TaskOutcome payments = ingest("p1", "payments", goal);

        assertThat(orders.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(orders.outputs()).containsEntry("table", "landing.orders").containsEntry("rows", "3")
                .containsEntry("columns", "id,status")
                .containsEntry("bytes", Long.toString(Files.size(home.resolve("data/orders.csv"))));
        assertThat(customers.outputs()).containsEntry("rows", "2").containsEntry("columns", "id,name");
        assertThat(payments.outputs()).containsEntry("rows", "7").containsEntry("columns", "id,order_id,amount");
        assertThat(count("landing.orders")).isEqualTo(3);
        assertThat(count("landing.customers")).isEqualTo(2);
        assertThat(count("landing.payments")).isEqualTo(7);
    }

    @Test
    void shouldLoadEveryFileAGlobMatches() throws Exception {
        write("data/orders_2024_01.csv", "id,status\n1,paid\n2,paid\n");
        write("data/orders_2024_02.csv", "id,status\n3,paid\n");
        write("data/other.csv", "id,status\n99,paid\n");

        TaskOutcome outcome = ingest("p1", "orders", goal("  - {name: orders, format: csv, location: 'data/orders_*.csv'}\n"));

        assertThat(outcome.outputs()).containsEntry("rows", "3");
        assertThat(tasks.warehouse.query("SELECT id FROM landing.orders ORDER BY id").rows())
                .extracting(r -> ((Number) r.get(0)).intValue()).containsExactly(1, 2, 3);
    }

    @Test
    void shouldLoadOnlyRowsPastTheWatermarkAndNothingTwice() throws Exception {
        GoalSpec goal = goal("  - {name: orders, format: csv, location: data/orders.csv, incremental_key: updated_at}\n");
        write("data/orders.csv", """
                id,status,updated_at
                1,paid,2024-01-01 10:00:00
                2,paid,2024-01-02 10:00:00
                """);
        TaskOutcome first = ingest("p1", "orders", goal);
        assertThat(first.outputs()).containsEntry("rows", "2").containsEntry("rows_loaded", "2")
                .containsEntry("watermark", "2024-01-02 10:00:00");

        write("data/orders.csv", """
                id,status,updated_at
                1,paid,2024-01-01 10:00:00
                2,paid,2024-01-02 10:00:00
                3,paid,2024-01-03 10:00:00
                4,returned,2024-01-04 09:00:00
                """);
        TaskRequested second = OneGoal.task(tasks, "p2", StepRef.ingest("orders"), "ingestion", goal, Map.of());
        TaskOutcome secondOutcome = handler.handle(tasks.context(second));
        assertThat(secondOutcome.outputs()).containsEntry("rows_loaded", "2").containsEntry("rows", "4")
                .containsEntry("watermark", "2024-01-04 09:00:00");

        TaskOutcome again = ingest("p3", "orders", goal);
        TaskOutcome redelivered = handler.handle(tasks.context(second));

        assertThat(again.outputs()).containsEntry("rows_loaded", "0").containsEntry("rows", "4");
        assertThat(redelivered.outputs()).containsEntry("rows_loaded", "0").containsEntry("rows", "4");
        assertThat(tasks.warehouse.query("SELECT count(DISTINCT id), count(*) FROM landing.orders").rows().get(0))
                .extracting(v -> ((Number) v).intValue()).containsExactly(4, 4);
        assertThat(tasks.warehouse.query("SELECT watermark FROM dea_meta.watermarks WHERE source = 'orders'").rows())
                .containsExactly(List.of("2024-01-04 09:00:00"));
    }

    @Test
    void shouldGiveTheSameTableWhenAFullLoadRunsAgain() throws Exception {
        write("data/orders.csv", "id,status\n1,paid\n2,paid\n");
        GoalSpec goal = goal("  - {name: orders, format: csv, location: data/orders.csv}\n");
        TaskRequested task = OneGoal.task(tasks, "p1", StepRef.ingest("orders"), "ingestion", goal, Map.of());

        handler.handle(tasks.context(task));
        TaskOutcome rerun = handler.handle(tasks.context(task));

        assertThat(rerun.outputs()).containsEntry("rows", "2").containsEntry("rows_loaded", "0").containsEntry("load_mode", "new files");
        assertThat(count("landing.orders")).isEqualTo(2);
    }

    @Test
    void shouldCommitTheConnectorConfigOnThePlanBranch() throws Exception {
        write("data/orders.csv", "id,updated_at\n1,2024-01-01\n");
        TaskOutcome outcome = ingest("p1", "orders",
                goal("  - {name: orders, format: csv, location: data/orders.csv, incremental_key: updated_at}\n"));

        Map<String, String> files = tasks.artifacts.files(DataProject.branch("p1"));
        assertThat(files.get("connectors/orders.yml"))
                .contains("source: orders", "format: csv", "location: data/orders.csv", "target: landing.orders",
                        "load_mode: incremental", "incremental_key: updated_at");
        assertThat(tasks.artifacts.files("main")).doesNotContainKey("connectors/orders.yml");
        assertThat(outcome.artifacts()).extracting(a -> a.getPath()).containsExactly("connectors/orders.yml");
    }

    @Test
    void shouldQuoteAPathWithAQuoteInIt() throws Exception {
        write("data/o'brien.csv", "id\n1\n");

        TaskOutcome outcome = ingest("p1", "orders", goal("  - {name: orders, format: csv, location: \"data/o'brien.csv\"}\n"));

        assertThat(outcome.outputs()).containsEntry("rows", "1");
    }

    @Test
    void shouldSayWhichFileIsMissing() {
        GoalSpec goal = goal("  - {name: orders, format: csv, location: data/nope.csv}\n");

        assertThatThrownBy(() -> ingest("p1", "orders", goal))
                .isInstanceOf(FileNotFoundException.class)
                .hasMessageContaining("source orders: file data/nope.csv does not exist");
        assertThatThrownBy(() -> ingest("p1", "orders", goal("  - {name: orders, format: csv, location: 'data/x_*.csv'}\n")))
                .hasMessageContaining("no file matches data/x_*.csv");
    }

    @Test
    void shouldFailClearlyOnAFormatItDoesNotKnow() throws Exception {
        TaskOutcome outcome = ingest("p1", "orders", goal("  - {name: orders, format: xml, location: data/orders.xml}\n"));

        assertThat(outcome.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(outcome.error()).isEqualTo("format xml is not supported");
        assertThat(outcome.summary()).contains("supported: csv, json, parquet, jdbc, http");
    }

    @Test
    void shouldResumeFromTheWatermarkInANewProcessOnTheSameWarehouse() throws Exception {
        GoalSpec goal = goal("  - {name: orders, format: csv, location: data/orders.csv, incremental_key: id}\n");
        write("data/orders.csv", "id,status\n1,paid\n2,paid\n");
        ingest("p1", "orders", goal);
        write("data/orders.csv", "id,status\n1,paid\n2,paid\n3,paid\n");

        TestTasks restarted = new TestTasks(home);
        TaskOutcome outcome = new IngestionHandler(home.toString()).handle(restarted.context(
                OneGoal.task(restarted, "p2", StepRef.ingest("orders"), "ingestion", goal, Map.of())));

        assertThat(outcome.outputs()).containsEntry("rows_loaded", "1").containsEntry("rows", "3").containsEntry("watermark", "3");
    }

    @Test
    void shouldAddANewColumnAndWidenATypeAtOnceAndSaySo() throws Exception {
        GoalSpec goal = goal("  - {name: orders, format: csv, location: data/orders.csv, incremental_key: id}\n");
        write("data/orders.csv", "id,qty\n1,2\n2,3\n");
        ingest("p1", "orders", goal);
        write("data/orders.csv", "id,qty,channel\n1,2,web\n2,3,web\n3,2.5,shop\n");

        TaskOutcome outcome = ingest("p2", "orders", goal);

        assertThat(outcome.review()).isNull();
        assertThat(outcome.outputs()).containsEntry("rows_loaded", "1").containsEntry("rows", "3")
                .containsEntry("schema_drift", "added channel VARCHAR; widened qty BIGINT -> DOUBLE")
                .containsEntry("columns", "id,qty,channel");
        assertThat(outcome.summary()).contains("schema drift added channel VARCHAR; widened qty BIGINT -> DOUBLE");
        assertThat(tasks.warehouse.query("SELECT id, qty, channel FROM landing.orders ORDER BY id").rows())
                .containsExactly(java.util.Arrays.asList(1L, 2.0, null), java.util.Arrays.asList(2L, 3.0, null), List.of(3L, 2.5, "shop"));
    }

    @Test
    void shouldHoldABreakingChangeForReviewAndApplyItOnlyOnceApproved() throws Exception {
        GoalSpec goal = goal("  - {name: orders, format: csv, location: data/orders.csv}\n");
        write("data/orders.csv", "id,status,amount\n1,paid,10.5\n2,paid,3.25\n");
        ingest("p1", "orders", goal);
        write("data/orders.csv", "id,amount\n1,10.5\n2,n/a\n3,7\n");
        TaskRequested task = OneGoal.task(tasks, "p2", StepRef.ingest("orders"), "ingestion", goal, Map.of());

        TaskOutcome held = handler.handle(tasks.context(task));

        assertThat(held.review()).isNotNull();
        assertThat(held.review().kind()).isEqualTo("SCHEMA_DRIFT");
        assertThat(held.review().summary()).isEqualTo("landing.orders: dropped status; changed amount DOUBLE -> VARCHAR");
        assertThat(held.review().diff()).contains("- column status VARCHAR", "! column amount DOUBLE -> VARCHAR (type changed");
        assertThat(held.outputs()).containsEntry("rows_loaded", "0").containsEntry("rows", "2").containsEntry("columns", "id,status,amount");
        assertThat(tasks.warehouse.query("SELECT status, amount FROM landing.orders ORDER BY id").rows())
                .as("the table is untouched until a person approves").containsExactly(List.of("paid", 10.5), List.of("paid", 3.25));

        TaskOutcome applied = handler.handle(tasks.context(TestTasks.approved(task, "ann")));

        assertThat(applied.review()).isNull();
        assertThat(applied.outputs()).containsEntry("rows", "3").containsEntry("columns", "id,amount");
        assertThat(tasks.warehouse.query("SELECT amount FROM landing.orders ORDER BY id").rows())
                .containsExactly(List.of("10.5"), List.of("n/a"), List.of("7"));
    }

    @Test
    void shouldNameEachFileAsProgressBeforeLoading() throws Exception {
        write("data/orders_2024_01.csv", "id\n1\n");
        write("data/orders_2024_02.csv", "id\n2\n");

        ingest("p1", "orders", goal("  - {name: orders, format: csv, location: 'data/orders_*.csv'}\n"));

        assertThat(tasks.sink.events(TaskProgress.class)).extracting(TaskProgress::getMessage)
                .contains("file 1 of 2 for landing.orders: orders_2024_01.csv (5 bytes)",
                        "file 2 of 2 for landing.orders: orders_2024_02.csv (5 bytes)", "loaded 2 rows into landing.orders");
    }

    @Test
    void shouldFailWhenTheIncrementalKeyIsNotAColumn() throws Exception {
        write("data/orders.csv", "id,status\n1,paid\n");

        TaskOutcome outcome = ingest("p1", "orders",
                goal("  - {name: orders, format: csv, location: data/orders.csv, incremental_key: updated_at}\n"));

        assertThat(outcome.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(outcome.summary()).contains("incremental_key updated_at is not a column", "id, status");
    }

    private TaskOutcome ingest(String planId, String source, GoalSpec goal) throws Exception {
        return handler.handle(tasks.context(OneGoal.task(tasks, planId, StepRef.ingest(source), "ingestion", goal, Map.of())));
    }

    private static GoalSpec goal(String sources) {
        return TestTasks.goal("goal: load the shop's exports\nsources:\n" + sources);
    }

    private void write(String path, String content) throws Exception {
        Files.writeString(home.resolve(path), content);
    }

    private long count(String table) {
        return ((Number) tasks.warehouse.query("SELECT count(*) FROM " + table).rows().get(0).get(0)).longValue();
    }
}
