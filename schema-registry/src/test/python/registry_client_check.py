"""Drive the registry with Confluent's own Python client and print what it saw as one JSON line.

Usage: registry_client_check.py REGISTRY_URL [TOPIC] [USER_INFO]

USER_INFO (user:password) goes to the client as basic.auth.user.info: registering needs a user with
the write role.

Nobody on this project wrote confluent-kafka, so if its SchemaRegistryClient and AvroSerializer
work against the registry, the registry speaks Confluent's API and wire format. The Java test
(ConfluentPythonClientTest) runs this script and checks the JSON; failures of a single step are
reported in the JSON rather than aborting, so the test can say which step broke.
"""
import json
import sys

from confluent_kafka.schema_registry import Schema, SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer
from confluent_kafka.schema_registry.error import SchemaRegistryError
from confluent_kafka.serialization import MessageField, SerializationContext


def order_schema(extra_fields=""):
    return ('{"type":"record","name":"Order","namespace":"io.dea.check","fields":['
            '{"name":"id","type":"string"},{"name":"amount","type":"double"}' + extra_fields + ']}')


V1 = order_schema()
V2 = order_schema(',{"name":"currency","type":"string","default":"EUR"}')
BREAKING = order_schema(',{"name":"customer","type":"string"}')


def main():
    url = sys.argv[1]
    topic = sys.argv[2] if len(sys.argv) > 2 else "python-check"
    subject = topic + "-value"
    conf = {"url": url}
    if len(sys.argv) > 3:
        conf["basic.auth.user.info"] = sys.argv[3]
    client = SchemaRegistryClient(conf)
    results = {"subject": subject}

    results["registered_id"] = client.register_schema(subject, Schema(V1, "AVRO"))

    # A second client has no cache, so these go to the registry.
    fresh = SchemaRegistryClient(dict(conf))
    fetched = fresh.get_schema(results["registered_id"])
    results["fetched_schema"] = json.loads(fetched.schema_str)
    results["fetched_schema_type"] = fetched.schema_type
    latest = fresh.get_latest_version(subject)
    results["latest"] = {"id": latest.schema_id, "version": latest.version, "subject": latest.subject}
    looked_up = fresh.lookup_schema(subject, Schema(V1, "AVRO"))
    results["lookup"] = {"id": looked_up.schema_id, "version": looked_up.version}
    results["compatible_v2"] = fresh.test_compatibility(subject, Schema(V2, "AVRO"))
    results["compatible_breaking"] = fresh.test_compatibility(subject, Schema(BREAKING, "AVRO"))
    try:
        fresh.register_schema(subject, Schema(BREAKING, "AVRO"))
        results["register_breaking"] = "accepted"
    except SchemaRegistryError as e:
        results["register_breaking"] = {"http_status": e.http_status_code, "error_code": e.error_code}
    try:
        fresh.get_schema(987654)
        results["missing_id"] = "found"
    except SchemaRegistryError as e:
        results["missing_id"] = {"http_status": e.http_status_code, "error_code": e.error_code}
    results["global_compatibility"] = fresh.get_compatibility()
    try:
        SchemaRegistryClient({"url": url}).register_schema(subject, Schema(V2, "AVRO"))
        results["anonymous_register"] = "accepted"
    except SchemaRegistryError as e:
        results["anonymous_register"] = {"http_status": e.http_status_code, "error_code": e.error_code}

    # The serializer registers V2 itself and frames records in Confluent's wire format.
    serializer = AvroSerializer(fresh, V2, conf={"auto.register.schemas": True})
    context = SerializationContext(topic, MessageField.VALUE)
    payload = serializer({"id": "o-1", "amount": 12.5, "currency": "USD"}, context)
    results["wire_magic_byte"] = payload[0]
    results["wire_schema_id"] = int.from_bytes(payload[1:5], "big")
    deserializer = AvroDeserializer(SchemaRegistryClient({"url": url}))
    results["round_trip"] = deserializer(payload, context)
    results["versions"] = fresh.get_versions(subject)
    results["subjects"] = fresh.get_subjects()

    print(json.dumps(results, sort_keys=True))


if __name__ == "__main__":
    main()
