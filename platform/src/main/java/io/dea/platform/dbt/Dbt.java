package io.dea.platform.dbt;

import io.dea.platform.artifact.DataProject;
import io.dea.platform.warehouse.Warehouse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs dbt Core (dbt-duckdb, from the virtualenv the project creates) as a child process on a
 * directory holding an exported branch of the data project. It holds the warehouse's exclusive
 * access while it runs, because dbt opens the DuckDB file itself.
 */
public final class Dbt {

    private static final long TIMEOUT_MINUTES = 15;

    private final String executable;
    private final Warehouse warehouse;

    public Dbt(String executable, Warehouse warehouse) {
        this.executable = executable;
        this.warehouse = warehouse;
    }

    /** Runs {@code dbt <args>} in the project with models built into the given schema. */
    public DbtResult run(Path projectDir, String schema, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(executable);
        command.addAll(args);
        command.addAll(List.of("--profiles-dir", projectDir.toString(), "--project-dir", projectDir.toString()));
        return warehouse.withExclusiveAccess(() -> {
            ProcessBuilder builder = new ProcessBuilder(command).directory(projectDir.toFile()).redirectErrorStream(true);
            builder.environment().put(DataProject.WAREHOUSE_ENV, warehouse.location());
            builder.environment().put(DataProject.SCHEMA_ENV, schema);
            builder.environment().put("DBT_SEND_ANONYMOUS_USAGE_STATS", "false");
            builder.environment().put("DO_NOT_TRACK", "1");
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
        });
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

        /** The last lines of the log: enough to say why it failed. */
        public String tail(int lines) {
            String[] all = output.split("\n");
            int from = Math.max(0, all.length - lines);
            return String.join("\n", java.util.Arrays.asList(all).subList(from, all.length));
        }
    }
}
