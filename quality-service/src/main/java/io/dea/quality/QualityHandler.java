package io.dea.quality;

import io.dea.platform.agent.TaskContext;
import io.dea.platform.agent.TaskHandler;
import io.dea.platform.agent.TaskOutcome;
import io.dea.platform.artifact.DataProject;
import io.dea.platform.dbt.Dbt;
import io.dea.platform.goal.Identifiers;
import io.dea.platform.kafka.AgentKind;
import io.dea.platform.warehouse.Warehouse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Step {@code quality}: writes tests on the mart's keys, has dbt build the mart and run them in the
 * plan's sandbox schema, and answers FAILED with the offending rows when any test fails, so a
 * person sees the data problem, not just a test name.
 */
@Component
public class QualityHandler implements TaskHandler {

    private static final int SAMPLE_ROWS = 5;

    @Override
    public AgentKind kind() {
        return AgentKind.QUALITY;
    }

    @Override
    public TaskOutcome handle(TaskContext context) throws Exception {
        if (context.goal().getMart() == null) {
            return TaskOutcome.failed("the goal has no mart to test", "no mart");
        }
        String mart = Identifiers.require("mart name", context.goal().getMart().getName());
        String sourcesYml = context.artifacts().files(context.task().getBranch()).get(DataProject.modelDir(mart) + "/sources.yml");
        MartKeys keys = MartKeys.of(context.goal(), context.input("transform", "grain_columns"),
                context.input("model", "primary_keys"), sourcesYml);
        var artifacts = context.commit("key tests of mart " + mart, KeyTests.files(mart, keys));

        context.progress("building " + mart + " and running its tests in the sandbox", 0.3);
        String schema = DataProject.sandboxSchema(context.planId());
        Dbt.DbtResult built = context.dbt(schema, List.of("build", "--select", DataProject.modelDir(mart)));
        if (built.runResults() == null) {
            return TaskOutcome.failed("dbt build of " + mart + " did not run", built.tail(30)).withArtifacts(artifacts);
        }
        TestRun run = TestRun.parse(built.runResults());
        List<TestRun.Test> failed = run.failed();
        if (!run.brokenModels().isEmpty() || (!built.ok() && failed.isEmpty())) {
            return TaskOutcome.failed("dbt could not build " + mart + ": " + String.join("; ", run.brokenModels()), built.tail(30))
                    .withOutput("tests", Integer.toString(run.tests().size()))
                    .withOutput("failures", Integer.toString(failed.size()))
                    .withArtifacts(artifacts);
        }
        String counts = run.tests().size() + " tests on " + mart + " (" + keys.grain().size() + " grain column(s), "
                + keys.landingKeys().size() + " landing key(s))";
        if (failed.isEmpty()) {
            return TaskOutcome.succeeded("all " + counts + " passed in " + schema)
                    .withOutput("tests", Integer.toString(run.tests().size()))
                    .withOutput("failures", "0")
                    .withArtifacts(artifacts);
        }
        List<String> reports = new ArrayList<>();
        for (TestRun.Test test : failed) {
            reports.add(report(context, test));
        }
        String summary = failed.size() + " of " + counts + " failed" + (run.skipped() > 0 ? " (" + run.skipped() + " skipped)" : "")
                + ":\n" + String.join("\n", reports);
        return TaskOutcome.failed(summary, failed.stream().map(TestRun.Test::name).collect(Collectors.joining(", ")))
                .withOutput("tests", Integer.toString(run.tests().size()))
                .withOutput("failures", Integer.toString(failed.size()))
                .withArtifacts(artifacts);
    }

    /** A failing test, with up to five of the rows its query returns. */
    private static String report(TaskContext context, TestRun.Test test) {
        StringBuilder text = new StringBuilder("- " + test.name() + " (" + test.status() + ", " + test.failures() + " failing rows)");
        if (test.compiledSql() == null || test.status().equals("error")) {
            return text.append(": ").append(test.message()).toString();
        }
        String sql = "SELECT * FROM (\n" + test.compiledSql() + "\n) AS failing LIMIT " + SAMPLE_ROWS;
        try {
            Warehouse.QueryResult rows = context.tool("duckdb.sql", sql, () -> context.warehouse().query(sql));
            for (List<Object> row : rows.rows()) {
                List<String> cells = new ArrayList<>();
                for (int i = 0; i < row.size(); i++) {
                    cells.add(rows.columns().get(i) + "=" + row.get(i));
                }
                text.append("\n    ").append(String.join(", ", cells));
            }
        } catch (Exception e) {
            text.append(": the failing rows could not be read (").append(e.getMessage()).append(")");
        }
        return text.toString();
    }
}
