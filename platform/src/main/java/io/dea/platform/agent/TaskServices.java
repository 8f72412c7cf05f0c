package io.dea.platform.agent;

import io.dea.events.v1.TaskRequested;
import io.dea.platform.artifact.ArtifactStore;
import io.dea.platform.dbt.Dbt;
import io.dea.platform.event.EventFactory;
import io.dea.platform.event.EventSink;
import io.dea.platform.lineage.LineageEmitter;
import io.dea.platform.llm.LanguageModel;
import io.dea.platform.tool.ToolAudit;
import io.dea.platform.warehouse.Warehouse;
import java.nio.file.Path;

/**
 * The services every task of one agent shares, built once per service (PlatformAutoConfiguration)
 * or once per test; {@link #context} gives a task its own {@link TaskContext} over them. {@code model} is
 * null when no language model is configured ({@code dea.llm.provider}).
 */
public record TaskServices(EventSink sink, EventFactory events, ToolAudit audit, Warehouse warehouse,
                           ArtifactStore artifacts, Dbt dbt, Path workRoot, LineageEmitter lineage, LanguageModel model) {

    /** Services without a language model: every agent on its deterministic path. */
    public TaskServices(EventSink sink, EventFactory events, ToolAudit audit, Warehouse warehouse,
                        ArtifactStore artifacts, Dbt dbt, Path workRoot, LineageEmitter lineage) {
        this(sink, events, audit, warehouse, artifacts, dbt, workRoot, lineage, null);
    }

    public TaskContext context(TaskRequested task) {
        return new TaskContext(task, sink, events, audit, warehouse, artifacts, dbt, workRoot, lineage, model);
    }
}
