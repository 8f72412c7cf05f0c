package io.dea.transform;

import io.dea.platform.goal.Relationships;
import io.dea.platform.goal.KeyList;
import io.dea.platform.policy.PolicyDocuments;
import io.dea.platform.step.Outputs;
import io.dea.events.v1.StepKind;
import io.dea.platform.goal.Relationship;
import io.dea.events.v1.GoalSpec;
import io.dea.events.v1.SourceSpec;
import io.dea.platform.agent.ArtifactFile;
import io.dea.platform.agent.TaskContext;
import io.dea.platform.agent.TaskOutcome;
import io.dea.platform.artifact.DataProject;
import io.dea.platform.dbt.Dbt;
import io.dea.platform.goal.Identifiers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Step {@code transform}: writes {@code models/<mart>/<mart>.sql} from the goal and the model step's
 * keys and relationships, then has dbt compile it, so a broken model fails here and not at apply.
 */
final class TransformStep {

    private TransformStep() {
    }

    /**
     * What the step writes, decided before anything is committed: the staging views and the mart model
     * (files, staging first), how each is materialized, the casts staging makes and the mart's SQL.
     */
    private record Models(String mart, String path, List<ArtifactFile> files, List<String> materialized, List<String> casts,
                          MartSql.Generated model, Materialization.Choice choice, List<String> names, List<StagingReuse.Reused> reused) {

        /** The staging views this mart writes. */
        List<String> written() {
            return files.stream().filter(f -> f.content() != null && !f.path().equals(path)).map(ArtifactFile::path).toList();
        }

        List<String> reusedLines() {
            return reused.stream().map(StagingReuse.Reused::line).toList();
        }
    }

    /** The staging layer as decided: the views to write, how they are materialized, their casts, and what is reused. */
    private record Layer(List<ArtifactFile> files, List<String> materialized, List<String> casts, List<StagingReuse.Reused> reused) {

        static Layer empty() {
            return new Layer(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        }
    }

    static TaskOutcome run(TaskContext context, long incrementalRows) throws Exception {
        GoalSpec goal = context.goal();
        if (goal.getMart() == null) {
            return TaskOutcome.failed("the goal has no mart to transform", "no mart");
        }
        List<String> sources = Optional.ofNullable(goal.getSources()).orElse(List.of()).stream()
                .map(s -> Identifiers.require("source name", s.getName())).toList();
        String mart = Identifiers.require("mart name", goal.getMart().getName());
        Models models;
        try {
            models = models(context, sources, mart, incrementalRows);
        } catch (MartModelException e) {
            return TaskOutcome.failed("cannot model mart " + mart + ": " + e.getMessage(), e.getMessage());
        }
        return writeAndCompile(context, models);
    }

    /** Gathers the landing columns and the model step's keys, then decides every model and its materialization. */
    private static Models models(TaskContext context, List<String> sources, String mart, long incrementalRows) throws Exception {
        GoalSpec goal = context.goal();
        JoinGraph graph = new JoinGraph(sources, relationships(context));
        LandingColumns columns = context.tool("warehouse.sql", "columns and value checks of landing." + String.join(", landing.", sources),
                () -> context.warehouse().withConnection(c -> LandingColumns.read(c, sources)));
        Outputs.Model modeled = context.upstream(StepKind.MODEL, Outputs.Model.class);
        Staging staging = new Staging(mart, columns, sources, modeled.stagingModels(), modeled.columnNames());
        MartParts parts = MartParts.of(goal.getMart(), goal.getTimezone(), graph, columns, staging);
        Layer layer = stage(context, mart, sources, staging, parts);
        List<ArtifactFile> files = layer.files();
        List<String> materialized = layer.materialized();
        String largest = sources.stream().max(Comparator.comparingLong(columns::rows)).orElseThrow();
        Materialization.Choice choice = Materialization.mart(parts, columns.rows(largest), largest, goal.getSchedule(), incrementalRows);
        materialized.add(mart + "=" + choice.kind());
        MartSql.Generated model = MartSql.generate(parts, graph, keys(context), staging, choice);
        String path = DataProject.modelDir(mart) + "/" + mart + ".sql";
        files.add(new ArtifactFile("dbt_model", path, model.sql()));
        return new Models(mart, path, files, materialized, layer.casts(), model, choice, parts.names(staging), layer.reused());
    }

