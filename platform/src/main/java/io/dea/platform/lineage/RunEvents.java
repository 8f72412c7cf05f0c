package io.dea.platform.lineage;

import io.openlineage.client.OpenLineage;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;

/** The pieces every lineage event here is made of, built with OpenLineage's own model classes. */
final class RunEvents {

    private RunEvents() {
    }

    static OpenLineage.Job job(OpenLineage ol, String name) {
        return ol.newJobBuilder().namespace(LineageEmitter.JOB_NAMESPACE).name(name).build();
    }

    /** A run, optionally the child of the task's run (a dbt model inside the task that ran dbt). */
    static OpenLineage.Run run(OpenLineage ol, UUID runId, String parentJob, UUID parentRunId, String error) {
        OpenLineage.RunFacetsBuilder facets = ol.newRunFacetsBuilder();
        if (parentRunId != null) {
            facets.parent(ol.newParentRunFacetBuilder()
                    .run(ol.newParentRunFacetRunBuilder().runId(parentRunId).build())
                    .job(ol.newParentRunFacetJobBuilder().namespace(LineageEmitter.JOB_NAMESPACE).name(parentJob).build())
                    .build());
        }
        if (error != null) {
            facets.errorMessage(ol.newErrorMessageRunFacetBuilder().message(error).programmingLanguage("SQL").build());
        }
        return ol.newRunBuilder().runId(runId).facets(facets.build()).build();
    }

    static OpenLineage.SchemaDatasetFacet schema(OpenLineage ol, List<DatasetField> fields) {
        return ol.newSchemaDatasetFacetBuilder()
                .fields(fields.stream().map(f -> ol.newSchemaDatasetFacetFieldsBuilder().name(f.name()).type(f.type()).build()).toList())
                .build();
    }

    static OpenLineage.RunEvent event(OpenLineage ol, OpenLineage.RunEvent.EventType type, Instant at, OpenLineage.Run run,
                                      OpenLineage.Job job, List<OpenLineage.InputDataset> inputs,
                                      List<OpenLineage.OutputDataset> outputs) {
        return ol.newRunEventBuilder()
                .eventType(type)
                .eventTime(ZonedDateTime.ofInstant(at, ZoneOffset.UTC))
                .run(run)
                .job(job)
                .inputs(inputs)
                .outputs(outputs)
                .build();
    }
}
