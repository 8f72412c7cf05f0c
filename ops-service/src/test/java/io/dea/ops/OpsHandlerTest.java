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
    void shouldCommitADagWithTheGoalsCronOwnerSlaAndTasksInOrder() throws Exception {
        TestTasks tasks = new TestTasks(home);
        TaskRequested task = task(tasks, "plan-dag", "schedule: \"0 2 * * *\"\nfreshness: 24h");

        TaskOutcome outcome = new OpsHandler().handle(tasks.context(task));

        assertThat(outcome.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(outcome.review()).isNull();
        assertThat(outcome.outputs()).containsEntry("dag_path", "dags/daily_revenue.py");
        assertThat(outcome.artifacts()).extracting(a -> a.getKind() + ":" + a.getPath())
                .containsExactly("airflow_dag:dags/daily_revenue.py");
        String dag = tasks.artifacts.files(task.getBranch()).get("dags/daily_revenue.py");
        assertThat(dag).contains(
                "dag_id=\"dea_daily_revenue\"",
                "schedule=\"0 2 * * *\"",
                "catchup=False",
                "\"owner\": \"analytics-team\"",
                "\"retries\": 2",
                "\"retry_delay\": timedelta(minutes=5)",
                "\"sla\": timedelta(hours=24)",
                "tags=[\"dea\", \"daily_revenue\", \"staging\"]",
                "DBT_ENV = {\"DEA_SCHEMA\": \"staging\"}",
                "from airflow.providers.standard.operators.bash import BashOperator",
                "from airflow.operators.bash import BashOperator",
                "description=\"Build a daily revenue mart from the shop's \\\"order\\\" exports\"",
                "--select models/daily_revenue",
                "[load_orders, load_payments] >> dbt_build >> dbt_test");
        assertThat(dag.indexOf("task_id=\"load_orders\"")).isPositive()
                .isLessThan(dag.indexOf("task_id=\"load_payments\""));
        assertThat(dag.indexOf("task_id=\"load_payments\"")).isLessThan(dag.indexOf("task_id=\"dbt_build\""));
        assertThat(dag.indexOf("task_id=\"dbt_build\"")).isLessThan(dag.indexOf("task_id=\"dbt_test\""));

        JsonNode bag = AirflowDagBag.load(home.resolve("airflow"), Map.of("daily_revenue.py", dag));
        assertThat(bag.path("import_errors").properties()).as("import errors").isEmpty();
        JsonNode imported = bag.path("dags").path("dea_daily_revenue");
        assertThat(imported.isObject()).as("Airflow found dag dea_daily_revenue in %s", bag).isTrue();
        assertThat(imported.path("schedule").asString()).isEqualTo("0 2 * * *");
        assertThat(imported.path("catchup").asBoolean()).isFalse();
        assertThat(imported.path("tags").values()).extracting(JsonNode::asString).containsExactly("daily_revenue", "dea", "staging");
        assertThat(imported.path("description").asString()).isEqualTo("Build a daily revenue mart from the shop's \"order\" exports");
        assertThat(imported.path("dagrun_timeout_seconds").asDouble()).as("freshness 24h as the run timeout").isEqualTo(86_400.0);
        JsonNode dagTasks = imported.path("tasks");
        assertThat(dagTasks.propertyNames()).containsExactlyInAnyOrder("load_orders", "load_payments", "dbt_build", "dbt_test");
        assertThat(downstream(dagTasks, "load_orders")).containsExactly("dbt_build");
        assertThat(downstream(dagTasks, "load_payments")).containsExactly("dbt_build");
        assertThat(downstream(dagTasks, "dbt_build")).containsExactly("dbt_test");
        assertThat(downstream(dagTasks, "dbt_test")).isEmpty();
        assertThat(dagTasks.path("dbt_build").path("upstream").values()).extracting(JsonNode::asString)
                .containsExactly("load_orders", "load_payments");
        for (JsonNode dagTask : dagTasks.values()) {
            assertThat(dagTask.path("operator").asString()).isEqualTo("BashOperator");
            assertThat(dagTask.path("owner").asString()).isEqualTo("analytics-team");
            assertThat(dagTask.path("retries").asInt()).isEqualTo(2);
            assertThat(dagTask.path("retry_delay_seconds").asDouble()).isEqualTo(300.0);
            // Airflow 3 removed task SLAs; on Airflow 2 the freshness is each task's SLA too.
            if (bag.path("airflow_version").asString().startsWith("2.")) {
                assertThat(dagTask.path("sla_seconds").asDouble()).isEqualTo(86_400.0);
            }
        }
        assertThat(dagTasks.path("dbt_build").path("bash_command").asString())
                .isEqualTo("dbt build --select models/daily_revenue --profiles-dir \"$DEA_PROJECT\" --project-dir \"$DEA_PROJECT\"");
        assertThat(dagTasks.path("dbt_test").path("env").path("DEA_SCHEMA").asString()).isEqualTo("staging");
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
        String dag = tasks.artifacts.files(task.getBranch()).get("dags/daily_revenue.py");
        assertThat(dag).contains("schedule=None").doesNotContain("\"sla\"");
        JsonNode bag = AirflowDagBag.load(home.resolve("airflow"), Map.of("daily_revenue.py", dag));
        assertThat(bag.path("import_errors").properties()).isEmpty();
        JsonNode imported = bag.path("dags").path("dea_daily_revenue");
        assertThat(imported.path("schedule").isNull()).as("no schedule: %s", imported.path("schedule")).isTrue();
        assertThat(imported.path("dagrun_timeout_seconds").isNull()).isTrue();
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

    private static TaskRequested task(TestTasks tasks, String planId, String extra) {
        return tasks.task(planId, StepRef.of(StepKind.SCHEDULE), "ops", TestTasks.goal(GOAL.formatted(extra)), Map.of("transform.model_path",
                "models/daily_revenue/daily_revenue.sql"));
    }
}
