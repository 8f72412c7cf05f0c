package io.dea.bench;

import io.dea.events.v1.GoalSpec;
import io.dea.events.v1.StepKind;
import io.dea.events.v1.TaskProgress;
import io.dea.events.v1.TaskRequested;
import io.dea.events.v1.ToolCallAudited;
import io.dea.ingestion.IngestionHandler;
import io.dea.platform.agent.TaskContext;
import io.dea.platform.agent.TaskOutcome;
import io.dea.platform.agent.TaskServices;
import io.dea.platform.artifact.ArtifactStore;
import io.dea.platform.artifact.DataProject;
import io.dea.platform.dbt.Dbt;
import io.dea.platform.event.EventFactory;
import io.dea.platform.event.EventSink;
import io.dea.platform.goal.Environment;
import io.dea.platform.goal.GoalYaml;
import io.dea.platform.lineage.LineageEmitter;
import io.dea.platform.tool.ToolAudit;
import io.dea.platform.warehouse.DuckDbWarehouse;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.stream.Stream;

/**
 * The project's load of the file: the real ingestion handler on step {@code ingest_orders} against a
 * fresh warehouse and data project, locked down as the service runs it. Every tool call it audits is
 * kept, so a run says where its time went.
 */
final class ProjectLoad {

    /** One load: its time, what the handler said, and its audited tool calls in order. */
    record Result(double seconds, TaskOutcome outcome, long warehouseBytes, List<ToolCallAudited> tools) {

        long rows() {
            return Long.parseLong(outcome.outputs().getOrDefault("rows", "0"));
        }

        long bytes() {
            return Long.parseLong(outcome.outputs().getOrDefault("bytes", "0"));
        }
    }

    private ProjectLoad() {
    }

    static Result run(Path dir, boolean showProgress) throws Exception {
        Path home = dir.resolve("run-" + System.currentTimeMillis());
        // Locked down like the ingestion service: it may read the bench directory (the CSV and the HTTP spool).
        DuckDbWarehouse warehouse = new DuckDbWarehouse(home.resolve("warehouse.duckdb"), false, List.of(dir));
        List<ToolCallAudited> tools = new ArrayList<>();
        long start = System.nanoTime();
        EventSink sink = (topic, key, event) -> {
            if (event instanceof ToolCallAudited audit) {
                tools.add(audit);
            } else if (showProgress && event instanceof TaskProgress p) {
                System.out.printf("  %6.1f s  %s  (heap used %s)%n", (System.nanoTime() - start) / 1e9, p.getMessage(),
                        LargeLoadBench.mb(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed()));
            }
        };
        TaskContext context = context(sink, warehouse, home);
        long t0 = System.nanoTime();
        TaskOutcome outcome = new IngestionHandler(dir.toString()).handle(context);
        double seconds = (System.nanoTime() - t0) / 1e9;
        long warehouseBytes = Files.size(home.resolve("warehouse.duckdb"));
        delete(home);
        return new Result(seconds, outcome, warehouseBytes, tools);
    }

    private static TaskContext context(EventSink sink, DuckDbWarehouse warehouse, Path home) {
        EventFactory events = new EventFactory("bench", "bench-1");
        GoalSpec goal = GoalYaml.parse("goal: large load\nsources:\n  - {name: orders, format: csv, location: data/orders.csv}\n");
        TaskRequested task = TaskRequested.newBuilder()
                .setMeta(events.meta("trace-bench", "bench", "bench"))
                .setTaskId("bench:ingest_orders").setAttempt(1).setStep("ingest_orders").setAgent("ingestion")
                .setKind(StepKind.INGEST).setSource("orders")
                .setGoal(goal).setBranch(DataProject.branch("bench")).setEnvironment(Environment.DEV)
                .setInputs(new HashMap<>()).setDeadline(Instant.now().plusSeconds(86_400)).build();
        return new TaskServices(sink, events, new ToolAudit(sink, events), warehouse,
                new ArtifactStore(home.resolve("project")), new Dbt("dbt", warehouse), home.resolve("work"), LineageEmitter.none())
                .context(task);
    }

    /** The run's warehouse and data project go: the disk is needed for the next round. */
    private static void delete(Path home) throws IOException {
        try (Stream<Path> paths = Files.walk(home)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
