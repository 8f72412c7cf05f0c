package io.dea.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.dea.events.v1.StepKind;
import io.dea.platform.step.StepRef;
import io.dea.events.v1.Outcome;
import io.dea.events.v1.TaskRequested;
import io.dea.platform.agent.TaskOutcome;
import io.dea.platform.testing.TestTasks;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The schedule step on a real Git data project; the DAG is imported by Airflow itself (DagBag). */
class OpsHandlerTest {

    private static final String GOAL = """
            goal: "Build a daily revenue mart from the shop's \\"order\\" exports"
            sources:
              - { name: orders, format: csv, location: data/raw_orders.csv }
              - { name: payments, format: csv, location: data/raw_payments.csv }
            mart:
              name: daily_revenue
              grain: [orders.order_date]
              measures:
                - { name: revenue, agg: sum, expr: payments.amount }
            %s
            owner: analytics-team
            environment: staging
            """;

    @TempDir
    Path home;

    @Test
    void shouldCommitADagThatRequestsARunAndWaitsForItWithTheGoalsCronOwnerAndTimeout() throws Exception {
        TestTasks tasks = new TestTasks(home);
        TaskRequested task = task(tasks, "plan-dag", "schedule: \"0 2 * * *\"\nfreshness: 24h");

        TaskOutcome outcome = new OpsHandler().handle(tasks.context(task));

        assertThat(outcome.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(outcome.review()).isNull();
        assertThat(outcome.outputs()).containsEntry("dag_path", "dags/daily_revenue.py").containsEntry("dag_id", "dea_daily_revenue");
        assertThat(outcome.artifacts()).extracting(a -> a.getKind() + ":" + a.getPath())
                .containsExactly("airflow_dag:dags/daily_revenue.py", "airflow_dag:dags/dea_runs.py");
        Map<String, String> files = tasks.artifacts.files(task.getBranch());
        String dag = files.get("dags/daily_revenue.py");
        assertThat(files.get("dags/dea_runs.py")).isEqualTo(AirflowDag.runsModule());
        assertThat(dag).contains("GOAL_ID = \"plan-dag\"", "dag_id=DAG_ID", "schedule=\"0 2 * * *\"", "\"owner\": \"analytics-team\"",
                "description=\"Build a daily revenue mart from the shop's \\\"order\\\" exports\"",
                "request_run >> wait_for_run >> check_run").doesNotContain("BashOperator", "--select");

        JsonNode bag = AirflowDagBag.load(home.resolve("airflow"), dagFolder(files), STACK_ENV);
        assertThat(bag.path("import_errors").properties()).as("import errors").isEmpty();
        JsonNode imported = bag.path("dags").path("dea_daily_revenue");
        assertThat(imported.isObject()).as("Airflow found dag dea_daily_revenue in %s", bag).isTrue();
        assertThat(imported.path("schedule").asString()).isEqualTo("0 2 * * *");
        assertThat(imported.path("catchup").asBoolean()).isFalse();
        assertThat(imported.path("max_active_runs").asInt()).isEqualTo(1);
        assertThat(imported.path("tags").values()).extracting(JsonNode::asString).containsExactly("daily_revenue", "dea", "staging");
        assertThat(imported.path("description").asString()).isEqualTo("Build a daily revenue mart from the shop's \"order\" exports");
        assertThat(imported.path("dagrun_timeout_seconds").asDouble()).as("freshness 24h as the run timeout").isEqualTo(86_400.0);
        JsonNode dagTasks = imported.path("tasks");
        assertThat(dagTasks.propertyNames()).containsExactlyInAnyOrder("request_run", "wait_for_run", "check_run");
        assertThat(downstream(dagTasks, "request_run")).containsExactly("wait_for_run");
        assertThat(downstream(dagTasks, "wait_for_run")).containsExactly("check_run");
        assertThat(downstream(dagTasks, "check_run")).isEmpty();
        for (JsonNode dagTask : dagTasks.values()) {
            assertThat(dagTask.path("owner").asString()).isEqualTo("analytics-team");
            assertThat(dagTask.path("retries").asInt()).isEqualTo(2);
            assertThat(dagTask.path("retry_delay_seconds").asDouble()).isEqualTo(300.0);
        }
        assertRequestAndWait(dagTasks);
        assertConnectionsFromTheStacksSettings(bag.path("kafka_connections"));
        assertThat(dag).doesNotContain(STACK_ENV.get("KAFKA_PASSWORD"), "alice:");
    }

    /** The run request goes to dea.run.requests keyed by the goal; the wait reads plan states for the run id in XCom. */
    private static void assertRequestAndWait(JsonNode dagTasks) {
        JsonNode request = dagTasks.path("request_run");
        assertThat(request.path("operator").asString()).isEqualTo("ProduceToTopicOperator");
        assertThat(request.path("topic").asString()).isEqualTo("dea.run.requests");
        assertThat(request.path("kafka_config_id").asString()).isEqualTo("dea_kafka");
        assertThat(request.path("producer_function").asString()).isEqualTo("dea_runs.run_request");
        assertThat(request.path("producer_function_kwargs").path("goal_id").asString()).isEqualTo("plan-dag");
        JsonNode wait = dagTasks.path("wait_for_run");
        assertThat(wait.path("operator").asString()).isEqualTo("AwaitMessageSensor");
        assertThat(wait.path("deferrable").asBoolean()).isTrue();
        assertThat(wait.path("topics").values()).extracting(JsonNode::asString).containsExactly("dea.plan.state");
        assertThat(wait.path("kafka_config_id").asString()).isEqualTo("dea_kafka_dea_daily_revenue");
        assertThat(wait.path("apply_function").asString()).isEqualTo("dea_runs.run_outcome");
        assertThat(wait.path("apply_function_kwargs").path("run_id").asString()).contains("xcom_pull(task_ids='request_run', key='run_id')");
        assertThat(wait.path("apply_function_kwargs").path("requested_at").asString())
                .contains("xcom_pull(task_ids='request_run', key='requested_at')");
        assertThat(wait.path("poll_interval").asDouble()).as("no sleep after each plan state of another run").isZero();
        assertThat(wait.path("commit_offset").asBoolean()).isFalse();
        assertThat(dagTasks.path("check_run").path("operator").asString()).isEqualTo("PythonOperator");
    }

    /** dea_kafka is the submitter's login from `./dea env`; the wait's connection adds a group of the DAG's own. */
    private static void assertConnectionsFromTheStacksSettings(JsonNode connections) {
        JsonNode produce = connections.path("AIRFLOW_CONN_DEA_KAFKA").path("extra");
        assertThat(produce.path("bootstrap.servers").asString()).isEqualTo("127.0.0.1:19092");
        assertThat(produce.path("security.protocol").asString()).isEqualTo("SASL_PLAINTEXT");
        assertThat(produce.path("sasl.mechanism").asString()).isEqualTo("SCRAM-SHA-512");
        assertThat(produce.path("sasl.username").asString()).isEqualTo("submitter");
        assertThat(produce.path("sasl.password").asString()).isEqualTo(STACK_ENV.get("KAFKA_PASSWORD"));
        assertThat(produce.path("partitioner").asString()).as("Java's partitioner: the request lands on its goal's partition")
                .isEqualTo("murmur2_random");
        JsonNode wait = connections.path("AIRFLOW_CONN_DEA_KAFKA_DEA_DAILY_REVENUE").path("extra");
        assertThat(wait.path("sasl.username").asString()).isEqualTo("submitter");
        assertThat(wait.path("group.id").asString()).isEqualTo("dea-submitter-airflow-dea_daily_revenue");
        assertThat(wait.path("auto.offset.reset").asString()).isEqualTo("earliest");
        assertThat(wait.path("enable.auto.commit").asString()).isEqualTo("false");
        assertThat(wait.has("partitioner")).isFalse();
    }

    /** The settings `./dea env` prints for a stack with SASL on (values made up). */
    private static final Map<String, String> STACK_ENV = Map.of("KAFKA_BOOTSTRAP", "127.0.0.1:19092", "KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
            "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512", "KAFKA_USERNAME", "submitter", "KAFKA_PASSWORD", "s3cret-not-in-dag",
            "SCHEMA_REGISTRY_URL", "http://127.0.0.1:18081", "SCHEMA_REGISTRY_USER_INFO", "alice:pw");

    /** The dags folder as the data project holds it: each DAG and dea_runs.py. */
    static Map<String, String> dagFolder(Map<String, String> projectFiles) {
        Map<String, String> dags = new java.util.HashMap<>();
        projectFiles.forEach((path, text) -> {
            if (path.startsWith("dags/")) {
                dags.put(path.substring("dags/".length()), text);
            }
        });
        return dags;
    }

    private static List<String> downstream(JsonNode tasks, String task) {
        return tasks.path(task).path("downstream").values().stream().map(JsonNode::asString).toList();
    }

    @Test
    void shouldWriteADagThatRunsOnlyWhenTriggeredWhenTheGoalHasNoSchedule() throws Exception {
        TestTasks tasks = new TestTasks(home);
        TaskRequested task = task(tasks, "plan-manual", "");

        TaskOutcome outcome = new OpsHandler().handle(tasks.context(task));

        assertThat(outcome.outcome()).isEqualTo(Outcome.SUCCEEDED);
        Map<String, String> files = tasks.artifacts.files(task.getBranch());
        assertThat(files.get("dags/daily_revenue.py")).contains("schedule=None").doesNotContain("dagrun_timeout");
        JsonNode bag = AirflowDagBag.load(home.resolve("airflow"), dagFolder(files), Map.of());
        assertThat(bag.path("import_errors").properties()).isEmpty();
        JsonNode imported = bag.path("dags").path("dea_daily_revenue");
        assertThat(imported.path("schedule").isNull()).as("no schedule: %s", imported.path("schedule")).isTrue();
        assertThat(imported.path("dagrun_timeout_seconds").isNull()).isTrue();
        assertThat(bag.path("kafka_connections").properties()).as("no stack settings, no connection built").isEmpty();
    }

    @Test
    void shouldFailClearlyOnABadCronAndWriteNothing() throws Exception {
        TestTasks tasks = new TestTasks(home);
        TaskRequested task = task(tasks, "plan-bad-cron", "schedule: \"0 25 * * *\"");

        TaskOutcome outcome = new OpsHandler().handle(tasks.context(task));

        assertThat(outcome.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(outcome.summary()).startsWith("bad schedule: schedule '0 25 * * *' is not a valid cron expression");
        assertThat(tasks.artifacts.branchExists(task.getBranch())).isFalse();
    }

    @Test
    void shouldFailClearlyOnABadFreshness() throws Exception {
        TestTasks tasks = new TestTasks(home);

        TaskOutcome outcome = new OpsHandler().handle(tasks.context(task(tasks, "plan-bad-sla", "freshness: daily")));

        assertThat(outcome.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(outcome.summary()).isEqualTo("bad freshness: freshness 'daily' is not a duration: write e.g. 24h, 30m, 2d or 1h30m");
    }

    @Test
    void shouldTimeTheRunOutByTheTeamsSlaPageWhenItIsTighterThanTheGoalAndCiteIt() throws Exception {
        TestTasks tasks = new TestTasks(home);
        tasks.artifacts.commit(io.dea.platform.artifact.ArtifactStore.MAIN, Map.of("docs/slas.md",
                "---\ndea: sla\nfreshness: 24h\nmarts:\n  daily_revenue: { freshness: 6h }\n---\n# Our SLAs\n"), "SLAs", "alice");
        TaskRequested task = task(tasks, "plan-sla", "freshness: 24h");

        TaskOutcome outcome = new OpsHandler().handle(tasks.context(task));

        assertThat(outcome.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(outcome.outputs().get("documents")).matches("docs/slas\\.md@[0-9a-f]{7}");
        assertThat(outcome.summary()).contains("run timeout 6h (" + outcome.outputs().get("documents") + ")");
        assertThat(tasks.artifacts.files(task.getBranch()).get("dags/daily_revenue.py")).contains("dagrun_timeout=timedelta(hours=6)");
    }

    private static TaskRequested task(TestTasks tasks, String planId, String extra) {
        return tasks.task(planId, StepRef.of(StepKind.SCHEDULE), "ops", TestTasks.goal(GOAL.formatted(extra)), Map.of("transform.model_path",
                "models/daily_revenue/daily_revenue.sql"));
    }
}
