"""Imports every DAG file of a folder with Airflow's own DagBag and prints what Airflow made of it as JSON.

Usage: python dagbag_check.py DAGS_FOLDER OUT_JSON (a file: Airflow logs to stdout). Needs AIRFLOW_HOME set to a scratch directory (the caller
makes one): DagBag parses files without a metadata database, so nothing here goes online.
"""
import json
import os
import sys

os.environ.setdefault("AIRFLOW__CORE__LOAD_EXAMPLES", "False")
os.environ.setdefault("AIRFLOW__CORE__DAGS_FOLDER", sys.argv[1])

import airflow  # noqa: E402

# As Airflow 3 reads a DAG bundle: its folder is on sys.path, so a DAG imports dea_runs.py beside it.
from airflow.dag_processing.dagbag import BundleDagBag  # noqa: E402
from pathlib import Path  # noqa: E402


KAFKA_FIELDS = ("kafka_config_id", "topic", "topics", "producer_function", "producer_function_kwargs", "apply_function",
                "apply_function_kwargs", "poll_interval", "commit_offset")


def seconds(delta):
    return None if delta is None else delta.total_seconds()


def describe(dag):
    timetable = dag.timetable
    return {
        "schedule": dag.schedule if isinstance(getattr(dag, "schedule", None), str) or dag.schedule is None
        else getattr(timetable, "summary", None),
        "timetable": type(timetable).__name__,
        "description": dag.description,
        "tags": sorted(dag.tags),
        "catchup": dag.catchup,
        "max_active_runs": dag.max_active_runs,
        "dagrun_timeout_seconds": seconds(dag.dagrun_timeout),
        "tasks": {
            task.task_id: {
                "operator": type(task).__name__,
                "downstream": sorted(task.downstream_task_ids),
                "upstream": sorted(task.upstream_task_ids),
                "owner": task.owner,
                "retries": task.retries,
                "retry_delay_seconds": seconds(task.retry_delay),
                "sla_seconds": seconds(getattr(task, "sla", None)),
                "bash_command": getattr(task, "bash_command", None),
                "env": getattr(task, "env", None),
                # Airflow's Kafka provider: what the run request and the wait are made of.
                **{field: getattr(task, field) for field in KAFKA_FIELDS if hasattr(task, field)},
                "deferrable": type(task).__name__ == "AwaitMessageSensor",
            }
            for task in dag.tasks
        },
    }


bag = BundleDagBag(dag_folder=sys.argv[1], bundle_path=Path(sys.argv[1]))
with open(sys.argv[2], "w", encoding="utf-8") as out:
    json.dump({
        "airflow_version": airflow.__version__,
        "import_errors": {path: str(error) for path, error in bag.import_errors.items()},
        "dags": {dag_id: describe(dag) for dag_id, dag in bag.dags.items()},
        # The Kafka connections the DAG files built from the environment (`./dea env`), as Airflow reads them.
        "kafka_connections": {name: json.loads(value) for name, value in os.environ.items()
                              if name.startswith("AIRFLOW_CONN_DEA_KAFKA")},
    }, out)
