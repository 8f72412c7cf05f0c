package io.dea.transform;

import static org.assertj.core.api.Assertions.assertThat;

import io.dea.events.v1.StepKind;
import io.dea.platform.step.StepRef;
import io.dea.events.v1.GoalSpec;
import io.dea.events.v1.Outcome;
import io.dea.events.v1.SourceSpec;
import io.dea.ingestion.IngestionHandler;
import io.dea.modeling.ModelingHandler;
import io.dea.platform.agent.TaskContext;
import io.dea.platform.agent.TaskOutcome;
import io.dea.platform.artifact.DataProject;
import io.dea.platform.dbt.Dbt;
import io.dea.platform.testing.TestTasks;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The real steps a plan runs before a mart is built, on one plan branch of one warehouse: ingest
 * every source, model (profiles, keys, relationships, names), transform, then one dbt build.
 */
final class Pipeline {

    final TestTasks tasks;
    final String planId;
    private final List<String> built = new ArrayList<>();
    private TaskContext last;

    Pipeline(TestTasks tasks, String planId) {
        this.tasks = tasks;
        this.planId = planId;
    }

    String schema() {
        return DataProject.sandboxSchema(planId);
    }

    void ingest(GoalSpec goal) throws Exception {
        for (SourceSpec source : goal.getSources()) {
            TaskOutcome loaded = new IngestionHandler("").handle(tasks.context(
                    tasks.task(planId, StepRef.ingest(source.getName()), "ingestion", goal, Map.of())));
            assertThat(loaded.outcome()).as(loaded.summary()).isEqualTo(Outcome.SUCCEEDED);
        }
    }

    /** Model then transform one goal's mart; the transform's outcome. */
    TaskOutcome modelAndTransform(GoalSpec goal, TransformHandler transform) throws Exception {
        TaskOutcome modeled = new ModelingHandler().handle(tasks.context(tasks.task(planId, StepRef.of(StepKind.MODEL), "modeling", goal, Map.of())));
        assertThat(modeled.outcome()).as(modeled.summary()).isEqualTo(Outcome.SUCCEEDED);
        Map<String, String> inputs = new HashMap<>();
        modeled.outputs().forEach((k, v) -> inputs.put("model." + k, v));
        last = tasks.context(tasks.task(planId, StepRef.of(StepKind.TRANSFORM), "transform", goal, inputs));
        TaskOutcome outcome = transform.handle(last);
        assertThat(outcome.outcome()).as(outcome.summary() + "\n" + outcome.error()).isEqualTo(Outcome.SUCCEEDED);
        built.add(DataProject.modelDir(goal.getMart().getName()));
        return outcome;
    }

    /** One dbt build of the given marts' folders (all transformed ones when none are given). */
    void build(String... marts) throws Exception {
        List<String> args = new ArrayList<>(List.of("build", "--select"));
        if (marts.length == 0) {
            args.addAll(built);
        } else {
            for (String mart : marts) {
                args.add(DataProject.modelDir(mart));
            }
        }
        Dbt.DbtResult result = last.dbt(schema(), args);
        assertThat(result.ok()).as(result.tail(60)).isTrue();
    }

    Object scalar(String sql) {
        return tasks.warehouse.query(sql).rows().get(0).get(0);
    }

    /**
     * The mart has exactly the rows of the hand-written query, no more and no fewer, comparing the
     * columns by name; floating-point columns (averages) are compared to 6 decimals on both sides.
     */
    void assertSameRows(String mart, List<String> columns, String expectedSql) {
        String table = schema() + "." + mart;
        assertThat(tasks.warehouse.query("SELECT * FROM " + table + " LIMIT 0").columns()).as(mart + " columns")
                .containsExactlyElementsOf(columns);
        Map<String, String> types = new HashMap<>();
        tasks.warehouse.query("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = '" + schema()
                + "' AND table_name = '" + mart + "'").rows().forEach(r -> types.put((String) r.get(0), (String) r.get(1)));
        String projection = String.join(", ", columns.stream().map(c -> types.get(c).equals("DOUBLE")
                ? "round(\"" + c + "\", 6) AS \"" + c + "\"" : "\"" + c + "\"").toList());
        String actual = "SELECT " + projection + " FROM " + table;
        String expected = "SELECT " + projection + " FROM (" + expectedSql + ")";
        String difference = "(SELECT 'unexpected' AS side, * FROM (" + actual + " EXCEPT ALL " + expected + "))"
                + " UNION ALL (SELECT 'missing' AS side, * FROM (" + expected + " EXCEPT ALL " + actual + "))";
        assertThat(tasks.warehouse.query("SELECT * FROM (" + difference + ") LIMIT 10").rows()).as(mart + ": rows that differ").isEmpty();
        assertThat(scalar("SELECT count(*) FROM " + table)).as(mart + " rows").isEqualTo(scalar("SELECT count(*) FROM (" + expectedSql + ")"));
    }
}
