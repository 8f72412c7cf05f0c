"""A foreign client of dataengineering-agents, written with Confluent's own Python client.

It turns a goal YAML into the request record without a mapping table (the record mirrors the YAML),
publishes it with Confluent's AvroSerializer, then reads the plan the orchestrator wrote to the
plan-state topic with Confluent's AvroDeserializer. Prints one JSON line with what it saw.

usage: confluent_client.py BOOTSTRAP REGISTRY_URL GOAL_YAML DATA_DIR GOAL_ID

It logs in with what `./dea env` prints, taken from the environment: KAFKA_SECURITY_PROTOCOL,
KAFKA_SASL_MECHANISM, KAFKA_USERNAME, KAFKA_PASSWORD (the submitter) and SCHEMA_REGISTRY_USER_INFO.
The submitter may use consumer groups named dea-submitter-*.
"""
import json
import os
import sys
import time
from datetime import datetime, timezone

import yaml
from confluent_kafka import Consumer, Producer
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer
from confluent_kafka.serialization import MessageField, SerializationContext, StringSerializer

REQUEST_TOPIC = "dea.goal.requests"
PLAN_STATE_TOPIC = "dea.plan.state"


def kafka_login():
    """The Kafka client settings of the submitter, from the environment `./dea env` describes."""
    login = {}
    if os.environ.get("KAFKA_SECURITY_PROTOCOL"):
        login["security.protocol"] = os.environ["KAFKA_SECURITY_PROTOCOL"]
    if os.environ.get("KAFKA_SASL_MECHANISM"):
        login["sasl.mechanism"] = os.environ["KAFKA_SASL_MECHANISM"]
        login["sasl.username"] = os.environ["KAFKA_USERNAME"]
        login["sasl.password"] = os.environ["KAFKA_PASSWORD"]
    return login


def main(bootstrap, registry_url, goal_yaml, data_dir, goal_id):
    registry_conf = {"url": registry_url}
    if os.environ.get("SCHEMA_REGISTRY_USER_INFO"):
        registry_conf["basic.auth.user.info"] = os.environ["SCHEMA_REGISTRY_USER_INFO"]
    registry = SchemaRegistryClient(registry_conf)
    request_schema = registry.get_latest_version(REQUEST_TOPIC + "-value").schema.schema_str
    serializer = AvroSerializer(registry, request_schema, conf={"auto.register.schemas": False})

    with open(goal_yaml) as f:
        spec = yaml.safe_load(f)
    for source in spec.get("sources", []):
        if not os.path.isabs(source["location"]):
            source["location"] = os.path.join(data_dir, os.path.basename(source["location"]))
    record = {
        "goal_id": goal_id,
        "requested_by": "confluent-python-client",
        "requested_at": datetime.now(timezone.utc),
        "spec": spec,
    }
    producer = Producer({"bootstrap.servers": bootstrap, **kafka_login()})
    value = serializer(record, SerializationContext(REQUEST_TOPIC, MessageField.VALUE))
    producer.produce(REQUEST_TOPIC, key=StringSerializer()(goal_id), value=value)
    if producer.flush(30) != 0:
        raise SystemExit("the goal was not delivered")

    deserializer = AvroDeserializer(registry)
    consumer = Consumer({
        "bootstrap.servers": bootstrap,
        **kafka_login(),
        "group.id": "dea-submitter-python-" + goal_id,
        "auto.offset.reset": "earliest",
        "isolation.level": "read_committed",
    })
    consumer.subscribe([PLAN_STATE_TOPIC])
    deadline = time.time() + 90
    try:
        while time.time() < deadline:
            message = consumer.poll(1.0)
            if message is None or message.error():
                continue
            if message.key() is None or message.key().decode() != goal_id:
                continue
            plan = deserializer(message.value(), SerializationContext(PLAN_STATE_TOPIC, MessageField.VALUE))
            if plan["steps"]:
                print(json.dumps({
                    "goal_id": plan["meta"]["goal_id"],
                    "state": plan["state"],
                    "steps": [s["name"] for s in plan["steps"]],
                    "mart": plan["goal"]["mart"]["name"],
                    "produced_by": plan["meta"]["service"],
                }))
                return
    finally:
        consumer.close()
    raise SystemExit("no plan for " + goal_id + " on " + PLAN_STATE_TOPIC)


if __name__ == "__main__":
    main(*sys.argv[1:6])
