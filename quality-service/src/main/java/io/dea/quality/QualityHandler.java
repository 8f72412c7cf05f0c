package io.dea.quality;

import io.dea.platform.step.Outputs;
import io.dea.events.v1.StepKind;
import io.dea.platform.agent.TaskContext;
import io.dea.platform.agent.TaskHandler;
import io.dea.platform.agent.TaskOutcome;
import io.dea.platform.artifact.DataProject;
import io.dea.platform.dbt.Dbt;
import io.dea.platform.goal.Identifiers;
import io.dea.platform.kafka.AgentKind;
import io.dea.platform.review.ReviewKind;
import io.dea.platform.warehouse.Warehouse;
import io.dea.events.v1.SourceSpec;
import io.dea.platform.agent.ArtifactFile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Step {@code quality}: writes tests generated from what modeling found (keys, references,
 * categories, the goal's freshness, the history of loads), has dbt run them, stores the results in
 * {@code dea_meta.quality_results}, and triages each failure: failing rows, likely cause, and where a
 * staging change would fix it, that change committed and sent to review as kind QUALITY. Before that:
 * writes tests on the mart's keys, has dbt build the mart and run them in the
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
        Map<String, String> branchFiles = new LinkedHashMap<>(context.artifacts().files(context.task().getBranch()));
        String sourcesYml = branchFiles.get(DataProject.modelDir(mart) + "/sources.yml");
        MartKeys keys = MartKeys.of(context.goal(), context.upstream(StepKind.TRANSFORM, Outputs.Transform.class).grainColumns(),
                context.upstream(StepKind.MODEL, Outputs.Model.class).primaryKeys(), sourcesYml);
        SourceFacts facts = SourceFacts.parse(sourcesYml);
        Set<String> staged = new HashSet<>();
        for (SourceFacts.Table t : facts.tables()) {
            if (t.stagingModel() != null && branchFiles.containsKey(Triage.stagingPath(mart, t))) {
                staged.add(t.stagingModel());
            }
        }
        Map<String, String> incrementalKeys = new HashMap<>();
        for (SourceSpec s : Optional.ofNullable(context.goal().getSources()).orElse(List.of())) {
            if (s.getIncrementalKey() != null && !s.getIncrementalKey().isBlank()) {
                incrementalKeys.put(s.getName(), s.getIncrementalKey().trim());
            }
        }
        Duration freshness;
        try {
            freshness = Freshness.parse(context.goal().getFreshness());
        } catch (IllegalArgumentException e) {
            return TaskOutcome.failed(e.getMessage(), e.getMessage());
        }
        List<ArtifactFile> testFiles = KeyTests.files(mart, keys, facts, staged, freshness, incrementalKeys);
        var artifacts = context.commit("tests of mart " + mart, testFiles);
        context.tool("warehouse.sql", "CREATE TABLE IF NOT EXISTS " + RowCountHistory.TABLE, () -> context.warehouse().withConnection(c -> {
            RowCountHistory.ensure(c);
            QualityResults.ensure(c);
            return null;
        }));

        context.progress("building " + mart + " and running its tests in the sandbox", 0.3);
        String schema = DataProject.sandboxSchema(context.planId());
        Dbt.DbtResult built = context.dbt(schema, List.of("build", "--select", DataProject.modelDir(mart)));
        if (built.runResults() == null) {
            return TaskOutcome.failed("dbt build of " + mart + " did not run", built.tail(30)).withArtifacts(artifacts);
        }
        TestRun run = TestRun.parse(built.runResults());
        List<TestRun.Test> failed = run.failed();
        context.tool("warehouse.sql", "INSERT INTO " + QualityResults.TABLE, () -> context.warehouse().withConnection(c -> {
            QualityResults.record(c, context.planId(), mart, context.task().getAttempt(), run.tests());
            return null;
        }));
        String testNames = run.tests().stream().map(t -> t.name() + ":" + Triage.kind(t.name())).collect(Collectors.joining(","));
        if (!run.brokenModels().isEmpty() || (!built.ok() && failed.isEmpty())) {
            return TaskOutcome.failed("dbt could not build " + mart + ": " + String.join("; ", run.brokenModels()), built.tail(30))
                    .withOutputs(new Outputs.Quality(run.tests().size(), null, failed.size(), null, null, null))
                    .withArtifacts(artifacts);
        }
        String counts = run.tests().size() + " tests on " + mart + " (" + keys.grain().size() + " grain column(s), "
                + keys.landingKeys().size() + " landing key(s))";
        if (failed.isEmpty()) {
            // Only a load that passed joins the history the row-count test compares with.
            context.tool("warehouse.sql", "INSERT INTO " + RowCountHistory.TABLE, () -> context.warehouse().withConnection(c -> {
                for (SourceFacts.Table t : facts.tables()) {
                    try (var st = c.createStatement(); var rs = st.executeQuery("SELECT count(*) FROM "
                            + io.dea.platform.warehouse.SqlText.qualified(DataProject.LANDING_SCHEMA, t.name()))) {
                        rs.next();
                        RowCountHistory.record(c, t.name(), context.planId(), rs.getLong(1));
                    }
                }
                return null;
            }));
            List<TestRun.Test> warned = run.warned();
            List<String> warnings = new ArrayList<>();
            List<Triage.Finding> noted = new ArrayList<>();
            for (TestRun.Test test : warned) {
                Triage.Finding finding = Triage.diagnose(test, mart, facts, branchFiles);
                noted.add(finding);
                warnings.add(report(context, test) + "\n    likely cause: " + finding.cause() + "\n    suggested fix: " + finding.suggestion());
            }
            String passed = warned.isEmpty() ? "all " + counts + " passed in " + schema
                    : "all " + counts + " passed in " + schema + ", with " + warned.size() + " warning" + (warned.size() == 1 ? "" : "s")
                    + ":\n" + String.join("\n", warnings);
            return TaskOutcome.succeeded(passed)
                    .withOutputs(new Outputs.Quality(run.tests().size(), testNames, 0, warned.size(),
                            noted.stream().map(f -> f.test() + "|" + f.kind() + "|" + f.cause()).collect(Collectors.joining(";")), null))
                    .withArtifacts(artifacts);
        }
        List<String> reports = new ArrayList<>();
        List<Triage.Finding> findings = new ArrayList<>();
        Map<String, ArtifactFile> fixes = new LinkedHashMap<>();
        for (TestRun.Test test : failed) {
            Triage.Finding finding = Triage.diagnose(test, mart, facts, branchFiles);
            findings.add(finding);
            if (finding.fix() != null && !context.approved()) {
                fixes.put(finding.fix().path(), finding.fix());
            }
            reports.add(report(context, test) + "\n    likely cause: " + finding.cause() + "\n    suggested fix: " + finding.suggestion()
                    + (finding.fix() == null ? "" : " (proposed in " + finding.fix().path() + ")"));
        }
        String summary = failed.size() + " of " + counts + " failed" + (run.skipped() > 0 ? " (" + run.skipped() + " skipped)" : "")
                + ":\n" + String.join("\n", reports);
        String triage = findings.stream().map(f -> f.test() + "|" + f.kind() + "|" + f.cause()).collect(Collectors.joining(";"));
        boolean everyOneFixable = findings.stream().allMatch(f -> f.fix() != null);
        if (!fixes.isEmpty()) {
            artifacts.addAll(context.commit("proposed fixes for failing tests of " + mart, new ArrayList<>(fixes.values())));
        }
        TaskOutcome outcome = everyOneFixable && !context.approved() ? TaskOutcome.succeeded(summary) : TaskOutcome.failed(summary,
                failed.stream().map(TestRun.Test::name).collect(Collectors.joining(", ")));
        outcome.withOutputs(new Outputs.Quality(run.tests().size(), testNames, failed.size(), null, triage, String.join(",", fixes.keySet())))
                .withArtifacts(artifacts);
        if (everyOneFixable && !context.approved()) {
            // A person decides: approval sends this step again, and the fixes already on the branch are tested.
            String diff = context.tool("git.diff", context.task().getBranch() + " against main",
                    () -> context.artifacts().diff(context.task().getBranch()));
            return outcome.needsReview(ReviewKind.QUALITY, failed.size() + " failing tests on " + mart + ": " + findings.stream()
                    .map(Triage.Finding::cause).collect(Collectors.joining("; ")) + "; fixes proposed in " + String.join(", ", fixes.keySet()),
                    diff);
        }
        return outcome;
    }

    /** A failing test, with up to five of the rows its query returns. */
    private static String report(TaskContext context, TestRun.Test test) {
        StringBuilder text = new StringBuilder("- " + test.name() + " (" + test.status() + ", " + test.failures() + " failing rows)");
        if (test.compiledSql() == null || test.status().equals("error")) {
            return text.append(": ").append(test.message()).toString();
        }
        String sql = "SELECT * FROM (\n" + test.compiledSql() + "\n) AS failing LIMIT " + SAMPLE_ROWS;
        try {
            Warehouse.QueryResult rows = context.tool("warehouse.sql", sql, () -> context.warehouse().query(sql));
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
