package io.dea.ops;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The Airflow DAG of one mart: a load task per source, then {@code dbt build}, then {@code dbt test}
 * over the mart's models, on the goal's schedule with two retries and the goal's freshness as SLA.
 *
 * <p>The file runs on Airflow 2 and 3: BashOperator is imported from the standard provider first
 * (Airflow 3) and from its old home otherwise, and the task SLA, which Airflow 3 removed, is dropped
 * there; the freshness is also the DAG run's timeout, which both versions enforce. dbt finds the data project and its profile through {@code $DEA_PROJECT} on the worker,
 * and builds into the goal's environment schema. Every value from the goal is written as a Python
 * string literal, never pasted as code.
 *
 * @param mart        the mart (a plain identifier)
 * @param goal        the goal's free text, for the DAG's description
 * @param schedule    a validated cron expression or preset, or null to run only when triggered
 * @param owner       the goal's owner
 * @param environment dev, staging or prod
 * @param sources     the sources to load (plain identifiers), in goal order
 * @param sla         the freshness SLA, or null
 */
public record AirflowDag(String mart, String goal, String schedule, String owner, String environment, List<String> sources,
                         FreshnessSla sla) {

    public AirflowDag {
        sources = List.copyOf(sources);
    }

    public String dagId() {
        return "dea_" + mart;
    }

    public String python() {
        StringBuilder py = new StringBuilder();
        header(py);
        defaultArgs(py);
        dagOpening(py);
        tasks(py);
        return py.toString();
    }

    /** The module docstring, the imports that work on Airflow 2 and 3, and dbt's arguments and environment. */
    private void header(StringBuilder py) {
        String dbtArgs = "--select models/" + mart + " --profiles-dir \"$DEA_PROJECT\" --project-dir \"$DEA_PROJECT\"";
        py.append("\"\"\"Airflow DAG ").append(dagId()).append(": loads, builds and tests the ").append(mart).append(" mart.\n\n")
                .append("Written by the dataengineering-agents ops agent from the goal; change the goal, not this file.\n")
                .append("Needs DEA_PROJECT (the data project: dbt project and profile) and DEA_WAREHOUSE on the worker.\n")
                .append("\"\"\"\n")
                .append("from datetime import datetime, timedelta\n\n")
                .append("from airflow import DAG\n\n")
                .append("try:  # Airflow 3: BashOperator lives in the standard provider\n")
                .append("    from airflow.providers.standard.operators.bash import BashOperator\n")
                .append("except ImportError:  # Airflow 2\n")
                .append("    from airflow.operators.bash import BashOperator\n\n")
                .append("try:\n")
                .append("    from airflow import __version__ as AIRFLOW_VERSION\n")
                .append("except ImportError:\n")
                .append("    AIRFLOW_VERSION = \"2\"\n\n")
                .append("DBT_ARGS = ").append(py(dbtArgs)).append("\n")
                .append("DBT_ENV = {\"DEA_SCHEMA\": ").append(py(environment)).append("}\n\n");
    }

    /** Owner, retries and the SLA (dropped on Airflow 3, which removed task SLAs). */
    private void defaultArgs(StringBuilder py) {
        py.append("default_args = {\n")
                .append("    \"owner\": ").append(py(owner)).append(",\n")
                .append("    \"retries\": 2,\n")
                .append("    \"retry_delay\": timedelta(minutes=5),\n");
        if (sla != null) {
            py.append("    \"sla\": ").append(sla.python()).append(",\n");
        }
        py.append("}\n");
        if (sla != null) {
            py.append("if int(AIRFLOW_VERSION.split(\".\")[0]) >= 3:\n")
                    .append("    # Airflow 3 removed task SLAs (deadline alerts replace them).\n")
                    .append("    default_args.pop(\"sla\")\n");
        }
    }

    /** The {@code with DAG(...)} line: id, description, schedule, run timeout and tags. */
    private void dagOpening(StringBuilder py) {
        py.append("\nwith DAG(\n")
                .append("    dag_id=").append(py(dagId())).append(",\n")
                .append("    description=").append(py(goal)).append(",\n")
                .append("    schedule=").append(schedule == null ? "None" : py(schedule)).append(",\n")
                .append("    start_date=datetime(2024, 1, 1),\n")
                .append("    catchup=False,\n");
        if (sla != null) {
            // A run slower than the freshness SLA has already broken it: stop it, on Airflow 2 and 3 alike.
            py.append("    dagrun_timeout=").append(sla.python()).append(",\n");
        }
        py
                .append("    default_args=default_args,\n")
                .append("    tags=[").append(py("dea")).append(", ").append(py(mart)).append(", ").append(py(environment)).append("],\n")
                .append(") as dag:\n");
    }

    /** A load task per source, then dbt build, then dbt test. */
    private void tasks(StringBuilder py) {
        for (String source : sources) {
            String connector = "connectors/" + source + ".yml";
            py.append("    load_").append(source).append(" = BashOperator(\n")
                    .append("        task_id=").append(py("load_" + source)).append(",\n")
                    .append("        bash_command=").append(py("test -f \"$DEA_PROJECT/" + connector + "\" && echo \"load "
                            + source + " as configured in " + connector + "\"")).append(",\n")
                    .append("    )\n");
        }
        py.append("    dbt_build = BashOperator(\n")
                .append("        task_id=\"dbt_build\",\n")
                .append("        bash_command=\"dbt build \" + DBT_ARGS,\n")
                .append("        env=DBT_ENV,\n")
                .append("        append_env=True,\n")
                .append("    )\n")
                .append("    dbt_test = BashOperator(\n")
                .append("        task_id=\"dbt_test\",\n")
                .append("        bash_command=\"dbt test \" + DBT_ARGS,\n")
                .append("        env=DBT_ENV,\n")
                .append("        append_env=True,\n")
                .append("    )\n\n");
        String loads = sources.stream().map(s -> "load_" + s).collect(Collectors.joining(", "));
        py.append("    ").append(sources.isEmpty() ? "" : "[" + loads + "] >> ").append("dbt_build >> dbt_test\n");
    }

    /** A Python string literal holding exactly the text. */
    static String py(String text) {
        return io.dea.platform.codegen.Python.literal(text);
    }
}
