package io.dea.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The validator itself: what it must reject, so that the overlays passing it means something. */
class StrictModelTest {

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: demo
            spec:
              selector:
                matchLabels: {app: demo}
              template:
                metadata:
                  labels: {app: demo}
                spec:
                  containers:
                    - name: demo
                      image: dea/demo:0.1.0
                      env:
                        - name: PORT
                          value: "8080"
                      readinessProbe:
                        httpGet: {path: /actuator/health/readiness, port: 8080}
            """;

    private static Object validate(String yaml) {
        List<tools.jackson.databind.JsonNode> docs = StrictModel.documents(yaml);
        assertThat(docs).hasSize(1);
        return StrictModel.validate(docs.get(0));
    }

    @Test
    void aValidDeploymentBecomesTheFabric8Type() {
        assertThat(validate(DEPLOYMENT)).isInstanceOf(Deployment.class);
    }

    @Test
    void aMisspeltFieldFailsInsteadOfLandingInAdditionalProperties() {
        assertThatThrownBy(() -> validate(DEPLOYMENT.replace("readinessProbe:", "readinesProbe:")))
                .isInstanceOf(StrictModel.InvalidDocument.class)
                .hasMessageContaining("readinesProbe");
        assertThatThrownBy(() -> validate(DEPLOYMENT.replace("  selector:", "  selectr:")))
                .hasMessageContaining("selectr");
    }

    @Test
    void aNumberWhereTheApiWantsAStringFails() {
        assertThatThrownBy(() -> validate(DEPLOYMENT.replace("value: \"8080\"", "value: 8080")))
                .isInstanceOf(StrictModel.InvalidDocument.class)
                .hasMessageContaining("env");
    }

    @Test
    void aWrongTypeFails() {
        assertThatThrownBy(() -> validate(DEPLOYMENT.replace("  selector:", "  replicas: two\n  selector:")))
                .isInstanceOf(StrictModel.InvalidDocument.class);
    }

    @Test
    void duplicateKeysFail() {
        assertThatThrownBy(() -> StrictModel.documents(DEPLOYMENT.replace("kind: Deployment", "kind: Deployment\nkind: Service")))
                .hasMessageContaining("kind");
    }

    @Test
    void unknownOrRemovedApiVersionsFail() {
        assertThatThrownBy(() -> validate(DEPLOYMENT.replace("apps/v1", "apps/v1beta1")))
                .hasMessageContaining("neither a Kubernetes API type");
        assertThatThrownBy(() -> validate("""
                apiVersion: dea.io/v1
                kind: AgentScaling
                metadata: {name: agents}
                spec: {}
                """)).hasMessageContaining("neither a Kubernetes API type");
        assertThat(validate("""
                apiVersion: policy/v1
                kind: PodDisruptionBudget
                metadata: {name: pdb}
                spec:
                  maxUnavailable: 1
                  selector: {matchLabels: {app: demo}}
                """)).isInstanceOf(PodDisruptionBudget.class);
    }

    private static final String SCALED_OBJECT = """
            apiVersion: keda.sh/v1alpha1
            kind: ScaledObject
            metadata: {name: demo}
            spec:
              scaleTargetRef: {name: demo}
              maxReplicaCount: 3
              triggers:
                - type: kafka
                  metadata:
                    topic: dea.tasks.demo
                    consumerGroup: dea-demo
                    lagThreshold: "2"
            """;

    @Test
    void kedaScaledObjectsAreCheckedAgainstTheirCrdsFields() {
        assertThat(validate(SCALED_OBJECT)).isInstanceOf(Crds.ScaledObject.class);
        assertThatThrownBy(() -> validate(SCALED_OBJECT.replace("maxReplicaCount", "maxReplicas")))
                .hasMessageContaining("maxReplicas");
        assertThatThrownBy(() -> validate(SCALED_OBJECT.replace("lagThreshold: \"2\"", "lagThreshold: 2")))
                .as("KEDA trigger metadata is map[string]string").isInstanceOf(StrictModel.InvalidDocument.class);
        assertThatThrownBy(() -> validate(SCALED_OBJECT.replace("  scaleTargetRef: {name: demo}\n", "")))
                .hasMessageContaining("scaleTargetRef");
    }

    @Test
    void strimziKafkaTopicsNeedPartitionsReplicasAndTheirCluster() {
        String topic = """
                apiVersion: kafka.strimzi.io/v1beta2
                kind: KafkaTopic
                metadata:
                  name: dea-audit
                  labels: {strimzi.io/cluster: dea-kafka}
                spec:
                  topicName: dea.audit
                  partitions: 6
                  replicas: 1
                  config: {cleanup.policy: delete}
                """;
        assertThat(validate(topic)).isInstanceOf(Crds.KafkaTopic.class);
        assertThatThrownBy(() -> validate(topic.replace("partitions: 6", "partition: 6"))).hasMessageContaining("partition");
        assertThatThrownBy(() -> validate(topic.replace("partitions: 6", "partitions: 0"))).hasMessageContaining("partitions");
        assertThatThrownBy(() -> validate(topic.replace("  labels: {strimzi.io/cluster: dea-kafka}\n", "")))
                .hasMessageContaining("strimzi.io/cluster");
    }
}
