package io.dea.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import io.dea.events.v1.GoalSpec;
import io.dea.events.v1.Outcome;
import io.dea.events.v1.PlanKind;
import io.dea.events.v1.TaskRequested;
import io.dea.platform.agent.TaskOutcome;
import io.dea.platform.artifact.ArtifactStore;
import io.dea.platform.artifact.DataProject;
import io.dea.platform.step.StepRef;
import io.dea.platform.testing.TestTasks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file source without an incremental key loads only the files it has not loaded: real DuckDB, real files, a real data project. */
class NewFilesIngestionTest {

    private static final GoalSpec GOAL = TestTasks.goal("goal: load the shop's exports\nsources:\n"
            + "  - {name: orders, format: csv, location: 'data/orders_*.csv'}\n");

    @TempDir
    Path home;

    private TestTasks tasks;
    private IngestionHandler handler;

    /** Two files of orders, not loaded yet. */
    @BeforeEach
    void twoFiles() throws Exception {
        Files.createDirectories(home.resolve("data"));
        write("orders_1.csv", "id,status,amount\n1,paid,10.5\n2,paid,3.25\n");
        write("orders_2.csv", "id,status,amount\n3,paid,7.5\n");
        tasks = new TestTasks(home);
        handler = new IngestionHandler(home.toString());
    }

    @Test
    void shouldLoadBothFilesFirstAndThenOnlyTheNewOne() throws Exception {
        TaskOutcome first = ingest("p1");
        assertThat(first.outputs()).containsEntry("rows_loaded", "3").containsEntry("files_loaded", "2")
                .containsEntry("load_mode", "full");
        assertThat(tasks.artifacts.files(DataProject.branch("p1")).get("connectors/orders.yml"))
                .contains("load_mode: new files", "files_table: dea_meta.loaded_files");

        write("orders_3.csv", "id,status,amount\n4,paid,1.5\n5,returned,2.5\n");
        TaskOutcome second = ingest("p2");

        assertThat(second.outputs()).containsEntry("rows_loaded", "2").containsEntry("files_loaded", "1")
                .containsEntry("load_mode", "new files").containsEntry("rows", "5");
        assertThat(second.summary()).startsWith("loaded 2 rows from 1 new file(s) of 3 into landing.orders, now 5 rows");
        assertThat(ids()).containsExactly(1, 2, 3, 4, 5);
        assertThat(recordedFiles()).isEqualTo(3);
    }

