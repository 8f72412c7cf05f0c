package io.dea.deploycheck;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.internal.KubernetesDeserializer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.MapperConfig;
import tools.jackson.databind.introspect.Annotated;
import tools.jackson.databind.introspect.JacksonAnnotationIntrospector;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.type.LogicalType;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Validates rendered documents against the Kubernetes API types of the fabric8 model, strictly:
 * <ul>
 *   <li>unknown fields fail ({@code FAIL_ON_UNKNOWN_PROPERTIES}, and the fabric8 classes' catch-all
 *       {@code @JsonAnySetter additionalProperties} is switched off, otherwise a misspelt
 *       {@code readinesProbe} would silently land there);</li>
 *   <li>scalars are not coerced: a number where the API wants a string (an env value, a label, a
 *       KEDA metadata value) fails, as the API server's decoder fails it;</li>
 *   <li>duplicate keys fail; the apiVersion/kind pair must be one the model knows (built-in kinds) or
 *       one of the CRDs of {@link Crds};</li>
 *   <li>the typed object, written back, must equal the document, so nothing was dropped on the way.</li>
 * </ul>
 */
final class StrictModel {

    /** Strict reader for the API types; also used to write them back for the round-trip check. */
    static final YAMLMapper MAPPER = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .annotationIntrospector(new JacksonAnnotationIntrospector() {
                @Override
                public Boolean hasAnySetter(MapperConfig<?> config, Annotated a) {
                    return Boolean.FALSE;
                }
            })
            .withCoercionConfig(LogicalType.Textual, c -> c
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Integer, c -> c
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Boolean, c -> c
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail))
            .changeDefaultPropertyInclusion(i -> JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
            .build();

    private static final Map<String, Class<?>> CUSTOM = Map.of(
            Crds.KEDA_API + "/ScaledObject", Crds.ScaledObject.class,
            Crds.STRIMZI_API + "/KafkaTopic", Crds.KafkaTopic.class,
            Crds.STRIMZI_API + "/KafkaUser", Crds.KafkaUser.class);

    private static final KubernetesDeserializer KINDS = new KubernetesDeserializer();

    private StrictModel() {
    }

    /** A document that is not valid against its API type. */
    static final class InvalidDocument extends RuntimeException {
        InvalidDocument(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The documents of a multi-document YAML stream (empty documents dropped). */
    static List<JsonNode> documents(String yaml) {
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = MAPPER.readerFor(JsonNode.class).readValues(yaml)) {
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode() && !(doc.isObject() && doc.isEmpty())) {
                    docs.add(doc);
                }
            }
        }
        return docs;
    }

    /** The typed object of one document: a fabric8 model class, or a {@link Crds} record. */
    static Object validate(JsonNode doc) {
        String where = describe(doc);
        if (!doc.isObject()) {
            throw new InvalidDocument(where + ": not a mapping", null);
        }
        String apiVersion = doc.path("apiVersion").asString("");
        String kind = doc.path("kind").asString("");
        if (apiVersion.isEmpty() || kind.isEmpty()) {
            throw new InvalidDocument(where + ": apiVersion and kind are required", null);
        }
        if (doc.path("metadata").path("name").asString("").isEmpty()) {
            throw new InvalidDocument(where + ": metadata.name is required", null);
        }
        Class<?> type = CUSTOM.get(apiVersion + "/" + kind);
        if (type == null) {
            Class<? extends KubernetesResource> registered = KINDS.getRegisteredKind(apiVersion, kind);
            if (registered == null || registered == GenericKubernetesResource.class) {
                throw new InvalidDocument(where + ": " + apiVersion + " " + kind
                        + " is neither a Kubernetes API type of the fabric8 model nor a known CRD", null);
            }
            type = registered;
        }
        Object typed;
        try {
            typed = MAPPER.treeToValue(doc, type);
        } catch (JacksonException e) {
            throw new InvalidDocument(where + " is not a valid " + apiVersion + " " + kind + ": " + e.getOriginalMessage()
                    + " at " + e.getPathReference(), e);
        }
        String difference = difference(doc, MAPPER.valueToTree(typed), "");
        if (difference != null) {
            throw new InvalidDocument(where + ": changed by a round trip through " + type.getSimpleName()
                    + " (dropped or converted): " + difference, null);
        }
        if (typed instanceof Crds.ScaledObject so) {
            checkScaledObject(where, so);
        } else if (typed instanceof Crds.KafkaTopic topic) {
            checkKafkaTopic(where, topic);
        } else if (typed instanceof Crds.KafkaUser user) {
            checkKafkaUser(where, user);
        } else if (!(typed instanceof HasMetadata)) {
            throw new InvalidDocument(where + ": " + type.getName() + " is not a top-level resource", null);
        }
        return typed;
    }

    /** The required fields and ranges of KEDA's CRD schema. */
    private static void checkScaledObject(String where, Crds.ScaledObject so) {
        List<String> problems = new ArrayList<>();
        if (so.spec() == null) {
            problems.add("spec is required");
        } else {
            if (so.spec().scaleTargetRef() == null || so.spec().scaleTargetRef().name() == null) {
                problems.add("spec.scaleTargetRef.name is required");
            }
            if (so.spec().triggers() == null || so.spec().triggers().isEmpty()) {
                problems.add("spec.triggers needs at least one trigger");
            } else {
                for (Crds.Trigger t : so.spec().triggers()) {
                    if (t.type() == null || t.metadata() == null) {
                        problems.add("every trigger needs type and metadata");
                    }
                }
            }
            Integer min = so.spec().minReplicaCount();
            Integer max = so.spec().maxReplicaCount();
            if (min != null && min < 0 || max != null && max < 1 || min != null && max != null && min > max) {
                problems.add("replica counts out of range: min " + min + ", max " + max);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidDocument(where + ": " + String.join("; ", problems), null);
        }
    }

    /** The required fields and ranges of Strimzi's KafkaTopic schema (and its operator's cluster label). */
    private static void checkKafkaTopic(String where, Crds.KafkaTopic topic) {
        List<String> problems = new ArrayList<>();
        if (topic.spec() == null) {
            problems.add("spec is required");
        } else {
            if (topic.spec().partitions() == null || topic.spec().partitions() < 1) {
                problems.add("spec.partitions must be >= 1");
            }
            if (topic.spec().replicas() == null || topic.spec().replicas() < 1 || topic.spec().replicas() > Short.MAX_VALUE) {
                problems.add("spec.replicas must be in 1..32767");
            }
        }
        Map<String, String> labels = topic.metadata().getLabels();
        if (labels == null || labels.get("strimzi.io/cluster") == null) {
            problems.add("label strimzi.io/cluster is required (the topic operator ignores it otherwise)");
        }
        if (!problems.isEmpty()) {
            throw new InvalidDocument(where + ": " + String.join("; ", problems), null);
        }
    }

    /** The required fields and enums of Strimzi's KafkaUser schema (SCRAM users with simple ACLs here). */
    private static void checkKafkaUser(String where, Crds.KafkaUser user) {
        List<String> problems = new ArrayList<>();
        Map<String, String> labels = user.metadata().getLabels();
        if (labels == null || labels.get("strimzi.io/cluster") == null) {
            problems.add("label strimzi.io/cluster is required (the user operator ignores it otherwise)");
        }
        if (user.spec() == null || user.spec().authentication() == null
                || !List.of("tls", "tls-external", "scram-sha-512").contains(user.spec().authentication().type())) {
            problems.add("spec.authentication.type must be tls, tls-external or scram-sha-512");
        }
        if (user.spec() != null && user.spec().authorization() != null) {
            if (!"simple".equals(user.spec().authorization().type())) {
                problems.add("spec.authorization.type must be simple");
            }
            for (Crds.AclRule acl : user.spec().authorization().acls()) {
                if (acl.resource() == null || !List.of("topic", "group", "cluster", "transactionalId").contains(acl.resource().type())
                        || acl.operations() == null || acl.operations().isEmpty()
                        || acl.resource().patternType() != null && !List.of("literal", "prefix").contains(acl.resource().patternType())) {
                    problems.add("every ACL needs a resource type of topic, group, cluster or transactionalId, a literal or "
                            + "prefix pattern, and operations");
                    break;
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidDocument(where + ": " + String.join("; ", problems), null);
        }
    }

    /** The first difference between two trees (numbers compared by value), or null when equal. */
    static String difference(JsonNode expected, JsonNode actual, String path) {
        if (expected.isNumber() && actual.isNumber()) {
            return expected.decimalValue().compareTo(actual.decimalValue()) == 0 ? null
                    : path + ": " + expected + " became " + actual;
        }
        if (expected.isObject() && actual.isObject()) {
            java.util.Set<String> names = new java.util.TreeSet<>(expected.propertyNames());
            names.addAll(actual.propertyNames());
            for (String name : names) {
                if (!expected.has(name) || !actual.has(name)) {
                    return path + "/" + name + (expected.has(name) ? " was dropped" : " was added");
                }
                String d = difference(expected.get(name), actual.get(name), path + "/" + name);
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        if (expected.isArray() && actual.isArray()) {
            if (expected.size() != actual.size()) {
                return path + ": " + expected.size() + " items became " + actual.size();
            }
            for (int i = 0; i < expected.size(); i++) {
                String d = difference(expected.get(i), actual.get(i), path + "/" + i);
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        return expected.equals(actual) ? null : path + ": " + expected + " became " + actual;
    }

    static String describe(JsonNode doc) {
        return doc.path("kind").asString("?") + "/" + doc.path("metadata").path("name").asString("?");
    }

    static ObjectNode copy(JsonNode doc) {
        return (ObjectNode) doc.deepCopy();
    }
}
