package io.dea.bench;

import io.dea.events.v1.GoalSpec;
import io.dea.events.v1.TaskProgress;
import io.dea.events.v1.StepKind;
import io.dea.events.v1.TaskRequested;
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
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Loading a CSV far larger than the heap through the real ingestion handler: the file is generated
 * (streamed to disk, never held), then {@code ingest_orders} loads it into a DuckDB warehouse while a
 * sampler records the heap. DuckDB reads the file itself, so the JVM's heap should stay flat however
 * large the file; the figures show whether it does. Run it with a small heap ({@code bench/run.sh}
 * gives this harness {@code -Xmx256m}).
 *
 * <p>Usage: {@code bench/run.sh LargeLoadBench [size, default 5GB] [directory, default a temp dir]}.
 * An existing {@code orders.csv} of at least the size in the directory is reused.
 */
public final class LargeLoadBench {

    private static final String[] STATUSES = {"paid", "returned", "shipped", "pending"};

    public static void main(String[] args) throws Exception {
        long size = parseSize(args.length > 0 ? args[0] : "5GB");
        Path dir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("dea-large-load");
        Files.createDirectories(dir);
        Path csv = dir.resolve("data").resolve("orders.csv");
        Files.createDirectories(csv.getParent());

        HeapSampler heap = new HeapSampler();
        if (Files.exists(csv) && Files.size(csv) >= size) {
            System.out.printf("reusing %s (%s)%n", csv, mb(Files.size(csv)));
        } else {
            long t0 = System.nanoTime();
            long rows = generate(csv, size);
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("generated %s: %,d rows, %s in %.1f s (%.0f MB/s)%n", csv, rows, mb(Files.size(csv)), s,
                    Files.size(csv) / 1e6 / s);
        }
        System.out.printf("generation peak heap used (sampled): %s of max %s%n", mb(heap.peak()), mb(Runtime.getRuntime().maxMemory()));

        Path home = dir.resolve("run-" + System.currentTimeMillis());
        // Locked down like the ingestion service: it may read the bench directory (the CSV and the HTTP spool).
        DuckDbWarehouse warehouse = new DuckDbWarehouse(home.resolve("warehouse.duckdb"), false, java.util.List.of(dir));
        EventFactory events = new EventFactory("bench", "bench-1");
        long start = System.nanoTime();
        EventSink sink = (topic, key, event) -> {
            if (event instanceof TaskProgress p) {
                System.out.printf("  %6.1f s  %s  (heap used %s)%n", (System.nanoTime() - start) / 1e9, p.getMessage(),
                        mb(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed()));
            }
        };
        GoalSpec goal = GoalYaml.parse("goal: large load\nsources:\n  - {name: orders, format: csv, location: data/orders.csv}\n");
        TaskRequested task = TaskRequested.newBuilder()
                .setMeta(events.meta("trace-bench", "bench", "bench"))
                .setTaskId("bench:ingest_orders").setAttempt(1).setStep("ingest_orders").setAgent("ingestion")
                .setKind(StepKind.INGEST).setSource("orders")
                .setGoal(goal).setBranch(DataProject.branch("bench")).setEnvironment(Environment.DEV)
                .setInputs(new HashMap<>()).setDeadline(Instant.now().plusSeconds(86_400)).build();
        TaskContext context = new TaskServices(sink, events, new ToolAudit(sink, events), warehouse,
                new ArtifactStore(home.resolve("project")), new Dbt("dbt", warehouse), home.resolve("work"), LineageEmitter.none())
                .context(task);

        heap.reset();
        List<GarbageCollectorMXBean> gcs = ManagementFactory.getGarbageCollectorMXBeans();
        long gcCount = gcs.stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
        long gcMillis = gcs.stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
        long t0 = System.nanoTime();
        TaskOutcome outcome = new IngestionHandler(dir.toString()).handle(context);
        double seconds = (System.nanoTime() - t0) / 1e9;
        heap.stop();

        long bytes = Long.parseLong(outcome.outputs().getOrDefault("bytes", "0"));
        System.out.println();
        System.out.println("outcome:          " + outcome.outcome() + ": " + outcome.summary());
        System.out.printf("rows:             %,d%n", Long.parseLong(outcome.outputs().getOrDefault("rows", "0")));
        System.out.printf("bytes:            %,d (%s)%n", bytes, mb(bytes));
        System.out.printf("elapsed:          %.1f s%n", seconds);
        System.out.printf("throughput:       %.1f MB/s%n", bytes / 1e6 / seconds);
        System.out.printf("heap max (-Xmx):  %s%n", mb(Runtime.getRuntime().maxMemory()));
        System.out.printf("peak heap used:   %s sampled every 10 ms; %s by the pools' own peaks (sum, an upper bound)%n",
                mb(heap.peak()), mb(poolPeaks()));
        System.out.printf("GC during load:   %d collections, %d ms%n",
                gcs.stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).sum() - gcCount,
                gcs.stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).sum() - gcMillis);
        System.out.printf("peak process RSS: %s (VmHWM: JVM plus DuckDB's native memory)%n", peakRss());
        System.out.printf("warehouse file:   %s%n", mb(Files.size(home.resolve("warehouse.duckdb"))));
        System.out.printf("java %s, %d cores%n", System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        System.exit(0);
    }

    /** Writes rows until the file reaches the size; one reused buffer, so the heap stays small here too. */
    static long generate(Path csv, long size) throws IOException {
        SplittableRandom random = new SplittableRandom(42);
        LocalDateTime epoch = LocalDateTime.of(2024, 1, 1, 0, 0);
        StringBuilder row = new StringBuilder(128);
        long written = 0;
        long rows = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(csv), 1 << 20)) {
            byte[] header = "id,customer_id,amount,status,created_at,note\n".getBytes(StandardCharsets.US_ASCII);
            out.write(header);
            written += header.length;
            while (written < size) {
                rows++;
                row.setLength(0);
                row.append(rows).append(',').append(random.nextInt(1_000_000)).append(',')
                        .append(random.nextInt(100_000) / 100.0).append(',').append(STATUSES[random.nextInt(STATUSES.length)]).append(',')
                        .append(epoch.plusSeconds(rows * 7).toString().replace('T', ' ')).append(",order note ")
                        .append(Long.toHexString(random.nextLong())).append('\n');
                byte[] bytes = row.toString().getBytes(StandardCharsets.US_ASCII);
                out.write(bytes);
                written += bytes.length;
            }
        }
        return rows;
    }

    /** Samples heap use; the pools' own peaks are summed separately (their peaks need not coincide). */
    static final class HeapSampler {
        private final AtomicLong peak = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);

        HeapSampler() {
            Thread t = new Thread(() -> {
                while (running.get()) {
                    peak.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-sampler");
            t.setDaemon(true);
            t.start();
        }

        void reset() {
            System.gc();
            peak.set(0);
            ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        }

        long peak() {
            return peak.get();
        }

        void stop() {
            running.set(false);
        }
    }

    private static long poolPeaks() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }

    private static String peakRss() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM"))
                    .map(l -> l.replaceAll("VmHWM:\\s*", "")).findFirst().orElse("n/a");
        } catch (IOException e) {
            return "n/a";
        }
    }

    static long parseSize(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        long unit = t.endsWith("GB") ? 1L << 30 : t.endsWith("MB") ? 1L << 20 : t.endsWith("KB") ? 1L << 10 : 1;
        return (long) (Double.parseDouble(t.replaceAll("[A-Z]+$", "")) * unit);
    }

    private static String mb(long bytes) {
        return String.format("%.1f MB", bytes / 1048576.0);
    }
}
