package io.dea.ops;

import java.util.List;

/**
 * The Airflow DAG of one mart: it asks the stack for a run of the applied goal and waits for the run's
 * outcome, with Airflow's Kafka provider. {@code request_run} (ProduceToTopicOperator) publishes one
 * RunRequested on {@code dea.run.requests}; {@code wait_for_run} (AwaitMessageSensor, deferrable) reads
 * {@code dea.plan.state} until the run's state is terminal; {@code check_run} fails the DAG run unless
 * the run COMPLETED. The run itself (loads past the watermarks, dbt build and tests) happens in the
 * agents. On the goal's schedule, with two retries (a retried request repeats its run id, so nothing
 * starts twice), one run at a time, and the goal's freshness as the DAG run's timeout. Airflow 3 only.
 *
 * <p>The functions the provider imports by dotted path live in {@code dags/dea_runs.py} ({@link #RUNS_MODULE}),
 * committed next to the DAG. Every value from the goal is written as a Python string literal, never
 * pasted as code; the goal id, the one value that reaches a templated field, must be a plain id.
 *
 * @param mart        the mart (a plain identifier)
 * @param goalId      the applied goal's id (letters, digits, '.', '_', '-')
 * @param goal        the goal's free text, for the DAG's description
 * @param schedule    a validated cron expression or preset, or null to run only when triggered
 * @param owner       the goal's owner
 * @param environment dev, staging or prod
 * @param sources     the goal's sources (plain identifiers), in goal order, named in the docstring
 * @param sla         the freshness SLA, or null
 */
public record AirflowDag(String mart, String goalId, String goal, String schedule, String owner, String environment,
                         List<String> sources, FreshnessSla sla) {

    /** The module of run functions next to the DAGs, a resource of this service. */
    static final String RUNS_MODULE = "dags/dea_runs.py";
    private static final String RUNS_RESOURCE = "/airflow/dea_runs.py";

    public AirflowDag {
        sources = List.copyOf(sources);
        if (goalId == null || !goalId.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")) {
            // Jinja renders the sensor's and producer's arguments: only a plain id may reach them.
            throw new IllegalArgumentException("goal id must be 1-100 letters, digits, '.', '_' or '-'");
        }
    }

    public String dagId() {
        return "dea_" + mart;
    }

    /** The text of {@code dags/dea_runs.py}. */
    static String runsModule() {
        try (var in = AirflowDag.class.getResourceAsStream(RUNS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RUNS_RESOURCE);
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public String python() {
        StringBuilder py = new StringBuilder();
        header(py);
        defaultArgs(py);
        dagOpening(py);
        tasks(py);
        return py.toString();
    }

    /** The module docstring, the imports, the goal id and the Kafka connections. */
    private void header(StringBuilder py) {
        py.append("\"\"\"Airflow DAG ").append(dagId()).append(": a run of the applied goal behind the ").append(mart).append(" mart.\n\n")
                .append("Written by the dataengineering-agents ops agent from the goal; change the goal, not this file.\n")
                .append("Each DAG run asks the stack for a run (load ").append(sources.isEmpty() ? "the sources" : String.join(", ", sources))
                .append(" past their watermarks,\nthen dbt build and test the mart) and fails unless the run completes.\n")
                .append("Reaches the stack through the settings `./dea env` prints (see dea_runs.py). Airflow 3.\n")
                .append("\"\"\"\n")
                .append("from datetime import datetime, timedelta\n\n")
                .append("from airflow.providers.apache.kafka.operators.produce import ProduceToTopicOperator\n")
                .append("from airflow.providers.apache.kafka.sensors.kafka import AwaitMessageSensor\n")
                .append("from airflow.providers.standard.operators.python import PythonOperator\n")
                .append("from airflow.sdk import DAG\n\n")
                .append("import dea_runs\n\n")
                .append("GOAL_ID = ").append(py(goalId)).append("\n")
                .append("DAG_ID = ").append(py(dagId())).append("\n\n")
                .append("dea_runs.ensure_connections(DAG_ID)\n\n");
    }

    /** Owner and retries. */
    private void defaultArgs(StringBuilder py) {
        py.append("default_args = {\n")
                .append("    \"owner\": ").append(py(owner)).append(",\n")
                .append("    \"retries\": 2,\n")
                .append("    \"retry_delay\": timedelta(minutes=5),\n")
                .append("}\n");
    }

    /** The {@code with DAG(...)} line: id, description, schedule, run timeout and tags. */
    private void dagOpening(StringBuilder py) {
        py.append("\nwith DAG(\n")
                .append("    dag_id=DAG_ID,\n")
                .append("    description=").append(py(goal)).append(",\n")
                .append("    schedule=").append(schedule == null ? "None" : py(schedule)).append(",\n")
                .append("    start_date=datetime(2024, 1, 1),\n")
                .append("    catchup=False,\n")
                .append("    max_active_runs=1,\n");
        if (sla != null) {
            // A run slower than the freshness SLA has already broken it: stop waiting for it.
            py.append("    dagrun_timeout=").append(sla.python()).append(",\n");
        }
        py
                .append("    default_args=default_args,\n")
                .append("    tags=[").append(py("dea")).append(", ").append(py(mart)).append(", ").append(py(environment)).append("],\n")
                .append(") as dag:\n");
    }

    /** request_run >> wait_for_run >> check_run. */
    private void tasks(StringBuilder py) {
        py.append("    request_run = ProduceToTopicOperator(\n")
                .append("        task_id=\"request_run\",\n")
                .append("        kafka_config_id=dea_runs.CONNECTION,\n")
                .append("        topic=dea_runs.RUN_REQUESTS,\n")
                .append("        producer_function=\"dea_runs.run_request\",\n")
                .append("        producer_function_kwargs={\"goal_id\": GOAL_ID},\n")
                .append("    )\n")
                .append("    wait_for_run = AwaitMessageSensor(\n")
                .append("        task_id=\"wait_for_run\",\n")
                .append("        kafka_config_id=dea_runs.wait_connection(DAG_ID),\n")
                .append("        topics=[dea_runs.PLAN_STATE],\n")
                .append("        apply_function=\"dea_runs.run_outcome\",\n")
                .append("        apply_function_kwargs={\n")
                .append("            \"run_id\": \"{{ ti.xcom_pull(task_ids='request_run', key='run_id') }}\",\n")
                .append("            \"requested_at\": \"{{ ti.xcom_pull(task_ids='request_run', key='requested_at') }}\",\n")
                .append("        },\n")
                .append("        poll_timeout=1,\n")
                .append("        # The trigger sleeps this long after every record that is not the run's end.\n")
                .append("        poll_interval=0,\n")
                .append("        commit_offset=False,\n")
                .append("    )\n")
                .append("    check_run = PythonOperator(task_id=\"check_run\", python_callable=dea_runs.check_run)\n\n")
                .append("    request_run >> wait_for_run >> check_run\n");
    }

    /** A Python string literal holding exactly the text. */
    static String py(String text) {
        return io.dea.platform.codegen.Python.literal(text);
    }
}
