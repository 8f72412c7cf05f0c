package io.dea.platform.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two plans that touched the same files, merged into main one after the other (a real Git repository). */
class ArtifactStoreTest {

    private static final String DAG = "dags/sales.py";

    @TempDir
    Path dir;

    private ArtifactStore store;

    @BeforeEach
    void twoPlansFromTheSameMain() {
        store = new ArtifactStore(dir);
        store.commit("plan/a", Map.of(DAG, "GOAL_ID = 'a'\nschedule = '@daily'\n", "models/sales/sales.sql", "select 1 as n\n"),
                "plan a", "agent");
        store.commit("plan/b", Map.of(DAG, "GOAL_ID = 'b'\nschedule = '@hourly'\n", "models/sales/sales.sql", "select 1 as n\n",
                "models/sales/extra.sql", "select 2 as n\n"), "plan b", "agent");
        store.commit("plan/c", Map.of(DAG, "GOAL_ID = 'c'\n", "models/sales/sales.sql", "select 3 as n\n"), "plan c", "agent");
        store.merge("plan/a", "alice");
    }

    @Test
    void aConflictFailsWithItsPathsAndLeavesMainAsItWas() {
        String before = store.files(ArtifactStore.MAIN).get(DAG);

        assertThatThrownBy(() -> store.merge("plan/b", "bob"))
                .isInstanceOf(ArtifactStore.MergeConflictException.class)
                .hasMessageContaining("branch plan/b conflicts with main in " + DAG);
        assertThat(store.files(ArtifactStore.MAIN)).containsEntry(DAG, before).doesNotContainKey("models/sales/extra.sql");
    }

    @Test
    void theGoalAppliedLastOwnsARegeneratedFileWholeAndTheRestMerges() throws Exception {
        store.merge("plan/b", "bob", Set.of(DAG));

        Map<String, String> main = store.files(ArtifactStore.MAIN);
        assertThat(main).containsEntry(DAG, "GOAL_ID = 'b'\nschedule = '@hourly'\n")
                .containsEntry("models/sales/extra.sql", "select 2 as n\n");
        assertThat(Files.readString(dir.resolve(DAG))).contains("'b'"); // the checked-out main too
    }

    @Test
    void aConflictOutsideTheRegeneratedFilesStillFails() {
        assertThatThrownBy(() -> store.merge("plan/c", "carol", Set.of(DAG)))
                .isInstanceOf(ArtifactStore.MergeConflictException.class)
                .hasMessageContaining("models/sales/sales.sql");
        assertThat(store.files(ArtifactStore.MAIN)).containsEntry("models/sales/sales.sql", "select 1 as n\n");
    }
}
