package io.dea.modeling.intake;

import io.dea.events.v1.SourceSpec;
import io.dea.events.v1.StepKind;
import io.dea.orchestrator.plan.GoalValidator;
import io.dea.platform.agent.TaskOutcome;
import io.dea.platform.artifact.ArtifactStore;
import io.dea.platform.artifact.DataProject;
import io.dea.platform.goal.GoalYaml;
import io.dea.platform.source.FileColumns;
import io.dea.platform.source.FileFormat;
import io.dea.platform.step.StepRef;
import io.dea.platform.testing.TestTasks;
import io.dea.modeling.ModelingHandler;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A schema's CSVs landed in a real DuckDB warehouse as landing.<table>, the way ingestion lands them
 * (same reader), with the connector configs ingestion commits on main; and the orchestrator's
 * GoalValidator, reading the CSV headers with DuckDB as the orchestrator's FileSourceColumns does.
 * The demo shop (examples/daily-revenue/data: orders, payments, customers) is one such schema.
 */
final class LandedSchema {

    static final Path DATA = Path.of("..", "examples", "daily-revenue", "data").toAbsolutePath().normalize();
    static final EvalSchema SHOP = EvalSchema.ofFiles("shop", DATA, List.of("orders", "payments", "customers"));

    final TestTasks tasks;
    private final ModelingHandler handler = new ModelingHandler();

    /** The demo shop landed. */
    LandedSchema(Path home) {
        this(home, SHOP);
    }

    LandedSchema(Path home, EvalSchema schema) {
        Path data = schema.land(home);
        tasks = new TestTasks(home, data);
        sql("CREATE SCHEMA landing");
        Map<String, String> connectors = new LinkedHashMap<>();
        for (String source : schema.tableNames()) {
            Path file = data.resolve(source + ".csv");
            tasks.warehouse.withConnection(c -> {
                String reader = FileColumns.reader(c, FileFormat.CSV, List.of(file));
                c.createStatement().execute("CREATE TABLE landing." + source + " AS SELECT * FROM " + reader);
                return null;
            });
            connectors.put(DataProject.connector(source), "# Connector of source " + source + ", written by the ingestion agent.\n"
                    + "source: " + source + "\nformat: csv\nlocation: " + file + "\ntarget: landing." + source
                    + "\nload_mode: new files\nfiles_table: dea_meta.loaded_files\n");
        }
        tasks.artifacts.commit(ArtifactStore.MAIN, connectors, "connectors of the " + schema.name() + " sources", "ingestion");
    }

    /** The intake step of a goal given as YAML, run by the modeling agent's handler. */
    TaskOutcome intake(String planId, String goalYaml) throws Exception {
        return handler.handle(tasks.context(tasks.task(planId, StepRef.of(StepKind.INTAKE), "modeling", TestTasks.goal(goalYaml), Map.of())));
    }

    TaskOutcome intakeWords(String planId, String words) throws Exception {
        return intake(planId, "goal: \"" + words.replace("\"", "\\\"") + "\"\n");
    }

    void sql(String... statements) {
        tasks.warehouse.withConnection(c -> {
            for (String s : statements) {
                c.createStatement().execute(s);
            }
            return null;
        });
    }

    /** What the orchestrator would say of the goal: no reasons when it can be planned. */
    static List<String> validate(String goalYaml) {
        return new GoalValidator(LandedSchema::columns).reasons("intake-check", GoalYaml.parse(goalYaml));
    }

    /** A file source's header names, read with DuckDB's CSV reader as FileSourceColumns reads them. */
    private static Optional<Set<String>> columns(SourceSpec source) {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
            String reader = FileColumns.reader(c, FileFormat.of(source.getFormat()).orElseThrow(), List.of(Path.of(source.getLocation())));
            return Optional.of(FileColumns.describe(c, reader).stream().map(FileColumns.Column::name).collect(Collectors.toSet()));
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
