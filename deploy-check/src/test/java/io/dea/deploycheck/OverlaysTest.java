package io.dea.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The dev and prod overlays, rendered by the real kustomize, validated and held to the invariants. */
class OverlaysTest {

    /** What each overlay promises. */
    record Overlay(String name, String namespace, int partitions, int kafkaReplicas, boolean autoRegister,
                   Class<?> autoscaler, int orchestratorReplicas) {
        Rendered rendered() {
            return Rendered.overlay(name);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static final Overlay DEV = new Overlay("dev", "dea-dev", 6, 1, true, HorizontalPodAutoscaler.class, 1);
    static final Overlay PROD = new Overlay("prod", "dea", 12, 3, false, Crds.ScaledObject.class, 2);

    static Stream<Overlay> overlays() {
        return Stream.of(DEV, PROD);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyDocumentIsAValidKubernetesObjectInTheOverlaysNamespace(Overlay o) {
        Rendered r = o.rendered(); // every document was validated strictly while rendering
        assertThat(r.documents).hasSameSizeAs(r.objects).hasSizeGreaterThan(40);
        assertThat(r.all(Namespace.class)).extracting(n -> n.getMetadata().getName()).containsExactly(o.namespace());
        for (JsonNode doc : r.documents) {
            if (!doc.path("kind").asString().equals("Namespace")) {
                assertThat(doc.path("metadata").path("namespace").asString()).as(StrictModel.describe(doc)).isEqualTo(o.namespace());
            }
        }
        assertThat(r.yaml).as("the AgentScaling source is local-config, never applied").doesNotContain("AgentScaling");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyServiceHasADeploymentWithProbesResourcesAndItsConfiguration(Overlay o) {
        assertThat(Invariants.deployments(o.rendered())).isEmpty();
        assertThat(Invariants.services(o.rendered())).isEmpty();
        assertThat(o.rendered().all(Deployment.class)).hasSize(Repo.services().size());
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void orchestratorAndReviewHaveDisruptionBudgetsAndTheOverlaysReplicas(Overlay o) {
        Rendered r = o.rendered();
        assertThat(Invariants.disruptionBudgets(r)).isEmpty();
        assertThat(r.deployment(Repo.ORCHESTRATOR).orElseThrow().getSpec().getReplicas()).isEqualTo(o.orchestratorReplicas());
        assertThat(r.deployment(Repo.REVIEW).orElseThrow().getSpec().getReplicas()).isEqualTo(o.orchestratorReplicas());
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyTopicOfTopicsJavaHasAKafkaTopicWithTheOverlaysPartitions(Overlay o) {
        Rendered r = o.rendered();
        assertThat(Invariants.topics(r, o.partitions())).isEmpty();
        assertThat(r.config()).containsEntry("DEA_PARTITIONS", String.valueOf(o.partitions()))
                .containsEntry("DEA_REPLICAS", String.valueOf(o.kafkaReplicas()));
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyAgentHasOneAutoscalerBoundedByItsTaskTopicsPartitions(Overlay o) {
        Rendered r = o.rendered();
        assertThat(Invariants.autoscaling(r)).isEmpty();
        assertThat(r.all(o.autoscaler())).hasSize(Repo.agentServices().size());
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void configMapAndSecretsCarryTheSettingsTheServicesRead(Overlay o) throws Exception {
        Rendered r = o.rendered();
        assertThat(Invariants.configuration(r)).isEmpty();
        assertThat(r.config()).containsEntry("DEA_AUTO_REGISTER_SCHEMAS", String.valueOf(o.autoRegister()));

        Map<String, String> auth = decode(r.secret("dea-kafka-auth"));
        assertThat(auth).containsKeys("SPRING_KAFKA_SECURITY_PROTOCOL", "KAFKA_SASL_USERNAME", "KAFKA_SASL_PASSWORD");

        Map<String, String> review = decode(r.secret("dea-review-tokens"));
        assertThat(review).containsKeys("DEA_REVIEW_TOKEN", "DEA_REVIEW_IDENTITY", "review-tokens.yml");
        JsonNode tokens = YAMLMapper.builder().build().readTree(review.get("review-tokens.yml"));
        assertThat(tokens.path("tokens").isArray()).as("review-tokens.yml has the review service's shape").isTrue();
        assertThat(review.get("DEA_REVIEW_TOKEN")).as("no token ships in the repository").isEmpty();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void orchestratorAndIngestionReadSourcesThroughTheSourcesConnectionOutsideDeaHome(Overlay o) {
        Rendered r = o.rendered();
        assertThat(Invariants.sources(r)).isEmpty();
        assertThat(r.config()).as("the source settings are only for the two services that read sources")
                .doesNotContainKeys("DEA_SOURCE_DIR", "DEA_CONNECTIONS_SOURCES_KIND");
        assertThat(r.byName(io.fabric8.kubernetes.api.model.PersistentVolumeClaim.class)).containsKey("dea-sources");
    }

    @Test
    void prodRaisesEveryPlanKeyedTopicTogetherAndTurnsSchemaAutoRegistrationOff() {
        Map<String, Integer> dev = partitionsByTopic(DEV.rendered());
        Map<String, Integer> prod = partitionsByTopic(PROD.rendered());
        assertThat(prod.keySet()).isEqualTo(dev.keySet());
        dev.forEach((topic, partitions) -> {
            if (topic.equals(Invariants.SCHEMA_TOPIC)) {
                assertThat(prod.get(topic)).isEqualTo(1);
            } else {
                assertThat(partitions).as(topic).isEqualTo(DEV.partitions());
                assertThat(prod.get(topic)).as(topic).isEqualTo(PROD.partitions());
            }
        });
        assertThat(PROD.rendered().config()).containsEntry("DEA_AUTO_REGISTER_SCHEMAS", "false");
    }

    private static Map<String, Integer> partitionsByTopic(Rendered r) {
        return r.all(Crds.KafkaTopic.class).stream()
                .collect(java.util.stream.Collectors.toMap(t -> t.spec().topicName(), t -> t.spec().partitions()));
    }

    static Map<String, String> decode(Secret secret) {
        Map<String, String> out = new java.util.TreeMap<>();
        if (secret.getData() != null) {
            secret.getData().forEach((k, v) -> out.put(k, new String(Base64.getMimeDecoder().decode(v), StandardCharsets.UTF_8)));
        }
        if (secret.getStringData() != null) {
            out.putAll(secret.getStringData());
        }
        return out;
    }
}
