"""Runs of applied dataengineering-agents goals, for the DAGs the ops agent writes next to this file.

Written by the ops agent; change the agent, not this file. Each DAG asks for one run of its goal on
Kafka and waits for the run's outcome on the plan-state topic, with Airflow's Kafka provider:

- request_run (ProduceToTopicOperator) calls run_request: one RunRequested (Avro, Confluent wire format)
  keyed by the goal id, its run id derived from the goal id and Airflow's run id (a retried task asks for
  the same run, which the orchestrator starts once), pushed to XCom as "run_id";
- wait_for_run (AwaitMessageSensor, deferrable) calls run_outcome on each plan state until the run ends
  (COMPLETED, FAILED, REJECTED, ROLLED_BACK) or waits for a review;
- check_run fails the DAG run unless the run COMPLETED (a run held for review fails it, naming the review).

The stack is reached through the settings `./dea env` prints (KAFKA_BOOTSTRAP, KAFKA_SECURITY_PROTOCOL,
KAFKA_SASL_MECHANISM, KAFKA_USERNAME, KAFKA_PASSWORD, SCHEMA_REGISTRY_URL, SCHEMA_REGISTRY_USER_INFO).
The Kafka connections are AIRFLOW_CONN_DEA_KAFKA (producing) and AIRFLOW_CONN_DEA_KAFKA_<DAG ID> (waiting:
the same login in a consumer group of that DAG's own, so waits of several DAGs never split the plan
state's partitions between them); each is built from those settings when it is not set already, in
the process that parses the DAG. A deployment whose triggerer does not parse DAGs sets both connections
there (or in a secrets backend), and puts this folder on the triggerer's PYTHONPATH for run_outcome.
Airflow 3 only.
"""
import hashlib
import json
import os
import re
from datetime import datetime, timezone

RUN_REQUESTS = "dea.run.requests"
PLAN_STATE = "dea.plan.state"
CONNECTION = "dea_kafka"
TERMINAL = ("COMPLETED", "FAILED", "REJECTED", "ROLLED_BACK")
# The submitter may use consumer groups named dea-submitter-* (KafkaAccess.SUBMITTER_GROUPS).
GROUP_PREFIX = "dea-submitter-airflow-"
_NOT_RUN_ID = re.compile(r"[^A-Za-z0-9._:-]")

_registry = None
_serializers = {}


def wait_connection(dag_id):
    """The connection id the DAG's wait uses: its own consumer group."""
    return CONNECTION + "_" + dag_id


def ensure_connections(dag_id):
    """Builds the Kafka connections from `./dea env`'s settings where they are not set already."""
    base = _env_name(CONNECTION)
    if base not in os.environ and os.environ.get("KAFKA_BOOTSTRAP"):
        os.environ[base] = json.dumps({"conn_type": "kafka", "extra": _login()})
    wait = _env_name(wait_connection(dag_id))
    if wait not in os.environ and base in os.environ:
        extra = _extra(os.environ[base], base)
        # Every wait reads the whole topic from the start and commits nothing.
        extra.update({"group.id": GROUP_PREFIX + dag_id, "auto.offset.reset": "earliest", "enable.auto.commit": "false"})
        extra.pop("partitioner", None)  # a producer setting
        os.environ[wait] = json.dumps({"conn_type": "kafka", "extra": extra})


def _extra(connection_json, name):
    """The librdkafka settings of a connection given as JSON (never quoted: they hold the password)."""
    try:
        connection = json.loads(connection_json)
        extra = connection.get("extra", {})
        return json.loads(extra) if isinstance(extra, str) else dict(extra)
    except (ValueError, AttributeError):
        raise ValueError(name + " is not a JSON connection with the librdkafka settings in \"extra\": "
                         "write it as JSON, or set " + name + "_<DAG ID> for each DAG too") from None


def _env_name(connection_id):
    return "AIRFLOW_CONN_" + connection_id.upper()


def _login():
    """The librdkafka settings of the submitter, from the environment `./dea env` describes."""
    # The orchestrator reads a run request on its goal's partition, which Java's partitioner (murmur2) chose;
    # librdkafka's default (CRC32) would put it on another one, where the goal is unknown.
    login = {"bootstrap.servers": os.environ["KAFKA_BOOTSTRAP"], "partitioner": "murmur2_random"}
    if os.environ.get("KAFKA_SECURITY_PROTOCOL"):
        login["security.protocol"] = os.environ["KAFKA_SECURITY_PROTOCOL"]
    if os.environ.get("KAFKA_SASL_MECHANISM"):
        login["sasl.mechanism"] = os.environ["KAFKA_SASL_MECHANISM"]
        login["sasl.username"] = os.environ.get("KAFKA_USERNAME", "")
        login["sasl.password"] = os.environ.get("KAFKA_PASSWORD", "")
    return login


def run_id(goal_id, airflow_run_id):
    """The run's id: the same for the same goal and Airflow run, 1-128 of [A-Za-z0-9._:-]."""
    digest = hashlib.sha256((goal_id + "\n" + airflow_run_id).encode("utf-8")).hexdigest()[:16]
    readable = _NOT_RUN_ID.sub("_", airflow_run_id)[:60]
    return "airflow.{}.{}.{}".format(_NOT_RUN_ID.sub("_", goal_id)[:40], readable, digest)


