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
import io.dea.platform.policy.PolicyKind;
import io.dea.platform.policy.SlaPolicy;
import io.dea.platform.review.ReviewKind;
import io.dea.platform.warehouse.SqlText;
import io.dea.platform.warehouse.Warehouse;
import io.dea.events.v1.Artifact;
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
        SlaPolicy.Freshness sla;
        Duration freshness;
        try {
            sla = SlaPolicy.of(context.goal().getFreshness(), context.martName(), context.policies(PolicyKind.SLA));
            freshness = Freshness.parse(sla.freshness());
        } catch (IllegalArgumentException e) {
            return TaskOutcome.failed(e.getMessage(), e.getMessage());
        }
        MartUnderTest mart = gather(context, sla);
        List<Artifact> artifacts = writeTests(context, mart, freshness);
        context.progress("building " + mart.name() + " and running its tests in the sandbox", 0.3);
        String schema = DataProject.sandboxSchema(context.planId());
        Dbt.DbtResult built = context.dbt(schema,
                List.of("build", "--select", "+" + DataProject.modelDir(mart.name()), "--indirect-selection", "cautious"));
        if (built.runResults() == null) {
            return TaskOutcome.failed("dbt build of " + mart.name() + " did not run: " + built.reason("see the log"), built.detail())
                    .withArtifacts(artifacts);
        }
        SandboxRun run = new SandboxRun(schema, built, TestRun.parse(built.runResults()));
        recordResults(context, mart, run.results());
        if (run.broken()) {
            return brokenBuild(mart, run, artifacts);
        }
        return run.failed().isEmpty() ? passed(context, mart, run, artifacts) : failing(context, mart, run, artifacts);
    }

    /** The mart, the plan branch's files, the keys its tests guard and what modeling found about its sources. */
    private record MartUnderTest(String name, Map<String, String> branchFiles, MartKeys keys, SourceFacts facts, SlaPolicy.Freshness sla) {

        /** {@code 8 tests on shop_daily (1 grain column(s), 2 landing key(s))}. */
        String counts(SandboxRun run) {
            return run.testCount() + " tests on " + name + " (" + keys.grain().size() + " grain column(s), "
                    + keys.landingKeys().size() + " landing key(s))";
        }
    }

    /** What dbt built and tested in the plan's sandbox schema. */
    private record SandboxRun(String schema, Dbt.DbtResult built, TestRun results) {

        List<TestRun.Test> failed() {
            return results.failed();
        }

        int testCount() {
            return results.tests().size();
        }

        /** A model did not build, or dbt failed with no failing test to show for it. */
        boolean broken() {
            return !results.brokenModels().isEmpty() || (!built.ok() && failed().isEmpty());
        }

        String testNames() {
            return results.tests().stream().map(t -> t.name() + ":" + Triage.kind(t.name())).collect(Collectors.joining(","));
        }
    }

    /** What triage made of the tests that failed (or warned): one report line per test, and the fixes it proposes. */
    private record Findings(List<Triage.Finding> findings, List<String> reports, Map<String, ArtifactFile> fixes) {

        boolean everyOneFixable() {
            return findings.stream().allMatch(f -> f.fix() != null);
        }

        /** {@code test|kind|cause;...}, the step's triage output. */
        String triage() {
            return findings.stream().map(f -> f.test() + "|" + f.kind() + "|" + f.cause()).collect(Collectors.joining(";"));
        }
    }

    private static MartUnderTest gather(TaskContext context, SlaPolicy.Freshness sla) {
        String mart = Identifiers.require("mart name", context.goal().getMart().getName());
        Map<String, String> branchFiles = new LinkedHashMap<>(context.artifacts().files(context.task().getBranch()));
        String sourcesYml = branchFiles.get(DataProject.modelDir(mart) + "/sources.yml");
        MartKeys keys = MartKeys.of(context.goal(), context.upstream(StepKind.TRANSFORM, Outputs.Transform.class).grainColumns(),
                context.upstream(StepKind.MODEL, Outputs.Model.class).primaryKeys(), sourcesYml);
        return new MartUnderTest(mart, branchFiles, keys, SourceFacts.parse(sourcesYml), sla);
    }

    /**
     * The mart's descriptions: by template from the goal; with a language model configured (and not yet
     * approved, so an approval commits what was reviewed), the model's, checked as plain text, where it gives
     * usable ones; the template's otherwise, saying why in the yml.
     */
    private static MartDocs docs(TaskContext context, MartUnderTest mart) {
        MartDocs template = MartDocs.of(context.goal(), mart.keys().grain());
        String onBranch = mart.branchFiles().get(DataProject.modelDir(mart.name()) + "/" + mart.name() + "_tests.yml");
        if (context.model().isEmpty() || template.model() == null) {
            return template;
        }
        if (context.approved() && onBranch != null) {
            return MartDocs.ofYml(onBranch, template); // what the reviewer saw
        }
        try {
            ModelDocs.Written written = ModelDocs.describe(context, context.goal(), template);
            return written.docs().withDefaults(template).by("written by " + written.by());
        } catch (Exception e) {
            return template.by("the template's: a language model's descriptions were not used ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
        }
    }

    /** Commits the generated tests and makes sure the tables they read and write exist. */
    private static List<Artifact> writeTests(TaskContext context, MartUnderTest mart, Duration freshness) throws Exception {
        List<ArtifactFile> testFiles = KeyTests.files(mart.name(), mart.keys(), mart.facts(), staged(mart),
                freshness, incrementalKeys(context), docs(context, mart));
        List<Artifact> artifacts = context.commit("tests of mart " + mart.name(), testFiles);
        context.tool("warehouse.sql", "CREATE TABLE IF NOT EXISTS " + RowCountHistory.TABLE, () -> context.warehouse().withConnection(c -> {
            RowCountHistory.ensure(c);
            QualityResults.ensure(c);
            return null;
        }));
        return artifacts;
    }

    /** The staging models on the branch: their sources are tested through them. */
    private static Set<String> staged(MartUnderTest mart) {
        Set<String> staged = new HashSet<>();
        for (SourceFacts.Table t : mart.facts().tables()) {
            if (t.stagingModel() != null && mart.branchFiles().containsKey(Triage.stagingPath(mart.name(), t))) {
                staged.add(t.stagingModel());
            }
        }
        return staged;
    }

    private static Map<String, String> incrementalKeys(TaskContext context) {
        Map<String, String> incrementalKeys = new HashMap<>();
        for (SourceSpec s : Optional.ofNullable(context.goal().getSources()).orElse(List.of())) {
            if (s.getIncrementalKey() != null && !s.getIncrementalKey().isBlank()) {
                incrementalKeys.put(s.getName(), s.getIncrementalKey().trim());
            }
        }
        return incrementalKeys;
    }

    private static void recordResults(TaskContext context, MartUnderTest mart, TestRun run) throws Exception {
        context.tool("warehouse.sql", "INSERT INTO " + QualityResults.TABLE, () -> context.warehouse().withConnection(c -> {
            QualityResults.record(c, context.planId(), mart.name(), context.task().getAttempt(), run.tests());
            return null;
        }));
    }

    private static TaskOutcome brokenBuild(MartUnderTest mart, SandboxRun run, List<Artifact> artifacts) {
        return TaskOutcome.failed("dbt could not build " + mart.name() + ": " + run.built().reason(String.join("; ", run.results().brokenModels())),
                        run.built().detail())
                .withOutputs(new Outputs.Quality(run.testCount(), null, run.failed().size(), null, null, null,
                        mart.sla().documents()))
                .withArtifacts(artifacts);
    }

    /** Every test passed: the load joins the row-count history, and warnings are reported with their triage. */
    private static TaskOutcome passed(TaskContext context, MartUnderTest mart, SandboxRun run, List<Artifact> artifacts) throws Exception {
        recordRowCounts(context, mart.facts());
        List<TestRun.Test> warned = run.results().warned();
        Findings noted = triage(context, mart, warned, false);
        String passed = "all " + mart.counts(run) + " passed in " + run.schema() + (warned.isEmpty() ? ""
                : ", with " + warned.size() + " warning" + (warned.size() == 1 ? "" : "s") + ":\n" + String.join("\n", noted.reports()));
        return TaskOutcome.succeeded(passed)
                .withOutputs(new Outputs.Quality(run.testCount(), run.testNames(), 0, warned.size(), noted.triage(), null,
                        mart.sla().documents()))
                .withArtifacts(artifacts);
    }

    /** Only a load that passed joins the history the row-count test compares with. */
    private static void recordRowCounts(TaskContext context, SourceFacts facts) throws Exception {
        context.tool("warehouse.sql", "INSERT INTO " + RowCountHistory.TABLE, () -> context.warehouse().withConnection(c -> {
            for (SourceFacts.Table t : facts.tables()) {
                try (var st = c.createStatement(); var rs = st.executeQuery("SELECT count(*) FROM "
                        + SqlText.qualified(DataProject.LANDING_SCHEMA, t.name()))) {
                    rs.next();
                    RowCountHistory.record(c, t.name(), context.planId(), rs.getLong(1));
                }
            }
            return null;
        }));
    }

    /**
     * Tests failed. Unapproved, triage proposes the staging fixes it can write, committed to the
     * branch; when every failure has one, the step succeeds and a person decides. Approval sends the
     * step again with the fixes on the branch: what still fails then fails the step.
     */
    private static TaskOutcome failing(TaskContext context, MartUnderTest mart, SandboxRun run, List<Artifact> artifacts) throws Exception {
        List<TestRun.Test> failed = run.failed();
        Findings findings = triage(context, mart, failed, true);
        Map<String, ArtifactFile> fixes = findings.fixes();
        if (!fixes.isEmpty()) {
            artifacts.addAll(context.commit("proposed fixes for failing tests of " + mart.name(), new ArrayList<>(fixes.values())));
        }
        String summary = failed.size() + " of " + mart.counts(run) + " failed"
                + (run.results().skipped() > 0 ? " (" + run.results().skipped() + " skipped)" : "") + ":\n" + String.join("\n", findings.reports());
        boolean proposed = findings.everyOneFixable() && !context.approved();
        TaskOutcome outcome = proposed ? TaskOutcome.succeeded(summary)
                : TaskOutcome.failed(summary, failed.stream().map(TestRun.Test::name).collect(Collectors.joining(", ")));
        outcome.withOutputs(new Outputs.Quality(run.testCount(), run.testNames(), failed.size(), null, findings.triage(),
                        String.join(",", fixes.keySet()), mart.sla().documents()))
                .withArtifacts(artifacts);
        return outcome.heldForReview(context, findings.everyOneFixable(), ReviewKind.QUALITY, failed.size() + " failing tests on "
                        + mart.name() + ": " + findings.findings().stream().map(Triage.Finding::cause).collect(Collectors.joining("; "))
                        + "; fixes proposed in " + String.join(", ", fixes.keySet()),
                proposed ? branchDiff(context) : null);
    }

    /**
     * Diagnoses each test (in order: a fix rewrites the staging view the next diagnosis reads) and
     * reports it with its failing rows. Fixes are proposed only while unapproved.
     */
    private static Findings triage(TaskContext context, MartUnderTest mart, List<TestRun.Test> tests, boolean proposeFixes) {
        List<Triage.Finding> findings = new ArrayList<>();
        List<String> reports = new ArrayList<>();
        Map<String, ArtifactFile> fixes = new LinkedHashMap<>();
        for (TestRun.Test test : tests) {
            Triage.Finding finding = Triage.diagnose(test, mart.name(), mart.facts(), mart.branchFiles());
            String report = report(context, test);
            if (proposeFixes && finding.fix() == null && !context.approved() && context.model().isPresent()) {
                finding = modelFinding(context, mart, finding, report);
            }
            findings.add(finding);
            if (proposeFixes && finding.fix() != null && !context.approved()) {
                fixes.put(finding.fix().path(), finding.fix());
            }
            reports.add(report + "\n    likely cause: " + finding.cause() + "\n    suggested fix: " + finding.suggestion()
                    + (!proposeFixes || finding.fix() == null ? "" : " (proposed in " + finding.fix().path() + ")"));
        }
        return new Findings(findings, reports, fixes);
    }

    /**
     * The configured model's triage of a failing test on a source table that the deterministic triage has no fix
     * for; when the model gives none or its answer is refused, the deterministic finding, saying why.
     */
    private static Triage.Finding modelFinding(TaskContext context, MartUnderTest mart, Triage.Finding found, String report) {
        SourceFacts.Table table = mart.facts().tables().stream().filter(t -> found.test().startsWith(mart.name() + "__" + t.name() + "_"))
                .findFirst().orElse(null);
        if (table == null) {
            return found;
        }
        try {
            return ModelTriage.propose(context, found, report, mart.name(), table, mart.branchFiles());
        } catch (Exception e) {
            return new Triage.Finding(found.test(), found.kind(), found.cause(), found.suggestion()
                    + " (a language model's triage was not used: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")",
                    null);
        }
    }

    /** The branch against main, for the reviewer; an audited call, so made only when a person will see it. */
    private static String branchDiff(TaskContext context) throws Exception {
        return context.tool("git.diff", context.task().getBranch() + " against main",
                () -> context.artifacts().diff(context.task().getBranch()));
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
