package io.dea.platform.dbt;

import io.dea.platform.artifact.DataProject;
import io.dea.platform.warehouse.Warehouse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs dbt Core (dbt-duckdb, from the virtualenv the project creates) as a child process on a
 * directory holding an exported branch of the data project. It holds the warehouse's exclusive
 * access while it runs, because dbt opens the DuckDB file itself.
 */
public final class Dbt {

    private static final long TIMEOUT_MINUTES = 15;
    /** The only variables passed on from the service's environment: none of them is a secret. */
    private static final List<String> PASSED = List.of("PATH", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR", "SYSTEMROOT");

    private final String executable;
    private final Warehouse warehouse;

    public Dbt(String executable, Warehouse warehouse) {
        this.executable = executable;
        this.warehouse = warehouse;
    }

    /**
     * Runs {@code dbt <args>} in the project with models built into the given schema. dbt gets its
     * profile from this code ({@link DataProject#PROFILE}, DuckDB locked down), not from the
     * project, and a scrubbed environment: nothing of the service's own (Kafka, registry, tokens,
     * connection credentials, cloud keys) reaches it or a model.
     */
    public DbtResult run(Path projectDir, String schema, List<String> args) {
        return warehouse.withExclusiveAccess(() -> {
            Path home = Files.createTempDirectory("dea-dbt-home");
            try {
                Files.writeString(home.resolve("profiles.yml"), DataProject.PROFILE);
                // A run that fails before writing results must not be read as the previous run's.
                Files.deleteIfExists(projectDir.resolve("target/run_results.json"));
                List<String> command = new ArrayList<>();
                command.add(executable);
                command.addAll(args);
                command.addAll(List.of("--profiles-dir", home.toString(), "--project-dir", projectDir.toString()));
                ProcessBuilder builder = new ProcessBuilder(command).directory(projectDir.toFile()).redirectErrorStream(true);
                builder.environment().clear();
                builder.environment().putAll(environment(home, schema));
                return run(builder, command, projectDir, args);
            } finally {
                deleteTree(home);
            }
        });
    }

    /** Everything dbt sees of the environment: a path, a locale, a home of its own, and where to build. */
    Map<String, String> environment(Path home, String schema) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String name : PASSED) {
            String value = System.getenv(name);
            if (value != null) {
                env.put(name, value);
            }
        }
        env.putIfAbsent("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("HOME", home.toString());
        env.put(DataProject.WAREHOUSE_ENV, warehouse.location());
        env.put(DataProject.SCHEMA_ENV, schema);
        env.put("DBT_SEND_ANONYMOUS_USAGE_STATS", "false");
        env.put("DO_NOT_TRACK", "1");
        return env;
    }

    private DbtResult run(ProcessBuilder builder, List<String> command, Path projectDir, List<String> args) throws Exception {
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start dbt (" + executable + "): " + e.getMessage()
                    + ". Run ./dea once to create the Python virtualenv, or set dea.dbt.", e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("dbt " + args + " did not finish in " + TIMEOUT_MINUTES + " minutes");
        }
        Path runResults = projectDir.resolve("target/run_results.json");
        return new DbtResult(String.join(" ", command), process.exitValue(), output,
                Files.exists(runResults) ? Files.readString(runResults) : null);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /**
     * What one dbt invocation did.
     *
     * @param command    the command line, for the audit
     * @param exitCode   0 when everything passed
     * @param output     dbt's log
     * @param runResults target/run_results.json when dbt wrote one
     */
    public record DbtResult(String command, int exitCode, String output, String runResults) {
        public boolean ok() {
            return exitCode == 0;
        }

        /** How many nodes of a resource type ({@code model}, {@code test}) ran without failing. */
        public int passed(String resourceType) {
            return DbtFailure.passed(runResults, resourceType);
        }

        /** The nodes that failed, in dbt's words ({@link DbtFailure}). */
        public List<DbtFailure> failures() {
            return DbtFailure.read(runResults, output);
        }

        /**
         * Why it failed, for a step's summary: each failed model with its file, line and the first line
         * of dbt's message; the given words when dbt named no node.
         */
        public String reason(String otherwise) {
            List<DbtFailure> failures = failures();
            return failures.isEmpty() ? otherwise : String.join("; ", failures.stream().map(DbtFailure::headline).toList());
        }

        /** Why it failed, for a step's error: dbt's whole message for each failed node, else the log's last lines. */
        public String detail() {
            List<DbtFailure> failures = failures();
            return failures.isEmpty() ? tail(30) : String.join("\n\n", failures.stream().map(DbtFailure::detail).toList());
        }

        /** The last lines of the log: enough to say why it failed. */
        public String tail(int lines) {
            String[] all = output.split("\n");
            int from = Math.max(0, all.length - lines);
            return String.join("\n", java.util.Arrays.asList(all).subList(from, all.length));
        }
    }
}
