package io.dea.bench;

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
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Loading a CSV far larger than the heap through the real ingestion handler, side by side with DuckDB
 * alone on the same file in the same run. The file is generated (streamed to disk, never held), then
 * each round loads it twice: once by DuckDB alone ({@link NativeLoad}: a fresh database file,
 * {@code CREATE TABLE t AS SELECT * FROM read_csv_auto(file)}) and once by {@code ingest_orders}
 * through the handler ({@link ProjectLoad}), while a sampler records the heap. The order alternates
 * (native first in odd rounds, project first in even ones), so neither always gets the page cache the
 * other warmed; the ratio is native time over project time, of the best of each and of the sums.
 * Run it with a small heap ({@code bench/run.sh} gives this harness {@code -Xmx256m}).
 *
 * <p>Usage: {@code bench/run.sh LargeLoadBench [size, default 5GB] [directory, default a temp dir] [rounds, default 2]}.
 * An existing {@code orders.csv} of at least the size in the directory is reused.
 */
public final class LargeLoadBench {

    private static final String[] STATUSES = {"paid", "returned", "shipped", "pending"};

    public static void main(String[] args) throws Exception {
        long size = parseSize(args.length > 0 ? args[0] : "5GB");
        Path dir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("dea-large-load");
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        Path csv = dir.resolve("data").resolve("orders.csv");
        Files.createDirectories(csv.getParent());
        HeapSampler heap = new HeapSampler();
        prepare(csv, size);
        System.out.printf("generation peak heap used (sampled): %s of max %s%n", mb(heap.peak()), mb(Runtime.getRuntime().maxMemory()));
        String loadBefore = loadAverage();
        List<NativeLoad.Result> natives = new ArrayList<>();
        List<ProjectLoad.Result> projects = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            boolean nativeFirst = round % 2 == 1;
            if (nativeFirst) {
                natives.add(NativeLoad.run(dir, csv));
            }
            heap.reset();
            boolean showProgress = round == 1;
            projects.add(measured(heap, () -> ProjectLoad.run(dir, showProgress)));
            if (!nativeFirst) {
                natives.add(NativeLoad.run(dir, csv));
            }
            System.out.printf("round %d (%s first): native %.2f s, project %.2f s, ratio %.2f%n", round, nativeFirst ? "native" : "project",
                    natives.get(round - 1).seconds(), projects.get(round - 1).seconds(),
                    natives.get(round - 1).seconds() / projects.get(round - 1).seconds());
        }
        heap.stop();
        report(natives, projects, heap, loadBefore);
        System.exit(0);
    }

    @FunctionalInterface
    private interface Load {
        ProjectLoad.Result run() throws Exception;
    }

    /** The project's load with the heap sampled and the collections it caused counted. */
    private static ProjectLoad.Result measured(HeapSampler heap, Load load) throws Exception {
        long gcBefore = gcCount();
        long gcMillisBefore = gcMillis();
        ProjectLoad.Result result = load.run();
        heap.gcDuringLoad = gcCount() - gcBefore;
        heap.gcMillisDuringLoad = gcMillis() - gcMillisBefore;
        heap.peakDuringLoad = heap.peak();
        return result;
    }

    private static void prepare(Path csv, long size) throws IOException {
        if (Files.exists(csv) && Files.size(csv) >= size) {
            System.out.printf("reusing %s (%s)%n", csv, mb(Files.size(csv)));
            return;
        }
        long t0 = System.nanoTime();
        long rows = generate(csv, size);
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("generated %s: %,d rows, %s in %.1f s (%.0f MB/s)%n", csv, rows, mb(Files.size(csv)), s,
                Files.size(csv) / 1e6 / s);
    }

    private static void report(List<NativeLoad.Result> natives, List<ProjectLoad.Result> projects, HeapSampler heap,
                               String loadBefore) {
        ProjectLoad.Result last = projects.get(projects.size() - 1);
        double bestNative = natives.stream().mapToDouble(NativeLoad.Result::seconds).min().orElseThrow();
        double bestProject = projects.stream().mapToDouble(ProjectLoad.Result::seconds).min().orElseThrow();
        double sumNative = natives.stream().mapToDouble(NativeLoad.Result::seconds).sum();
        double sumProject = projects.stream().mapToDouble(ProjectLoad.Result::seconds).sum();
        System.out.println();
        System.out.println("where the last project load's time went (its audited tool calls):");
        last.tools().forEach(t -> System.out.printf("  %8d ms  %-16s %s%n", t.getDurationMs(), t.getTool(), clip(t.getArguments())));
        System.out.println();
        System.out.println("outcome:          " + last.outcome().outcome() + ": " + last.outcome().summary());
        System.out.printf("rows:             %,d (project), %,d (native)%n", last.rows(), natives.get(0).rows());
        System.out.printf("bytes:            %,d (%s)%n", last.bytes(), mb(last.bytes()));
        System.out.printf("native (DuckDB):  best %.2f s of %d, %.1f MB/s%n", bestNative, natives.size(), last.bytes() / 1e6 / bestNative);
        System.out.printf("project:          best %.2f s of %d, %.1f MB/s%n", bestProject, projects.size(), last.bytes() / 1e6 / bestProject);
        System.out.printf("ratio:            %.2f of native (best over best); %.2f (sum over sum)%n", bestNative / bestProject,
                sumNative / sumProject);
        System.out.printf("heap max (-Xmx):  %s%n", mb(Runtime.getRuntime().maxMemory()));
        System.out.printf("peak heap used:   %s sampled every 10 ms in the last project load; %s by the pools' own peaks (sum, an upper bound)%n",
                mb(heap.peakDuringLoad), mb(poolPeaks()));
        System.out.printf("GC during load:   %d collections, %d ms (the last project load)%n", heap.gcDuringLoad, heap.gcMillisDuringLoad);
        System.out.printf("peak process RSS: %s (VmHWM: JVM plus DuckDB's native memory)%n", peakRss());
        System.out.printf("warehouse file:   %s%n", mb(last.warehouseBytes()));
        System.out.printf("load average:     %s before, %s after (1, 5, 15 min)%n", loadBefore, loadAverage());
        System.out.printf("java %s, %d cores, %s%n", System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                java.time.LocalDate.now());
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
        long peakDuringLoad;
        long gcDuringLoad;
        long gcMillisDuringLoad;

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

    private static long gcCount() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "n/a";
        }
    }

    private static String clip(String text) {
        String line = text.replaceAll("\\s+", " ");
        return line.length() <= 110 ? line : line.substring(0, 110) + "...";
    }

    static String mb(long bytes) {
        return String.format("%.1f MB", bytes / 1048576.0);
    }
}