def _registry_client():
    global _registry
    if _registry is None:
        from confluent_kafka.schema_registry import SchemaRegistryClient

        url = os.environ.get("SCHEMA_REGISTRY_URL")
        if not url:
            raise RuntimeError("SCHEMA_REGISTRY_URL is not set: run `eval \"$(./dea env)\"` or set it on the worker")
        conf = {"url": url}
        if os.environ.get("SCHEMA_REGISTRY_USER_INFO"):
            conf["basic.auth.user.info"] = os.environ["SCHEMA_REGISTRY_USER_INFO"]
        _registry = SchemaRegistryClient(conf)
    return _registry


def _requested_by():
    from airflow.providers.apache.kafka.hooks.base import KafkaBaseHook

    extra = KafkaBaseHook.get_connection(CONNECTION).extra_dejson
    return extra.get("sasl.username") or os.environ.get("KAFKA_USERNAME") or "airflow"


def run_request(goal_id):
    """ProduceToTopicOperator's producer_function: one RunRequested keyed by the goal id."""
    from airflow.sdk import get_current_context
    from confluent_kafka.schema_registry.avro import AvroSerializer
    from confluent_kafka.serialization import MessageField, SerializationContext

    context = get_current_context()
    airflow_run_id = context["run_id"]
    run = run_id(goal_id, airflow_run_id)
    requested_at = datetime.now(timezone.utc)
    registry = _registry_client()
    # The registered schema of the subject, never registered from here (the submitter may not).
    schema = registry.get_latest_version(RUN_REQUESTS + "-value").schema.schema_str
    serializer = AvroSerializer(registry, schema, conf={"auto.register.schemas": False})
    value = serializer({
        "goal_id": goal_id,
        "run_id": run,
        "requested_by": _requested_by(),
        "requested_at": requested_at,
        "trigger": "airflow {} {}".format(context["dag"].dag_id, airflow_run_id),
    }, SerializationContext(RUN_REQUESTS, MessageField.VALUE))
    context["ti"].xcom_push(key="run_id", value=run)
    context["ti"].xcom_push(key="requested_at", value=int(requested_at.timestamp() * 1000))
    yield goal_id.encode("utf-8"), value


def run_outcome(message, run_id, requested_at):
    """AwaitMessageSensor's apply_function: the run's outcome as JSON once it ended or waits for a person, else None.

    A run held for a review (breaking schema drift, failed tests with a fix, cost over budget) is an outcome
    here too: the DAG run fails saying which review, and the run goes on in the stack once someone decides.
    Only a hold newer than this request counts: the topic is read from the start, and a DAG run cleared
    after the review was decided must wait for what the run did next, not fail on the old hold.
    """
    key = message.key()
    if key is None or key.decode("utf-8", "replace") != run_id or message.value() is None:
        return None
    plan = _plan_state(message)
    held = plan["state"] == "AWAITING_REVIEW" and _millis(plan["updated_at"]) >= int(requested_at)
    if plan["state"] not in TERMINAL and not held:
        return None
    loads, reviews = {}, []
    for step in plan["steps"]:
        if step.get("kind") == "INGEST" or step["name"].startswith("ingest_"):
            loads[step.get("source") or step["name"][len("ingest_"):]] = _number(step["outputs"].get("rows_loaded"))
        if step["state"] == "AWAITING_REVIEW":
            reviews.append({"step": step["name"], "kind": step.get("review_kind"), "review_id": step.get("review_id")})
    return json.dumps({"run_id": run_id, "state": plan["state"], "reason": plan.get("reason"), "rows_loaded": loads,
                       "reviews": reviews})


def _millis(moment):
    return int(moment.timestamp() * 1000) if isinstance(moment, datetime) else int(moment)


def _number(text):
    return int(text) if text is not None and text.isdigit() else text


def _plan_state(message):
    from confluent_kafka.schema_registry.avro import AvroDeserializer
    from confluent_kafka.serialization import MessageField, SerializationContext

    deserializer = _serializers.get("plan_state")
    if deserializer is None:
        deserializer = _serializers["plan_state"] = AvroDeserializer(_registry_client())
    return deserializer(message.value(), SerializationContext(PLAN_STATE, MessageField.VALUE))


def check_run(ti, **_):
    """Fails the DAG run unless the run COMPLETED; logs what each source loaded."""
    from airflow.sdk.exceptions import AirflowFailException

    outcome = json.loads(ti.xcom_pull(task_ids="wait_for_run"))
    for source, rows in sorted(outcome["rows_loaded"].items()):
        loaded = "did not load (its step did not finish)" if rows is None else "loaded {} rows".format(rows)
        print("run {}: {} {}".format(outcome["run_id"], source, loaded))
    if outcome["state"] == "AWAITING_REVIEW":
        held = ", ".join("{} on {} (review {})".format(r["kind"], r["step"], r["review_id"]) for r in outcome["reviews"])
        raise AirflowFailException("run {} is held for review: {}; it goes on once a reviewer decides "
                                   "(./dea reviews, ./dea approve REVIEW_ID)".format(outcome["run_id"], held))
    if outcome["state"] != "COMPLETED":
        raise AirflowFailException("run {} ended {}: {}".format(outcome["run_id"], outcome["state"], outcome["reason"]))
    return outcome
