package io.dea.platform.lineage;

import io.openlineage.client.OpenLineage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Lineage of one dbt invocation, read from what dbt wrote into {@code target/}: run_results.json
 * says which models were built and how it went, manifest.json what each one reads (its
 * {@code depends_on} sources and models) and its compiled SQL. Each built model becomes one run of
 * job {@code <task job>.<model>}, child of the task's run, with a START and a COMPLETE (or FAIL)
 * event at dbt's own timings; its output carries the relation's schema (from the warehouse, after
 * the build) and the column lineage derived from the compiled SQL ({@link ColumnLineage}).
 * Invocations that build nothing (compile, test, docs) have no lineage.
 */
public final class DbtLineage {

    private static final Logger log = LoggerFactory.getLogger(DbtLineage.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> BUILDING_COMMANDS = Set.of("run", "build");

    /**
     * Which task run the dbt invocation belongs to.
     *
     * @param jobName           the task's job ({@code <mart>.<step>}), parent of each model's job
     * @param taskId            with attempt and ordinal, the seed of each model run's id
     * @param ordinal           which dbt invocation of the task this is (a task may run dbt more than once)
     * @param warehouseLocation the DuckDB file dbt built into
     */
    public record Invocation(String jobName, String taskId, int attempt, int ordinal, String warehouseLocation) {
        UUID parentRunId() {
            return LineageEmitter.runId(taskId, attempt);
        }
    }

    /** A relation of the warehouse that dbt reads or writes. */
    private record Relation(String uniqueId, String schema, String identifier, String relationName, List<DatasetField> declared) {
    }

    private DbtLineage() {
    }

    /**
     * The events of the models the invocation built, in run_results order.
     *
     * @param schemas the columns of {@code (schema, table)} in the warehouse, empty when unknown
     */
    public static List<OpenLineage.RunEvent> events(OpenLineage ol, Path projectDir, Invocation invocation,
                                                    BiFunction<String, String, List<DatasetField>> schemas) throws IOException {
        Path runResults = projectDir.resolve("target/run_results.json");
        Path manifestFile = projectDir.resolve("target/manifest.json");
        if (!Files.exists(runResults) || !Files.exists(manifestFile)) {
            return List.of();
        }
        JsonNode results = JSON.readTree(runResults.toFile());
        if (!BUILDING_COMMANDS.contains(results.path("args").path("which").asString(""))) {
            return List.of();
        }
        JsonNode manifest = JSON.readTree(manifestFile.toFile());
        Map<String, List<DatasetField>> cache = new HashMap<>();
        BiFunction<String, String, List<DatasetField>> columns = (schema, table) ->
                cache.computeIfAbsent(schema + "." + table, k -> schemas.apply(schema, table));
        List<OpenLineage.RunEvent> events = new ArrayList<>();
        for (JsonNode result : results.path("results")) {
            String id = result.path("unique_id").asString("");
            String status = result.path("status").asString("");
            JsonNode node = manifest.path("nodes").path(id);
            if (!id.startsWith("model.") || node.isMissingNode() || !(status.equals("success") || status.equals("error"))) {
                continue;
            }
            events.addAll(modelEvents(ol, invocation, manifest, node, result, columns));
        }
        return events;
    }

    private static List<OpenLineage.RunEvent> modelEvents(OpenLineage ol, Invocation invocation, JsonNode manifest, JsonNode node,
                                                          JsonNode result, BiFunction<String, String, List<DatasetField>> columns) {
        Relation output = relation(node);
        String location = invocation.warehouseLocation();
        List<Relation> inputs = new ArrayList<>();
        for (JsonNode dependency : node.path("depends_on").path("nodes")) {
            JsonNode upstream = dependency.asString().startsWith("source.")
                    ? manifest.path("sources").path(dependency.asString()) : manifest.path("nodes").path(dependency.asString());
            if (!upstream.isMissingNode()) {
                inputs.add(relation(upstream));
            }
        }
        List<OpenLineage.InputDataset> inputDatasets = new ArrayList<>();
        for (Relation input : inputs) {
            DatasetRef ref = DatasetRef.relation(location, input.schema(), input.identifier());
            inputDatasets.add(ol.newInputDatasetBuilder().namespace(ref.namespace()).name(ref.name())
                    .facets(ol.newDatasetFacetsBuilder().schema(RunEvents.schema(ol, fields(input, columns))).build()).build());
        }
        DatasetRef outputRef = DatasetRef.relation(location, output.schema(), output.identifier());
        List<DatasetField> outputFields = fields(output, columns);
        OpenLineage.DatasetFacetsBuilder outputFacets = ol.newDatasetFacetsBuilder().schema(RunEvents.schema(ol, outputFields));
        String sql = node.path("compiled_code").asString(null);
        if (sql != null && !sql.isBlank()) {
            OpenLineage.ColumnLineageDatasetFacet lineage = columnLineage(ol, sql, location, inputs, outputFields, columns);
            if (lineage != null) {
                outputFacets.columnLineage(lineage);
            }
        }
        OpenLineage.OutputDataset outputDataset = ol.newOutputDatasetBuilder().namespace(outputRef.namespace())
                .name(outputRef.name()).facets(outputFacets.build()).build();

        String model = node.path("name").asString();
        String job = invocation.jobName() + "." + model;
        UUID runId = LineageEmitter.runId(invocation.taskId(), invocation.attempt(), "dbt", Integer.toString(invocation.ordinal()),
                node.path("unique_id").asString());
        boolean ok = result.path("status").asString().equals("success");
        Instant[] times = timing(result);
        OpenLineage.Run started = RunEvents.run(ol, runId, invocation.jobName(), invocation.parentRunId(), null);
        OpenLineage.Run ended = RunEvents.run(ol, runId, invocation.jobName(), invocation.parentRunId(),
                ok ? null : result.path("message").asString("dbt reported an error"));
        return List.of(
                RunEvents.event(ol, OpenLineage.RunEvent.EventType.START, times[0], started, RunEvents.job(ol, job),
                        inputDatasets, List.of(outputDataset)),
                RunEvents.event(ol, ok ? OpenLineage.RunEvent.EventType.COMPLETE : OpenLineage.RunEvent.EventType.FAIL, times[1],
                        ended, RunEvents.job(ol, job), inputDatasets, List.of(outputDataset)));
    }

    /**
     * The model's column lineage, mapped from the relations its SQL names to its input datasets;
     * null when the SQL cannot be read (logged: the events go out without the facet).
     */
    private static OpenLineage.ColumnLineageDatasetFacet columnLineage(OpenLineage ol, String sql, String location, List<Relation> inputs,
                                                                       List<DatasetField> outputFields,
                                                                       BiFunction<String, String, List<DatasetField>> columns) {
        Map<String, Relation> byWrittenName = new HashMap<>();
        for (Relation input : inputs) {
            String schemaTable = input.schema().toLowerCase(Locale.ROOT) + "." + input.identifier().toLowerCase(Locale.ROOT);
            byWrittenName.putIfAbsent(input.identifier().toLowerCase(Locale.ROOT), input);
            byWrittenName.put(schemaTable, input);
            if (input.relationName() != null) {
                byWrittenName.put(input.relationName(), input);
            }
        }
        Map<String, Map<ColumnLineage.Source, ColumnLineage.Kind>> derived;
        try {
            derived = ColumnLineage.derive(sql, written -> {
                Relation input = find(byWrittenName, written);
                return input == null ? List.of() : fields(input, columns).stream().map(DatasetField::name).toList();
            });
        } catch (Exception e) {
            log.info("no column lineage: the compiled SQL could not be read ({})", e.getMessage());
            return null;
        }
        Set<String> outputNames = new java.util.HashSet<>();
        outputFields.forEach(f -> outputNames.add(f.name().toLowerCase(Locale.ROOT)));
        OpenLineage.ColumnLineageDatasetFacetFieldsBuilder fields = ol.newColumnLineageDatasetFacetFieldsBuilder();
        derived.forEach((column, sources) -> {
            // Only columns the built relation has: an expression DuckDB named otherwise is not guessed at.
            if (!outputNames.isEmpty() && !outputNames.contains(column)) {
                return;
            }
            List<OpenLineage.InputField> inputFields = new ArrayList<>();
            sources.forEach((source, kind) -> {
                Relation input = find(byWrittenName, source.relation());
                DatasetRef ref = input != null ? DatasetRef.relation(location, input.schema(), input.identifier())
                        : writtenRelation(location, source.relation());
                inputFields.add(ol.newInputFieldBuilder().namespace(ref.namespace()).name(ref.name()).field(source.column())
                        .transformations(List.of(ol.newInputFieldTransformationsBuilder()
                                .type("DIRECT").subtype(kind.name()).build()))
                        .build());
            });
            fields.put(column, ol.newColumnLineageDatasetFacetFieldsAdditionalBuilder().inputFields(inputFields).build());
        });
        return ol.newColumnLineageDatasetFacetBuilder().fields(fields.build()).build();
    }

    /** A relation as written in SQL, found by its full name, then schema.table, then table. */
    private static Relation find(Map<String, Relation> byWrittenName, String written) {
        String[] parts = written.split("\\.");
        for (int from = 0; from < parts.length; from++) {
            Relation found = byWrittenName.get(String.join(".", java.util.Arrays.copyOfRange(parts, from, parts.length)));
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** A relation the SQL reads without a ref or source (dbt does not know it): named as written. */
    private static DatasetRef writtenRelation(String location, String written) {
        String[] parts = written.split("\\.");
        return parts.length >= 2 ? DatasetRef.relation(location, parts[parts.length - 2], parts[parts.length - 1])
                : new DatasetRef(DatasetRef.warehouseNamespace(location), written);
    }

    private static List<DatasetField> fields(Relation relation, BiFunction<String, String, List<DatasetField>> columns) {
        List<DatasetField> found = columns.apply(relation.schema(), relation.identifier());
        return found.isEmpty() ? relation.declared() : found;
    }

    private static Relation relation(JsonNode node) {
        String identifier = node.path("resource_type").asString("").equals("source")
                ? node.path("identifier").asString(node.path("name").asString())
                : node.path("alias").asString(node.path("name").asString());
        List<DatasetField> declared = new ArrayList<>();
        Map<String, JsonNode> columns = new LinkedHashMap<>();
        node.path("columns").properties().forEach(e -> columns.put(e.getKey(), e.getValue()));
        columns.forEach((name, column) -> declared.add(new DatasetField(name, column.path("data_type").asString(null))));
        String relationName = node.path("relation_name").asString(null);
        return new Relation(node.path("unique_id").asString(), node.path("schema").asString(), identifier,
                relationName == null ? null : relationName.replace("\"", "").toLowerCase(Locale.ROOT), declared);
    }

    /** When dbt started and finished the model (compile through execute); now when dbt did not say. */
    private static Instant[] timing(JsonNode result) {
        Instant start = null;
        Instant end = null;
        for (JsonNode step : result.path("timing")) {
            try {
                Instant s = Instant.parse(step.path("started_at").asString());
                Instant e = Instant.parse(step.path("completed_at").asString());
                start = start == null || s.isBefore(start) ? s : start;
                end = end == null || e.isAfter(end) ? e : end;
            } catch (RuntimeException e) {
                // A timing dbt did not fill in: the other steps, or now, stand for it.
            }
        }
        Instant now = Instant.now();
        return new Instant[] {start == null ? now : start, end == null ? now : end};
    }
}
