package io.dea.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scaling an agent is one number in an overlay: changed in a copy of k8s/, it reaches whichever autoscaler
 * the overlay uses, and a number above the task topic's partitions is caught by the invariants.
 */
class ScalingTest {

    @TempDir
    Path work;

    /** A copy of k8s/ to edit; the overlays' relative paths stay valid. */
    private Path copyOfK8s() {
        Path target = work.resolve("k8s");
        Path source = Repo.k8s();
        try (Stream<Path> files = Files.walk(source)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path dest = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    private static void setMaxReplicas(Path overlay, String agent, int max) throws IOException {
        Path file = overlay.resolve("agent-scaling.yaml");
        String text = Files.readString(file);
        String changed = text.replaceAll("(?m)^(  " + agent + ": \\{maxReplicas: )\\d+(})", "$1" + max + "$2");
        assertThat(changed).as("agent-scaling.yaml names " + agent).isNotEqualTo(text);
        Files.writeString(file, changed);
    }

    private static void useHpaInsteadOfKeda(Path overlay) throws IOException {
        Path file = overlay.resolve("kustomization.yaml");
        String text = Files.readString(file);
        String changed = text.replace("../../components/keda", "../../components/hpa");
        assertThat(changed).isNotEqualTo(text);
        Files.writeString(file, changed);
    }

    private static Crds.ScaledObject scaledObject(Rendered r, String service) {
        return r.all(Crds.ScaledObject.class).stream().filter(s -> s.metadata().getName().equals(service)).findFirst().orElseThrow();
    }

    private static HorizontalPodAutoscaler hpa(Rendered r, String service) {
        return r.byName(HorizontalPodAutoscaler.class).get(service);
    }

    @Test
    void oneNumberInTheOverlayScalesTheAgentWithKedaOrWithAnHpa() throws IOException {
        Path prod = copyOfK8s().resolve("overlays/prod");
        setMaxReplicas(prod, "ingestion", 9);

        Rendered keda = Rendered.parse(prod, Kustomize.build(prod));
        assertThat(scaledObject(keda, "ingestion-service").spec().maxReplicaCount()).isEqualTo(9);
        assertThat(scaledObject(keda, "cost-service").spec().maxReplicaCount())
                .isEqualTo(scaledObject(Rendered.overlay("prod"), "cost-service").spec().maxReplicaCount());
        assertThat(Invariants.autoscaling(keda)).isEmpty();

        useHpaInsteadOfKeda(prod);
        Rendered hpa = Rendered.parse(prod, Kustomize.build(prod));
        assertThat(hpa.all(Crds.ScaledObject.class)).isEmpty();
        assertThat(hpa(hpa, "ingestion-service").getSpec().getMaxReplicas()).isEqualTo(9);
        assertThat(Invariants.autoscaling(hpa)).isEmpty();
    }

    @Test
    void moreReplicasThanTaskTopicPartitionsIsCaught() throws IOException {
        Path k8s = copyOfK8s();
        Path dev = k8s.resolve("overlays/dev");
        setMaxReplicas(dev, "quality", 7); // dev has 6 partitions
        Rendered r = Rendered.parse(dev, Kustomize.build(dev));
        assertThat(Invariants.autoscaling(r)).singleElement().asString()
                .contains("quality-service").contains("7 > 6 partitions of dea.tasks.quality");

        Path prod = k8s.resolve("overlays/prod");
        setMaxReplicas(prod, "ops", 13); // prod has 12
        assertThat(Invariants.autoscaling(Rendered.parse(prod, Kustomize.build(prod))))
                .singleElement().asString().contains("ops-service").contains("13 > 12");
    }

    @Test
    void bothAutoscalersAtOnceAndABrokenDeploymentAreCaught() throws IOException {
        Path k8s = copyOfK8s();
        Path dev = k8s.resolve("overlays/dev");
        Path kustomization = dev.resolve("kustomization.yaml");
        Files.writeString(kustomization, Files.readString(kustomization)
                .replace("  - ../../components/hpa\n", "  - ../../components/hpa\n  - ../../components/keda\n"));
        Path agent = k8s.resolve("base/services/cost-service.yaml");
        Files.writeString(agent, Files.readString(agent)
                .replace("path: /actuator/health/readiness", "path: /actuator/health")
                .replace("      enableServiceLinks: false\n", ""));
        Rendered r = Rendered.parse(dev, Kustomize.build(dev));
        List<String> scaling = Invariants.autoscaling(r);
        assertThat(scaling).anyMatch(v -> v.contains("not both"));
        assertThat(scaling).anyMatch(v -> v.contains("ingestion-service: expected exactly one autoscaler"));
        assertThat(Invariants.deployments(r))
                .anyMatch(v -> v.contains("cost-service") && v.contains("readinessProbe"))
                .anyMatch(v -> v.contains("cost-service") && v.contains("enableServiceLinks"));
    }

    @Test
    void aMissingOrMispartitionedTopicIsCaught() throws IOException {
        Path k8s = copyOfK8s();
        Path topics = k8s.resolve("base/kafka-topics.yaml");
        String text = Files.readString(topics);
        // Drop the dead-letter topic of dea.tasks.ops and give dea.audit other partitions.
        int start = text.indexOf("---\n# dead letters of dea.tasks.ops");
        int end = text.indexOf("---", start + 3);
        text = text.substring(0, start) + text.substring(end);
        text = text.replace("  topicName: dea.audit\n  partitions: 6", "  topicName: dea.audit\n  partitions: 3");
        Files.writeString(topics, text);
        Path dev = k8s.resolve("overlays/dev");
        List<String> violations = Invariants.topics(Rendered.parse(dev, Kustomize.build(dev)), 6);
        assertThat(violations).contains("no KafkaTopic for dea.tasks.ops-dlt")
                .anyMatch(v -> v.startsWith("dea.audit: 3 partitions"));
    }
}
