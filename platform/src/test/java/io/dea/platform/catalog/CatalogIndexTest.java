package io.dea.platform.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.dea.platform.artifact.ArtifactStore;
import io.dea.platform.testing.TestTasks;
import io.dea.platform.warehouse.DuckDbWarehouse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The index is brought up to date by name (never rebuilt), survives reopening the warehouse, and never fails a task. */
class CatalogIndexTest {

    @TempDir
    Path home;

    private static List<String> names(Catalog catalog, String query, int limit) {
        return catalog.search(query, limit).stream().map(CatalogHit::name).toList();
    }

    private static long rows(DemoCatalog demo, String name) {
        return ((Number) demo.tasks.warehouse.query("SELECT count(*) FROM dea_meta.catalog WHERE name = '" + name + "'")
                .rows().get(0).get(0)).longValue();
    }

    @Test
    void a_reload_without_a_column_deletes_it_and_keeps_what_other_agents_added_to_the_rest() throws Exception {
        DemoCatalog demo = new DemoCatalog(home).build();
        demo.sql("ALTER TABLE landing.orders DROP COLUMN updated_at");
        CatalogUpdates.landed(demo.context(io.dea.events.v1.StepKind.INGEST, "orders"), "landing", "orders");
        assertThat(rows(demo, "landing.orders.updated_at")).isZero();
        assertThat(rows(demo, "landing.orders.status")).isEqualTo(1);
        assertThat(names(demo.catalog(), "returned", 3)).contains("landing.orders.status"); // modeling's values stayed
        assertThat(demo.tasks.warehouse.query("SELECT attributes FROM dea_meta.catalog WHERE name = 'landing.orders.status'")
                .rows().get(0).get(0).toString()).contains("returned");
    }

    @Test
    void upsert_adds_and_changes_by_name_and_delete_removes_every_part() throws Exception {
        DemoCatalog demo = new DemoCatalog(home).build();
        Catalog catalog = demo.catalog();
        assertThat(catalog.upsert(List.of(CatalogEntry.column("landing.payments", "amount", Map.of("type", "DOUBLE"))))).isZero();
        assertThat(catalog.upsert(List.of(CatalogEntry.column("landing.payments", "amount",
                Map.of("description", "what the customer paid, in euros"))))).isEqualTo(1);
        assertThat(names(catalog, "euros", 1)).containsExactly("landing.payments.amount");
        catalog.delete(List.of("landing.payments.amount", "docs/refunds.md"));
        assertThat(rows(demo, "landing.payments.amount")).isZero();
        assertThat(rows(demo, "docs/refunds.md")).isZero();
        assertThat(names(catalog, "amount", 20)).doesNotContain("landing.payments.amount").contains("dev.stg_daily_revenue__payments.amount");
    }

    @Test
    void documents_change_with_main_and_unchanged_ones_are_not_rewritten() throws Exception {
        DemoCatalog demo = new DemoCatalog(home).build();
        Catalog catalog = demo.catalog();
        Map<String, String> main = demo.tasks.artifacts.files(ArtifactStore.MAIN);
        assertThat(CatalogUpdates.documents(catalog, main)).isZero();
        demo.tasks.artifacts.commit(ArtifactStore.MAIN, Map.of("docs/sla.md", "# Service levels\nMarts are refreshed hourly.\n",
                "docs/refunds.md", ""), "docs", "test");
        Map<String, String> changed = new java.util.HashMap<>(demo.tasks.artifacts.files(ArtifactStore.MAIN));
        changed.remove("docs/refunds.md");
        assertThat(CatalogUpdates.documents(catalog, changed)).isEqualTo(1);
        assertThat(rows(demo, "docs/refunds.md")).isZero();
        assertThat(names(catalog, "refreshed hourly", 1)).containsExactly("docs/sla.md");
    }

    @Test
    void the_index_survives_reopening_the_warehouse_and_reads_read_only() throws Exception {
        DemoCatalog demo = new DemoCatalog(home).build();
        List<CatalogHit> before = demo.catalog().search("money customers paid", 5);
        Catalog reopened = new Catalog(new DuckDbWarehouse(home.resolve("warehouse.duckdb"), true));
        assertThat(reopened.search("money customers paid", 5)).isEqualTo(before);
        Catalog empty = new Catalog(new DuckDbWarehouse(home.resolve("other.duckdb")));
        assertThat(empty.search("anything", 5)).isEmpty();
    }

    @Test
    void a_failure_to_index_is_counted_and_the_task_goes_on() {
        DemoCatalog demo = new DemoCatalog(home);
        demo.sql("CREATE SCHEMA landing", "CREATE TABLE landing.orders (id INTEGER)");
        TestTasks readOnly = new TestTasks(home.resolve("ro"));
        long before = CatalogUpdates.failures();
        // A warehouse the task may not write (read-only): indexing fails, the hook returns normally.
        var services = new io.dea.platform.agent.TaskServices(readOnly.sink, readOnly.events,
                new io.dea.platform.tool.ToolAudit(readOnly.sink, readOnly.events),
                new DuckDbWarehouse(home.resolve("warehouse.duckdb"), true), readOnly.artifacts, readOnly.dbt, home.resolve("work"),
                readOnly.lineage);
        CatalogUpdates.landed(services.context(demo.tasks.task("p", io.dea.platform.step.StepRef.ingest("orders"), "ingestion",
                demo.goal, Map.of())), "landing", "orders");
        assertThat(CatalogUpdates.failures()).isEqualTo(before + 1);
        assertThat(readOnly.sink.events(io.dea.events.v1.ToolCallAudited.class)).anyMatch(a -> a.getTool().equals("catalog.index")); // the failed call was audited like any tool call
    }
}
