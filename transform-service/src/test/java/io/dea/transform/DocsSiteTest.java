package io.dea.transform;

import static org.assertj.core.api.Assertions.assertThat;

import io.dea.events.v1.GoalSpec;
import io.dea.events.v1.Outcome;
import io.dea.events.v1.StepKind;
import io.dea.events.v1.TaskRequested;
import io.dea.platform.agent.TaskContext;
import io.dea.platform.agent.TaskOutcome;
import io.dea.platform.artifact.ArtifactStore;
import io.dea.platform.artifact.DataProject;
import io.dea.platform.step.StepRef;
import io.dea.platform.testing.TestTasks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After an approved apply, main of the data project carries dbt's browsable docs of the environment
 * (real dbt, DuckDB and Git): one page per environment naming the mart and its descriptions, replaced
 * by the next apply, holding no path of this machine and no row of the data; docs that cannot be made
 * are reported and the applied mart stands.
 */
class DocsSiteTest {

    private static final String PAGE = DocsSite.path("staging");
    /** A value in the landed data: the docs carry the warehouse's metadata, never its rows. */
    private static final String SECRET_ROW = "sk-live-4f2a9c0e7b";
    private static final String DESCRIPTIONS = """
            version: 2
            models:
              - name: daily_revenue
                description: "One row per order day: what customers paid for orders not returned"
                columns:
                  - name: revenue
                    description: "%s"
                  - name: order_count
                    description: "Distinct orders placed on the day"
            """;

    @TempDir
    Path home;
    private TestTasks tasks;

    @BeforeEach
    void shop() throws Exception {
        tasks = new TestTasks(home);
        new ShopData(10, 20, 3L).load(tasks.warehouse, home.resolve("data"));
        tasks.warehouse.withConnection(c -> c.createStatement().execute("UPDATE landing.customers SET name = '" + SECRET_ROW + "' WHERE id = 1"));
    }

    @Test
    void anApplyCommitsTheEnvironmentsDocsPageToMainAndTheNextApplyReplacesIt() throws Exception {
        TaskOutcome first = applied("p1", "Money customers paid on the day, in the payments' currency");

        assertThat(first.outcome()).as(first.summary() + "\n" + first.error()).isEqualTo(Outcome.SUCCEEDED);
        String mainHead = tasks.artifacts.head(ArtifactStore.MAIN);
        assertThat(first.outputs()).containsEntry("docs_site", PAGE + "@" + mainHead).doesNotContainKey("docs_not_generated");
        assertThat(first.summary()).endsWith("; docs at " + PAGE + "@" + mainHead);
        String page = tasks.artifacts.files(ArtifactStore.MAIN).get(PAGE);
        assertThat(page).as("the docs page on main").isNotNull()
                .contains("daily_revenue", "One row per order day", "Money customers paid on the day", "Distinct orders placed on the day");
        assertThat(page).as("no path of this machine, no row of the data")
                .doesNotContain(home.toString(), home.toRealPath().toString(), SECRET_ROW);
        assertThat(Files.readString(tasks.artifacts.root().resolve(PAGE))).as("browsable in main's checkout").isEqualTo(page);
        assertThat(authorOf(mainHead)).as("authored like the merge").isEqualTo("alice");

        TaskOutcome second = applied("p2", "Money paid, counted on the order's day");

        assertThat(second.outcome()).as(second.summary() + "\n" + second.error()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(second.outputs().get("docs_site")).startsWith(PAGE + "@").isNotEqualTo(first.outputs().get("docs_site"));
        assertThat(tasks.artifacts.files(ArtifactStore.MAIN).keySet().stream().filter(p -> p.startsWith("docs/site/")))
                .as("one page per environment, not one per plan").containsExactly(PAGE);
        assertThat(tasks.artifacts.files(ArtifactStore.MAIN).get(PAGE)).contains("Money paid, counted on the order's day")
                .doesNotContain("Money customers paid on the day");
    }

    @Test
    void aPageNamingAPathOfThisMachineIsNotCommittedAndTheApplyStands() throws Exception {
        TaskOutcome outcome = applied("p1", "Built from the project at " + tasks.artifacts.root());

        assertThat(outcome.outcome()).as(outcome.summary() + "\n" + outcome.error()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(outcome.outputs()).containsEntry("mart_table", "staging.daily_revenue").doesNotContainKey("docs_site");
        assertThat(outcome.outputs().get("docs_not_generated"))
                .isEqualTo("the generated page names the data project's directory of this machine, so it was not committed;"
                        + " remove that path from the models' descriptions");
        assertThat(outcome.summary()).contains("; docs not generated: the generated page names the data project's directory")
                .doesNotContain(home.toString());
        assertThat(tasks.artifacts.files(ArtifactStore.MAIN)).doesNotContainKey(PAGE).containsKey("models/daily_revenue/daily_revenue.sql");
        assertThat(tasks.warehouse.query("SELECT count(*) FROM staging.daily_revenue").rows().get(0).get(0)).isNotEqualTo(0L);
    }

    @Test
    void docsDbtCannotMakeAreReportedInDbtsWordsWithoutThePathsOfThisMachine() throws Exception {
        TaskRequested apply = transformed("p1", "Money paid");
        TaskContext context = tasks.context(TestTasks.approved(apply, "alice"));

        // dbt's output of the transform's compile removed: --no-compile finds no manifest, and dbt fails.
        try (var files = Files.walk(context.workDir().resolve("target"))) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        DocsSite.Published docs = DocsSite.publish(context, "staging", "alice", args -> context.dbt("staging", args));

        assertThat(docs.site()).isNull();
        assertThat(docs.notGenerated()).startsWith("dbt docs generate failed: ").contains("target/manifest.json")
                .doesNotContain(home.toString());
        assertThat(tasks.artifacts.files(ArtifactStore.MAIN)).doesNotContainKey(PAGE);
    }

    /** The mart transformed on the plan's branch with the given revenue description, then applied with alice's approval. */
    private TaskOutcome applied(String planId, String revenueDescription) throws Exception {
        return new TransformHandler().handle(tasks.context(TestTasks.approved(transformed(planId, revenueDescription), "alice")));
    }

    private TaskRequested transformed(String planId, String revenueDescription) throws Exception {
        GoalSpec goal = TestTasks.goal("goal: daily revenue\n" + ShopData.SOURCES + TransformHandlerTest.DAILY_REVENUE + "environment: staging\n");
        tasks.artifacts.commit(DataProject.branch(planId), Map.of("models/daily_revenue/sources.yml", ShopData.sourcesYml("daily_revenue"),
                "models/daily_revenue/daily_revenue_tests.yml", DESCRIPTIONS.formatted(revenueDescription)), "sources and docs", "test");
        TaskOutcome transformed = new TransformHandler().handle(tasks.context(tasks.task(planId, StepRef.of(StepKind.TRANSFORM), "transform",
                goal, TransformHandlerTest.Shop.inputs())));
        assertThat(transformed.outcome()).as(transformed.summary()).isEqualTo(Outcome.SUCCEEDED);
        return tasks.task(planId, StepRef.of(StepKind.APPLY), "transform", goal, Map.of());
    }

    private String authorOf(String commit) throws Exception {
        try (Git git = Git.open(tasks.artifacts.root().toFile())) {
            RevCommit head = git.log().add(git.getRepository().resolve(commit)).setMaxCount(1).call().iterator().next();
            return head.getAuthorIdent().getName();
        }
    }
}
