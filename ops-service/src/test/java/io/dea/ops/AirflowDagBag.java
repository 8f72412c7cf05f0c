package io.dea.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Imports DAG files with Airflow's own DagBag, in the project's virtualenv (DEA_PYTHON, which
 * {@code ./dea test} sets; requirements.txt installs Airflow there), and returns what Airflow made of
 * them: import errors, and per DAG its schedule, tags, timeout and tasks with their dependencies.
 * A missing interpreter or Airflow fails the test that needs it: a DAG nobody imported is not checked.
 */
final class AirflowDagBag {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private AirflowDagBag() {
    }

    /** Writes the files into a fresh dags folder under {@code scratch} and imports them with {@code env} added to the environment. */
    static JsonNode load(Path scratch, java.util.Map<String, String> files, java.util.Map<String, String> env) throws Exception {
        Path dags = Files.createDirectories(scratch.resolve("dags"));
        for (var file : files.entrySet()) {
            Files.writeString(dags.resolve(file.getKey()), file.getValue());
        }
        Path home = Files.createDirectories(scratch.resolve("airflow-home"));
        Path out = scratch.resolve("dagbag.json");
        Path log = scratch.resolve("dagbag.log");
        ProcessBuilder builder = new ProcessBuilder(python(), script().toString(), dags.toString(), out.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("AIRFLOW_HOME", home.toString());
        builder.environment().put("AIRFLOW__CORE__LOAD_EXAMPLES", "False");
        // Only the settings the test gives: none of the developer's own stack or connections.
        builder.environment().keySet().removeIf(name -> name.startsWith("KAFKA_") || name.startsWith("SCHEMA_REGISTRY_")
                || name.startsWith("AIRFLOW_CONN_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        assertThat(process.waitFor(180, TimeUnit.SECONDS)).as("Airflow's DagBag import finished in 180 s").isTrue();
        String output = Files.readString(log, StandardCharsets.UTF_8);
        if (output.contains("No module named 'airflow'")) {
            throw new AssertionError("apache-airflow is not installed for " + python()
                    + ": run the tests with ./dea test, which installs requirements.txt into .venv");
        }
        assertThat(process.exitValue()).as("dagbag_check.py failed:%n%s", output).isZero();
        return JSON.readTree(out.toFile());
    }

    /** The interpreter from DEA_PYTHON; it must exist. */
    static String python() {
        String python = System.getenv("DEA_PYTHON");
        if (python == null || python.isBlank()) {
            python = System.getProperty("DEA_PYTHON");
        }
        if (python == null || python.isBlank()) {
            throw new AssertionError("DEA_PYTHON is not set: it must name the virtualenv's python with Airflow "
                    + "(./dea test sets it; by hand: export DEA_PYTHON=$PWD/.venv/bin/python)");
        }
        if (!Files.isExecutable(Path.of(python))) {
            throw new AssertionError("DEA_PYTHON=" + python + " is not an executable file: create the virtualenv with ./dea test");
        }
        return python;
    }

    private static Path script() throws IOException {
        Path script = Path.of("src/test/python/dagbag_check.py").toAbsolutePath();
        if (!Files.isRegularFile(script)) {
            throw new IOException("missing " + script + " (run the test from the ops-service module)");
        }
        return script;
    }
}
