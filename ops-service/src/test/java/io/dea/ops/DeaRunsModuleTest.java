package io.dea.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dags/dea_runs.py's run ids, computed by the module itself in the project's Python. */
class DeaRunsModuleTest {

    private static final String RUN_ID = "[A-Za-z0-9._:-]{1,128}";

    @TempDir
    Path dags;

    @Test
    void aRetriedRequestRepeatsItsRunIdAndEveryAirflowRunGetsItsOwn() throws Exception {
        String manual = "manual__2026-12-07T05:20:47.123456+00:00";
        List<String> ids = runIds("daily_revenue-1", manual, manual, "scheduled__2026-12-07T02:00:00+00:00",
                "x/../{{ 7*7 }} " + "é".repeat(300));

        assertThat(ids.get(0)).as("same goal, same Airflow run: the same run").isEqualTo(ids.get(1));
        assertThat(ids.get(2)).isNotEqualTo(ids.get(0));
        assertThat(ids).allSatisfy(id -> assertThat(id).matches(RUN_ID));
        assertThat(ids.get(0)).startsWith("airflow.daily_revenue-1.manual__2026-12-07T05:20:47.123456_00:00.");
        assertThat(ids.get(3)).doesNotContain("/", "{", " ");
    }

    /** run_id(goal, airflow run id) for each Airflow run id, one per line. */
    private List<String> runIds(String goal, String... airflowRunIds) throws Exception {
        Files.writeString(dags.resolve("dea_runs.py"), AirflowDag.runsModule());
        String script = "import sys, dea_runs\nfor line in sys.stdin.read().split('\\n'):\n    print(dea_runs.run_id(sys.argv[1], line))\n";
        Process process = new ProcessBuilder(AirflowDagBag.python(), "-c", script, goal).directory(dags.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        process.getOutputStream().write(String.join("\n", airflowRunIds).getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        return out.lines().toList();
    }
}
