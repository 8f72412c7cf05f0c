package io.dea.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.dea.events.v1.Outcome;
import io.dea.events.v1.TaskRequested;
import io.dea.platform.agent.TaskOutcome;
import io.dea.platform.testing.TestTasks;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The schedule step on a real Git data project; the DAG is checked to be Python by Python itself. */
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
        assertThatIsPython(dag);

    }

    @Test
    void shouldWriteADagThatRunsOnlyWhenTriggeredWhenTheGoalHasNoSchedule() throws Exception {
        TestTasks tasks = new TestTasks(home);
        TaskRequested task = task(tasks, "plan-manual", "");

        TaskOutcome outcome = new OpsHandler().handle(tasks.context(task));

        assertThat(outcome.outcome()).isEqualTo(Outcome.SUCCEEDED);
        String dag = tasks.artifacts.files(task.getBranch()).get("dags/daily_revenue.py");
        assertThat(dag).contains("schedule=None").doesNotContain("\"sla\"");
        assertThatIsPython(dag);
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
        return tasks.task(planId, "schedule", "ops", TestTasks.goal(GOAL.formatted(extra)), Map.of("transform.model_path",
                "models/daily_revenue/daily_revenue.sql"));
    }

    /** Parses the file with the Python from DEA_PYTHON (the project's virtualenv; ./dea test sets it). */
    private void assertThatIsPython(String source) throws Exception {
        python("-c", "import ast, sys; ast.parse(open(sys.argv[1], encoding='utf-8').read(), sys.argv[1])",
                write(source).toString());
    }

    private Path write(String source) throws Exception {
        Path file = home.resolve("dag_to_check.py");
        Files.writeString(file, source);
        return file;
    }

    private static String python(String... args) throws Exception {
        String python = System.getenv("DEA_PYTHON");
        if (python == null || python.isBlank()) {
            python = System.getProperty("DEA_PYTHON");
        }
        assertThat(python).as("DEA_PYTHON must name a Python 3 to check the DAG with (./dea test sets it)").isNotBlank();
        List<String> command = new ArrayList<>(List.of(python));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(errors).isZero();
        return output;
    }
}