    /**
     * Each source's staging view, or another mart's merged staging model that is exactly the same
     * ({@link StagingReuse}): then the mart selects from that one and no second view is written (a file
     * of this mart's an earlier attempt left on the branch is deleted).
     */
    private static Layer stage(TaskContext context, String mart, List<String> sources, Staging staging, MartParts parts) throws Exception {
        String branch = context.task().getBranch();
        StagingReuse reuse = context.tool("git.files", "staging models on main and " + branch,
                () -> StagingReuse.of(context.artifacts(), branch, mart));
        Layer layer = Layer.empty();
        for (String source : sources) {
            Set<String> numeric = summedColumns(parts, source);
            Staging.Model stg = staging.render(source, numeric);
            layer.casts().addAll(stg.casts());
            Optional<StagingReuse.Reused> found = reuse.find(source, owner -> staging.sqlAs(owner, source, numeric));
            if (found.isPresent()) {
                staging.reuse(source, found.get().model());
                layer.reused().add(found.get());
                if (reuse.onBranch(stg.path())) {
                    layer.files().add(new ArtifactFile("removed", stg.path(), null));
                }
            } else {
                layer.files().add(new ArtifactFile("dbt_model", stg.path(), stg.sql()));
                layer.materialized().add(stg.name() + "=" + Materialization.staging().kind());
            }
        }
        return layer;
    }

    /** The naming standard the model step read (its {@code naming_path}), cited as the branch holds it. */
    private static List<String> followed(TaskContext context) {
        String naming = context.upstream(StepKind.MODEL, Outputs.Model.class).namingPath();
        String content = naming == null ? null : context.artifacts().files(context.task().getBranch()).get(naming);
        return content == null ? List.of() : List.of(PolicyDocuments.cite(naming, content));
    }

    /** Commits the models to the plan's branch and has dbt compile them, so a broken model fails here. */
    private static TaskOutcome writeAndCompile(TaskContext context, Models models) throws Exception {
        String mart = models.mart();
        var artifacts = context.commit("dbt staging and mart models of " + mart, models.files());
        context.progress("compiling " + DataProject.modelDir(mart) + " with dbt", 0.5);
        // '+': the staging models of other marts it reuses compile too, so their SQL can be inlined.
        Dbt.DbtResult compiled = context.dbt(DataProject.sandboxSchema(context.planId()), withUpstream("compile", mart));
        if (!compiled.ok()) {
            return TaskOutcome.failed("dbt could not compile " + models.path() + ": " + compiled.reason("see the log"), compiled.detail())
                    .withArtifacts(artifacts);
        }
        String sql = context.tool("fs.read", "target/compiled/*/" + DataProject.modelDir(mart), () -> compiledSql(context, models));
        return TaskOutcome.succeeded(summary(models))
                .withOutputs(new Outputs.Transform(models.path(), String.join(",", models.written()), String.join(",", models.materialized()),
                        models.choice().reason(), String.join("; ", models.casts()), sql, models.model().grainColumns(),
                        models.names(), models.reusedLines(), followed(context)))
                .withArtifacts(artifacts);
    }

    /**
     * A dbt command over the mart's models and everything upstream of them: a mart reusing another
     * mart's staging model builds into a schema (a plan's sandbox, an environment the other mart was
     * never applied to) that may not have it; those models build identical to what the other mart
     * built. Tests run only when every model they read is selected ({@code cautious}): the other mart's
     * test joining a reused model to one of its models this mart does not read would find no table.
     */
    static List<String> withUpstream(String command, String mart) {
        return List.of(command, "--select", "+" + DataProject.modelDir(mart), "--indirect-selection", "cautious");
    }

