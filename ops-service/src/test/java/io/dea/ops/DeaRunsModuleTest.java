package io.dea.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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

    @Test
    void aConnectionTheOperatorSetIsKeptAndTheWaitGetsItsLoginInAGroupOfTheDagsOwn() throws Exception {
        String operator = "{\"conn_type\": \"kafka\", \"extra\": {\"bootstrap.servers\": \"broker:9093\", \"sasl.username\": \"ops\"}}";
        String script = "import os, dea_runs\ndea_runs.ensure_connections('dea_m')\n"
                + "print(os.environ['AIRFLOW_CONN_DEA_KAFKA'])\nprint(os.environ['AIRFLOW_CONN_DEA_KAFKA_DEA_M'])\n";

        List<String> out = python(script, Map.of("AIRFLOW_CONN_DEA_KAFKA", operator, "KAFKA_BOOTSTRAP", "127.0.0.1:1"), "");

        assertThat(out.get(0)).as("set by the operator, kept").isEqualTo(operator);
        assertThat(out.get(1)).contains("\"bootstrap.servers\": \"broker:9093\"", "\"sasl.username\": \"ops\"",
                "\"group.id\": \"dea-submitter-airflow-dea_m\"", "\"enable.auto.commit\": \"false\"");
    }

    @Test
    void aConnectionThatIsNotJsonIsRefusedWithoutQuotingIt() throws Exception {
        String script = "import dea_runs\ntry:\n    dea_runs.ensure_connections('dea_m')\nexcept ValueError as e:\n    print(e)\n";

        List<String> out = python(script, Map.of("AIRFLOW_CONN_DEA_KAFKA", "kafka://user:pw-secret@broker"), "");

        assertThat(out.get(0)).startsWith("AIRFLOW_CONN_DEA_KAFKA is not a JSON connection").doesNotContain("pw-secret");
    }

    @Test
    void theWaitEndsOnTheRunsEndOrOnAHoldNewerThanItsRequestAndReportsWhatEachSourceLoaded() throws Exception {
        // Plan states as the Avro decoder gives them (decoding is played on a real broker by ScheduledRunsTest).
        String script = """
                import dea_runs
                from datetime import datetime, timezone
                class Message:
                    def __init__(self, key, plan): self._key, self.plan = key, plan
                    def key(self): return self._key.encode()
                    def value(self): return b"avro"
                dea_runs._plan_state = lambda message: message.plan
                def plan(state, ingest_state="SUCCEEDED", at=2000):
                    return {"state": state, "reason": "r" if state == "FAILED" else None,
                            "updated_at": datetime.fromtimestamp(at / 1000, timezone.utc), "steps": [
                        {"name": "ingest_orders", "kind": "INGEST", "source": "orders", "state": ingest_state,
                         "review_kind": "SCHEMA_DRIFT" if ingest_state == "AWAITING_REVIEW" else None,
                         "review_id": "rev-1", "outputs": {"rows_loaded": "4"}},
                        {"name": "build", "kind": "BUILD", "source": None, "state": "PENDING", "outputs": {}}]}
                for key, p in [("other", plan("COMPLETED")), ("run-1", plan("RUNNING")),
                               ("run-1", plan("AWAITING_REVIEW", "AWAITING_REVIEW", at=999)),
                               ("run-1", plan("AWAITING_REVIEW", "AWAITING_REVIEW")), ("run-1", plan("FAILED"))]:
                    print(dea_runs.run_outcome(Message(key, p), "run-1", "1000"))
                """;

        List<String> out = python(script, Map.of(), "");

        assertThat(out.subList(0, 3)).as("another run, a running run, a hold older than the request").containsOnly("None");
        assertThat(out.get(3)).contains("\"state\": \"AWAITING_REVIEW\"", "\"kind\": \"SCHEMA_DRIFT\"", "\"review_id\": \"rev-1\"");
        assertThat(out.get(4)).contains("\"state\": \"FAILED\"", "\"reason\": \"r\"", "\"rows_loaded\": {\"orders\": 4}");
    }

    /** run_id(goal, airflow run id) for each Airflow run id, one per line. */
    private List<String> runIds(String goal, String... airflowRunIds) throws Exception {
        String script = "import sys, dea_runs\nfor line in sys.stdin.read().split('\\n'):\n    print(dea_runs.run_id(" + "'" + goal + "', line))\n";
        return python(script, Map.of(), String.join("\n", airflowRunIds));
    }

    /** Runs the script beside dea_runs.py with only these Kafka/Airflow settings; its output lines. */
    private List<String> python(String script, Map<String, String> env, String stdin) throws Exception {
        Files.writeString(dags.resolve("dea_runs.py"), AirflowDag.runsModule());
        ProcessBuilder builder = new ProcessBuilder(AirflowDagBag.python(), "-c", script).directory(dags.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().keySet().removeIf(name -> name.startsWith("KAFKA_") || name.startsWith("AIRFLOW_CONN_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        return out.lines().toList();
    }
}
