package io.dea.platform.lineage;

import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineage.RunEvent.EventType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Hand-made RunEvents shaped like the ones loads and dbt runs emit (see TaskLineage, DbtLineage), for tests of what reads them. */
public final class LineageGraphEvents {

    public static final String WAREHOUSE = "/data/warehouse.duckdb";
    private static final OpenLineage OL = new OpenLineage(LineageEmitter.PRODUCER);

    private LineageGraphEvents() {
    }

    public static DatasetRef table(String schemaTable) {
        String[] parts = schemaTable.split("\\.");
        return DatasetRef.relation(WAREHOUSE, parts[0], parts[1]);
    }

    /** A completed load of a source into a landing table. */
    public static OpenLineage.RunEvent load(String job, Instant at, DatasetRef source, String landing) {
        return event(EventType.COMPLETE, job, UUID.randomUUID(), null, at, List.of(source), table(landing), Map.of());
    }

    /** A completed dbt model run (a child of its task's run) with column lineage {@code column -> [from table, from column, kind]}. */
    public static OpenLineage.RunEvent model(EventType type, String job, Instant at, List<String> inputs, String output,
                                      Map<String, List<String[]>> columns) {
        return event(type, job, UUID.randomUUID(), UUID.randomUUID(), at, inputs.stream().map(LineageGraphEvents::table).toList(),
                table(output), columns);
    }

    public static OpenLineage.RunEvent model(String job, Instant at, List<String> inputs, String output) {
        return model(EventType.COMPLETE, job, at, inputs, output, Map.of());
    }

    public static OpenLineage.RunEvent event(EventType type, String job, UUID runId, UUID parentRunId, Instant at, List<DatasetRef> inputs,
                                      DatasetRef output, Map<String, List<String[]>> columns) {
        List<OpenLineage.InputDataset> in = inputs.stream()
                .map(ref -> OL.newInputDatasetBuilder().namespace(ref.namespace()).name(ref.name()).build()).toList();
        OpenLineage.DatasetFacetsBuilder facets = OL.newDatasetFacetsBuilder();
        if (!columns.isEmpty()) {
            facets.columnLineage(columnLineage(columns));
        }
        OpenLineage.OutputDataset out = OL.newOutputDatasetBuilder().namespace(output.namespace()).name(output.name())
                .facets(facets.build()).build();
        String parentJob = parentRunId == null ? null : job.substring(0, job.lastIndexOf('.'));
        return RunEvents.event(OL, type, at, RunEvents.run(OL, runId, parentJob, parentRunId, null), RunEvents.job(OL, job), in,
                List.of(out));
    }

    private static OpenLineage.ColumnLineageDatasetFacet columnLineage(Map<String, List<String[]>> columns) {
        OpenLineage.ColumnLineageDatasetFacetFieldsBuilder fields = OL.newColumnLineageDatasetFacetFieldsBuilder();
        new LinkedHashMap<>(columns).forEach((column, sources) -> {
            List<OpenLineage.InputField> inputFields = new ArrayList<>();
            for (String[] source : sources) {
                DatasetRef ref = table(source[0]);
                inputFields.add(OL.newInputFieldBuilder().namespace(ref.namespace()).name(ref.name()).field(source[1])
                        .transformations(List.of(OL.newInputFieldTransformationsBuilder().type("DIRECT").subtype(source[2]).build()))
                        .build());
            }
            fields.put(column, OL.newColumnLineageDatasetFacetFieldsAdditionalBuilder().inputFields(inputFields).build());
        });
        return OL.newColumnLineageDatasetFacetBuilder().fields(fields.build()).build();
    }
}