    private static String summary(Models models) {
        Materialization.Choice choice = models.choice();
        List<String> casts = models.casts();
        List<String> reused = models.reusedLines();
        return "wrote and compiled " + models.path() + " over " + models.written().size() + " staging views"
                + (reused.isEmpty() ? "" : " and " + reused.size() + " reused (" + String.join("; ", reused) + ")") + ": "
                + String.join("; ", models.model().plan()) + ". Materialized as " + choice.kind() + ": " + choice.reason()
                + (casts.isEmpty() ? "" : ". Casts: " + String.join("; ", casts))
                + (models.names().isEmpty() ? "" : ". Names: " + String.join("; ", models.names()));
    }

    /**
     * The compiled mart with every staging view's compiled query inlined ({@link #inline}). A reused
     * model the mart does not read (a source only governance or quality use) is not upstream of it,
     * so dbt did not compile it, and there is nothing to inline.
     */
    private static String compiledSql(TaskContext context, Models models) throws Exception {
        String compiledMart = Files.readString(compiledFile(context.workDir(), models.path()));
        for (String staging : models.written()) {
            compiledMart = inline(compiledMart, staging, Files.readString(compiledFile(context.workDir(), staging)));
        }
        for (StagingReuse.Reused reused : models.reused()) {
            if (compiledMart.contains("\"" + reused.model() + "\"")) {
                compiledMart = inline(compiledMart, reused.path(), Files.readString(compiledFile(context.workDir(), reused.path())));
            }
        }
        return compiledMart;
    }

    /** Columns of a source that a sum or an average reads: they must be numbers even when empty. */
    private static Set<String> summedColumns(MartParts parts, String source) {
        Set<String> numeric = new HashSet<>();
        for (MartParts.Measure m : parts.measures()) {
            if (m.agg().readsNumbers()) {
                m.expr().columns().stream().filter(c -> c.source().equals(source))
                        .forEach(c -> numeric.add(c.column().toLowerCase(Locale.ROOT)));
            }
        }
        return numeric;
    }

    /**
     * The compiled mart with each staging view's compiled query in place of its relation, so the
     * compiled SQL reads the landing tables themselves: the cost step EXPLAINs it before any view
     * exists, and sees the tables a build really scans.
     */
    static String inline(String compiledMart, String stagingPath, String compiledStaging) {
        String name = stagingPath.substring(stagingPath.lastIndexOf('/') + 1).replace(".sql", "");
        String body = compiledStaging.strip();
        return compiledMart.replaceAll("(\"[^\"]*\"\\.){1,2}\"" + Pattern.quote(name) + "\"",
                Matcher.quoteReplacement("(\n" + body + "\n)"));
    }

    /** The compiled model, under dbt's target/compiled/<project name>/. */
    private static Path compiledFile(Path workDir, String modelPath) throws Exception {
        try (Stream<Path> projects = Files.list(workDir.resolve("target/compiled"))) {
            return projects.map(p -> p.resolve(modelPath)).filter(Files::isRegularFile).findFirst()
                    .orElseThrow(() -> new IllegalStateException("dbt compiled nothing at target/compiled/*/" + modelPath));
        }
    }

    /** The model step's relationships; the goal's own when the model step gave none. */
    private static List<Relationship> relationships(TaskContext context) {
        try {
            Relationships fromModel = context.upstream(StepKind.MODEL, Outputs.Model.class).relationships();
            return fromModel != null ? fromModel.all()
                    : Relationship.parseAll(Optional.ofNullable(context.goal().getRelationships()).orElse(List.of()));
        } catch (IllegalArgumentException e) {
            throw new MartModelException(e.getMessage());
        }
    }

    /** The model step's primary keys ({@code orders:id,customers:id}); the goal's declared ones otherwise. */
    private static Map<String, String> keys(TaskContext context) {
        Map<String, String> keys = new LinkedHashMap<>();
        KeyList fromModel = context.upstream(StepKind.MODEL, Outputs.Model.class).primaryKeys();
        if (fromModel != null) {
            keys.putAll(fromModel.bySource());
            return keys;
        }
        for (SourceSpec s : Optional.ofNullable(context.goal().getSources()).orElse(List.of())) {
            if (s.getPrimaryKey() != null && !s.getPrimaryKey().isBlank()) {
                keys.put(s.getName(), s.getPrimaryKey().trim());
            }
        }
        return keys;
    }
}
