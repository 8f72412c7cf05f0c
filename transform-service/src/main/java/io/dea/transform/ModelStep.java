package io.dea.transform;

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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Step {@code transform}: writes {@code models/<mart>/<mart>.sql} from the goal and the model step's
 * keys and relationships, then has dbt compile it, so a broken model fails here and not at apply.
 */
final class ModelStep {

    private ModelStep() {
    }

    static TaskOutcome run(TaskContext context) throws Exception {
        GoalSpec goal = context.goal();
        if (goal.getMart() == null) {
            return TaskOutcome.failed("the goal has no mart to transform", "no mart");
        }
        List<String> sources = Optional.ofNullable(goal.getSources()).orElse(List.of()).stream()
                .map(s -> Identifiers.require("source name", s.getName())).toList();
        String mart = Identifiers.require("mart name", goal.getMart().getName());
        MartSql.Generated model;
        try {
            JoinGraph graph = new JoinGraph(sources, relationships(context));
            LandingColumns columns = context.tool("duckdb.sql", "columns of landing." + String.join(", landing.", sources),
                    () -> context.warehouse().withConnection(c -> LandingColumns.read(c, sources)));
            MartParts parts = MartParts.of(goal.getMart(), graph, columns);
            model = MartSql.generate(parts, graph, keys(context), columns, DataProject.sourceName(mart));
        } catch (MartModelException e) {
            return TaskOutcome.failed("cannot model mart " + mart + ": " + e.getMessage(), e.getMessage());
        }

        String path = DataProject.modelDir(mart) + "/" + mart + ".sql";
        var artifacts = context.commit("dbt model of mart " + mart, List.of(new ArtifactFile("dbt_model", path, model.sql())));
        context.progress("compiling " + path + " with dbt", 0.5);
        Dbt.DbtResult compiled = context.dbt(DataProject.sandboxSchema(context.planId()), List.of("compile", "--select", mart));
        if (!compiled.ok()) {
            return TaskOutcome.failed("dbt could not compile " + path, compiled.tail(30)).withArtifacts(artifacts);
        }
        String sql = context.tool("file.read", "target/compiled/*/" + path, () -> Files.readString(compiledFile(context.workDir(), path)));
        return TaskOutcome.succeeded("wrote and compiled " + path + ": " + String.join("; ", model.plan()))
                .withOutput("model_path", path)
                .withOutput("compiled_sql", sql)
                .withOutput("grain_columns", String.join(",", model.grainColumns()))
                .withArtifacts(artifacts);
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
        String fromModel = context.input("model", "relationships");
        if (fromModel != null) {
            return Relationship.parseAll(Arrays.asList(fromModel.split(";")));
        }
        return Relationship.parseAll(Optional.ofNullable(context.goal().getRelationships()).orElse(List.of()));
    }

    /** The model step's primary keys ({@code orders:id,customers:id}); the goal's declared ones otherwise. */
    private static Map<String, String> keys(TaskContext context) {
        Map<String, String> keys = new LinkedHashMap<>();
        String fromModel = context.input("model", "primary_keys");
        if (fromModel != null) {
            for (String pair : fromModel.split(",")) {
                int colon = pair.indexOf(':');
                if (colon > 0) {
                    keys.put(pair.substring(0, colon).trim(), pair.substring(colon + 1).trim());
                }
            }
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