    @Test
    void shouldLoadNothingWhenNoFileIsNew() throws Exception {
        ingest("p1");

        TaskOutcome again = ingest("p2");

        assertThat(again.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(again.outputs()).containsEntry("rows_loaded", "0").containsEntry("files_loaded", "0")
                .containsEntry("load_mode", "new files").containsEntry("rows", "3");
        assertThat(again.summary()).contains("loaded 0 rows (nothing new) from 2 file(s)");
        assertThat(ids()).containsExactly(1, 2, 3);
    }

    @Test
    void shouldReloadEveryFileWhenALoadedFileWasRewritten() throws Exception {
        ingest("p1");
        write("orders_2.csv", "id,status,amount\n3,paid,7.5\n33,paid,8.5\n");
        write("orders_3.csv", "id,status,amount\n4,paid,1.5\n");

        TaskOutcome grown = ingest("p2");

        assertThat(grown.outputs()).containsEntry("load_mode", "full").containsEntry("rows_loaded", "5")
                .containsEntry("files_loaded", "3").containsEntry("rows", "5");
        assertThat(ids()).containsExactly(1, 2, 3, 4, 33);

        // Same size, same rows count, another modification time: still a change.
        write("orders_1.csv", "id,status,amount\n1,paid,10.5\n9,paid,3.25\n");
        Files.setLastModifiedTime(home.resolve("data/orders_1.csv"), FileTime.fromMillis(1_000_000_000_000L));
        TaskOutcome touched = ingest("p3");

        assertThat(touched.outputs()).containsEntry("load_mode", "full").containsEntry("rows", "5");
        assertThat(ids()).containsExactly(1, 3, 4, 9, 33);
    }

    @Test
    void shouldReloadWhatIsLeftWhenALoadedFileIsGone() throws Exception {
        ingest("p1");
        Files.delete(home.resolve("data/orders_1.csv"));

        TaskOutcome outcome = ingest("p2");

        assertThat(outcome.outputs()).containsEntry("load_mode", "full").containsEntry("files_loaded", "1")
                .containsEntry("rows", "1");
        assertThat(ids()).containsExactly(3);
        assertThat(recordedFiles()).isEqualTo(1);
    }

    @Test
    void shouldHoldANewFileWithoutAColumnForReviewAndLoadNothing() throws Exception {
        loadedThenAdded("id,amount\n4,1.5\n");
        TaskRequested task = task("p2");

        TaskOutcome held = handler.handle(tasks.context(task));
        TaskOutcome stillHeld = ingest("p3");

        assertThat(held.review()).isNotNull();
        assertThat(held.review().kind()).isEqualTo("SCHEMA_DRIFT");
        assertThat(held.review().summary()).isEqualTo("landing.orders: dropped status");
        assertThat(held.outputs()).containsEntry("rows_loaded", "0").containsEntry("rows", "3");
        assertThat(stillHeld.review()).as("the held file was not recorded as loaded").isNotNull();
        assertThat(ids()).containsExactly(1, 2, 3);

        TaskOutcome applied = handler.handle(tasks.context(TestTasks.approved(task, "ann")));

        assertThat(applied.review()).isNull();
        assertThat(applied.outputs()).containsEntry("rows", "4").containsEntry("load_mode", "full");
        assertThat(ids()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void shouldHoldANewFileWithARetypedColumn() throws Exception {
        loadedThenAdded("id,status,amount\n4,paid,unknown\n");

        TaskOutcome held = ingest("p2");

        assertThat(held.review()).isNotNull();
        assertThat(held.review().summary()).isEqualTo("landing.orders: changed amount DOUBLE -> VARCHAR");
        assertThat(held.outputs()).containsEntry("rows_loaded", "0");
        assertThat(ids()).containsExactly(1, 2, 3);
    }

    @Test
    void shouldAppendWholeNumbersToADecimalColumnAndReloadForANewColumn() throws Exception {
        loadedThenAdded("id,status,amount\n4,paid,2\n");

        TaskOutcome narrower = ingest("p2");

        assertThat(narrower.review()).isNull();
        assertThat(narrower.outputs()).containsEntry("load_mode", "new files").containsEntry("rows_loaded", "1")
                .doesNotContainKey("schema_drift");
        write("orders_4.csv", "id,status,amount,channel\n5,paid,1.5,web\n");

        TaskOutcome wider = ingest("p3");

        assertThat(wider.review()).isNull();
        assertThat(wider.outputs()).containsEntry("load_mode", "full").containsEntry("rows", "5")
                .containsEntry("schema_drift", "added channel VARCHAR").containsEntry("columns", "id,status,amount,channel");
        assertThat(tasks.warehouse.query("SELECT channel FROM landing.orders WHERE id = 5").rows()).containsExactly(List.of("web"));
    }

    @Test
    void shouldCommitNothingInARunButStillLoad() throws Exception {
        ingest("p1");
        String mainBefore = head(ArtifactStore.MAIN);
        List<String> branchesBefore = tasks.artifacts.branches("");
        write("orders_3.csv", "id,status,amount\n4,paid,1.5\n");
        TaskRequested run = TaskRequested.newBuilder(task("run-1")).setPlanKind(PlanKind.RUN).setBranch(ArtifactStore.MAIN).build();

        TaskOutcome outcome = handler.handle(tasks.context(run));

        assertThat(outcome.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(outcome.outputs()).containsEntry("rows_loaded", "1").containsEntry("files_loaded", "1");
        assertThat(outcome.artifacts()).isEmpty();
        assertThat(head(ArtifactStore.MAIN)).isEqualTo(mainBefore);
        assertThat(tasks.artifacts.branches("")).isEqualTo(branchesBefore);
        assertThat(tasks.artifacts.files(ArtifactStore.MAIN)).doesNotContainKey("connectors/orders.yml");
        assertThat(ids()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void shouldNotLoadAFileTwiceWhenATaskIsRedelivered() throws Exception {
        loadedThenAdded("id,status,amount\n4,paid,1.5\n");
        TaskRequested task = task("p2");

        TaskOutcome first = handler.handle(tasks.context(task));
        TaskOutcome redelivered = handler.handle(tasks.context(task));

        assertThat(first.outputs()).containsEntry("rows_loaded", "1");
        assertThat(redelivered.outputs()).containsEntry("rows_loaded", "0").containsEntry("files_loaded", "0");
        assertThat(ids()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void shouldReloadInFullOnceAfterLoadingByAKey() throws Exception {
        GoalSpec keyed = TestTasks.goal("goal: load the shop's exports\nsources:\n"
                + "  - {name: orders, format: csv, location: 'data/orders_*.csv', incremental_key: id}\n");
        loadedThenAdded("id,status,amount\n4,paid,1.5\n");
        TaskOutcome byKey = handler.handle(tasks.context(OneGoal.task(tasks, "p2", StepRef.ingest("orders"), "ingestion", keyed, Map.of())));
        assertThat(byKey.outputs()).containsEntry("rows", "4").containsEntry("watermark", "4").doesNotContainKey("files_loaded");

        TaskOutcome byFiles = ingest("p3");

        assertThat(byFiles.outputs()).containsEntry("load_mode", "full").containsEntry("rows", "4");
        assertThat(ids()).containsExactly(1, 2, 3, 4);
    }

    /** The two files loaded, then a third one written. */
    private void loadedThenAdded(String third) throws Exception {
        ingest("p1");
        write("orders_3.csv", third);
    }

    private TaskOutcome ingest(String planId) throws Exception {
        return handler.handle(tasks.context(task(planId)));
    }

    private TaskRequested task(String planId) {
        return OneGoal.task(tasks, planId, StepRef.ingest("orders"), "ingestion", GOAL, Map.of());
    }

    private void write(String name, String content) throws Exception {
        Files.writeString(home.resolve("data").resolve(name), content);
    }

    private List<Integer> ids() {
        return tasks.warehouse.query("SELECT id FROM landing.orders ORDER BY id").rows().stream()
                .map(r -> ((Number) r.get(0)).intValue()).toList();
    }

    private long recordedFiles() {
        return ((Number) tasks.warehouse.query("SELECT count(*) FROM dea_meta.loaded_files WHERE source = 'orders'")
                .rows().get(0).get(0)).longValue();
    }

    private String head(String branch) throws Exception {
        try (Git git = Git.open(tasks.artifacts.root().toFile())) {
            return git.getRepository().resolve("refs/heads/" + branch).name();
        }
    }
}
