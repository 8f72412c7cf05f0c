package io.dea.platform.lineage;

import io.dea.events.v1.TaskRequested;
import io.dea.platform.goal.Identifiers;
import io.dea.platform.warehouse.SqlText;
import io.dea.platform.warehouse.Warehouse;
import io.openlineage.client.OpenLineage;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The lineage of one task: job {@code <mart>.<step>} in namespace {@value LineageEmitter#JOB_NAMESPACE},
 * run id derived from the task id and attempt. A handler reports a load ({@link #load}); dbt runs are
 * reported by {@link io.dea.platform.agent.TaskContext#dbt} itself. Nothing here throws: see
 * {@link LineageEmitter}.
 */
public final class TaskLineage {

    private final LineageEmitter emitter;
    private final TaskRequested task;
    private final Warehouse warehouse;
    private final AtomicInteger dbtInvocations = new AtomicInteger();

    public TaskLineage(LineageEmitter emitter, TaskRequested task, Warehouse warehouse) {
        this.emitter = emitter;
        this.task = task;
        this.warehouse = warehouse;
    }

    /** {@code <mart>.<step>}, or {@code <plan>.<step>} for a goal without a usable mart name. */
    public String jobName() {
        var mart = task.getGoal() == null ? null : task.getGoal().getMart();
        String prefix = mart != null && Identifiers.isSafe(mart.getName()) ? mart.getName() : task.getMeta().getPlanId();
        return prefix + "." + task.getStep();
    }

    public UUID runId() {
        return LineageEmitter.runId(task.getTaskId(), task.getAttempt());
    }

    /**
     * A load of one source into a warehouse table: a START at {@code startedAt} and a COMPLETE now,
     * reading {@code input} and writing the table with its schema as the warehouse has it now.
     */
    public void load(DatasetRef input, Long inputBytes, String schema, String table, Instant startedAt, Long rowsLoaded) {
        emitter.emit(task.getMeta().getPlanId(), "load of " + schema + "." + table, () -> {
            OpenLineage ol = emitter.openLineage();
            OpenLineage.InputDataset in = ol.newInputDatasetBuilder().namespace(input.namespace()).name(input.name())
                    .inputFacets(ol.newInputDatasetInputFacetsBuilder()
                            .inputStatistics(ol.newInputStatisticsInputDatasetFacetBuilder().size(inputBytes).build()).build())
                    .build();
            DatasetRef written = DatasetRef.relation(warehouse.location(), schema, table);
            OpenLineage.OutputDataset out = ol.newOutputDatasetBuilder().namespace(written.namespace()).name(written.name())
                    .facets(ol.newDatasetFacetsBuilder().schema(RunEvents.schema(ol, columns(schema, table))).build())
                    .outputFacets(ol.newOutputDatasetOutputFacetsBuilder()
                            .outputStatistics(ol.newOutputStatisticsOutputDatasetFacetBuilder().rowCount(rowsLoaded).build()).build())
                    .build();
            OpenLineage.Run run = RunEvents.run(ol, runId(), null, null, null);
            OpenLineage.Job job = RunEvents.job(ol, jobName());
            return List.of(
                    RunEvents.event(ol, OpenLineage.RunEvent.EventType.START, startedAt, run, job, List.of(in), List.of(out)),
                    RunEvents.event(ol, OpenLineage.RunEvent.EventType.COMPLETE, Instant.now(), run, job, List.of(in), List.of(out)));
        });
    }

    /**
     * The models one dbt invocation built, read from the project's {@code target/} (see {@link DbtLineage}).
     * A run_results.json older than {@code startedAt} is an earlier invocation's (dbt stopped before
     * writing its own), so it is not reported again.
     */
    public void dbt(Path projectDir, Instant startedAt) {
        int ordinal = dbtInvocations.incrementAndGet();
        DbtLineage.Invocation invocation = new DbtLineage.Invocation(jobName(), task.getTaskId(), task.getAttempt(), ordinal,
                warehouse.location());
        emitter.emit(task.getMeta().getPlanId(), "dbt invocation " + ordinal + " of " + jobName(), () -> {
            try {
                Path runResults = projectDir.resolve("target/run_results.json");
                if (!java.nio.file.Files.exists(runResults)
                        || java.nio.file.Files.getLastModifiedTime(runResults).toInstant().isBefore(startedAt.minusSeconds(1))) {
                    return List.of();
                }
                return DbtLineage.events(emitter.openLineage(), projectDir, invocation, this::columns);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /** The columns of a relation as the warehouse has them; empty when it has no such relation. */
    List<DatasetField> columns(String schema, String table) {
        var result = warehouse.query("SELECT column_name, data_type FROM information_schema.columns WHERE lower(table_schema) = lower("
                + SqlText.literal(schema) + ") AND lower(table_name) = lower(" + SqlText.literal(table) + ") ORDER BY ordinal_position");
        List<DatasetField> fields = new ArrayList<>();
        result.rows().forEach(row -> fields.add(new DatasetField(String.valueOf(row.get(0)), String.valueOf(row.get(1)))));
        return fields;
    }
}
