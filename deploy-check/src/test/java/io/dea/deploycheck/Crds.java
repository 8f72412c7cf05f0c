package io.dea.deploycheck;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.List;
import java.util.Map;

/**
 * The custom resources the manifests use, as strict records (an unknown field fails deserialization),
 * written after the CRDs' OpenAPI schemas: KEDA's {@code keda.sh/v1alpha1 ScaledObject} and Strimzi's
 * {@code kafka.strimzi.io/v1beta2 KafkaTopic} and {@code KafkaUser}. Only the fields these CRDs define are here; {@link
 * StrictModel} adds the checks a schema would (required fields, value types of string maps).
 */
final class Crds {

    private Crds() {
    }

    static final String KEDA_API = "keda.sh/v1alpha1";
    static final String STRIMZI_API = "kafka.strimzi.io/v1beta2";

    record ScaledObject(String apiVersion, String kind, ObjectMeta metadata, ScaledObjectSpec spec, Map<String, Object> status) {
    }

    record ScaledObjectSpec(ScaleTarget scaleTargetRef, Integer pollingInterval, Integer cooldownPeriod,
                            Integer initialCooldownPeriod, Integer idleReplicaCount, Integer minReplicaCount,
                            Integer maxReplicaCount, Map<String, Object> advanced, Fallback fallback,
                            List<Trigger> triggers) {
    }

    record ScaleTarget(String apiVersion, String kind, String name, String envSourceContainerName) {
    }

    record Fallback(Integer failureThreshold, Integer replicas, String behavior) {
    }

    /** KEDA's trigger metadata is {@code map[string]string}: numbers must be quoted. */
    record Trigger(String type, String name, Boolean useCachedMetrics, String metricType,
                   Map<String, String> metadata, AuthenticationRef authenticationRef) {
    }

    record AuthenticationRef(String name, String kind) {
    }

    record KafkaTopic(String apiVersion, String kind, ObjectMeta metadata, KafkaTopicSpec spec, Map<String, Object> status) {
    }

    record KafkaTopicSpec(String topicName, Integer partitions, Integer replicas, Map<String, Object> config) {
    }

    /** Strimzi's KafkaUser: a SCRAM user whose Secret (same name) holds {@code password} and {@code sasl.jaas.config}. */
    record KafkaUser(String apiVersion, String kind, ObjectMeta metadata, KafkaUserSpec spec, Map<String, Object> status) {
    }

    record KafkaUserSpec(UserAuthentication authentication, UserAuthorization authorization, Map<String, Object> quotas,
                         Map<String, Object> template) {
    }

    record UserAuthentication(String type, Map<String, Object> password) {
    }

    record UserAuthorization(String type, List<AclRule> acls) {
    }

    record AclRule(AclResource resource, String type, List<String> operations, String host) {
    }

    record AclResource(String type, String name, String patternType) {
    }
}
