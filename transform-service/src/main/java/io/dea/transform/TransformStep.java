package io.dea.transform;

import io.dea.platform.goal.Relationships;
import io.dea.platform.goal.KeyList;
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
import java.util.stream.Collectors;
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
                          MartSql.Generated model, Materialization.Choice choice, List<String> names) {
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
        List<ArtifactFile> files = new ArrayList<>();
        List<String> materialized = new ArrayList<>();
        List<String> casts = new ArrayList<>();
        Materialization.Choice view = Materialization.staging();
        for (String source : sources) {
            Staging.Model stg = staging.render(source, summedColumns(parts, source));
            files.add(new ArtifactFile("dbt_model", stg.path(), stg.sql()));
            materialized.add(stg.name() + "=" + view.kind());
            casts.addAll(stg.casts());
        }
        String largest = sources.stream().max(Comparator.comparingLong(columns::rows)).orElseThrow();
        Materialization.Choice choice = Materialization.mart(parts, columns.rows(largest), largest, goal.getSchedule(), incrementalRows);
        materialized.add(mart + "=" + choice.kind());
        MartSql.Generated model = MartSql.generate(parts, graph, keys(context), staging, choice);
        String path = DataProject.modelDir(mart) + "/" + mart + ".sql";
        files.add(new ArtifactFile("dbt_model", path, model.sql()));
        return new Models(mart, path, files, materialized, casts, model, choice, parts.names(staging));
    }

    /** Commits the models to the plan's branch and has dbt compile them, so a broken model fails here. */
    private static TaskOutcome writeAndCompile(TaskContext context, Models models) throws Exception {
        String mart = models.mart();
        var artifacts = context.commit("dbt staging and mart models of " + mart, models.files());
        context.progress("compiling " + DataProject.modelDir(mart) + " with dbt", 0.5);
        Dbt.DbtResult compiled = context.dbt(DataProject.sandboxSchema(context.planId()),
                List.of("compile", "--select", DataProject.modelDir(mart)));
        if (!compiled.ok()) {
            return TaskOutcome.failed("dbt could not compile " + models.path() + ": " + compiled.reason("see the log"), compiled.detail())
                    .withArtifacts(artifacts);
        }
        String sql = context.tool("fs.read", "target/compiled/*/" + DataProject.modelDir(mart), () -> compiledSql(context, models));
        String stagingModels = models.files().stream().filter(f -> f.path().contains("/staging/"))
                .map(ArtifactFile::path).collect(Collectors.joining(","));
        Materialization.Choice choice = models.choice();
        List<String> casts = models.casts();
        return TaskOutcome.succeeded("wrote and compiled " + models.path() + " over " + (models.files().size() - 1) + " staging views: "
                        + String.join("; ", models.model().plan()) + ". Materialized as " + choice.kind() + ": " + choice.reason()
                        + (casts.isEmpty() ? "" : ". Casts: " + String.join("; ", casts))
                        + (models.names().isEmpty() ? "" : ". Names: " + String.join("; ", models.names())))
                .withOutputs(new Outputs.Transform(models.path(), stagingModels, String.join(",", models.materialized()),
                        choice.reason(), String.join("; ", casts), sql, models.model().grainColumns(),
                        models.names()))
                .withArtifacts(artifacts);
    }

    /** The compiled mart with every staging view's compiled query inlined ({@link #inline}). */
    private static String compiledSql(TaskContext context, Models models) throws Exception {
        String compiledMart = Files.readString(compiledFile(context.workDir(), models.path()));
        for (ArtifactFile f : models.files()) {
            if (!f.path().equals(models.path())) {
                compiledMart = inline(compiledMart, f.path(), Files.readString(compiledFile(context.workDir(), f.path())));
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
