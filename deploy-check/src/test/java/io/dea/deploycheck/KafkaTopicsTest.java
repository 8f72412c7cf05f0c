package io.dea.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import io.dea.platform.kafka.KafkaAccess;
import io.dea.platform.kafka.TopicRegistry;
import io.dea.platform.kafka.TopicSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * k8s/base/kafka-topics.yaml holds one Strimzi KafkaTopic per topic of {@link TopicRegistry} and per
 * dead-letter topic it implies, plus the schema registry's own log. The file is generated from the
 * registry ({@link #yaml()}); when the registry changes, this test fails and prints the file to write.
 */
class KafkaTopicsTest {

    static final Path FILE = Repo.k8s().resolve("base/kafka-topics.yaml");

    @Test
    void theKafkaTopicsAreTheRegistry() throws Exception {
        GeneratedFile.assertIs(FILE, yaml(), "TopicRegistry");
    }

    @Test
    void aDeadLetterTopicIsDeclaredOnlyWhereAConsumerWritesIt() {
        List<String> names = OverlaysTest.DEV.rendered().all(Crds.KafkaTopic.class).stream().map(t -> t.spec().topicName()).toList();
        assertThat(names).contains("dea.task.progress-dlt", "dea.goal.accepted-dlt", "dea.reviews.decided-dlt")
                .doesNotContain("dea.reviews.requested-dlt");
    }

    /** The file's text, from the registry. */
    static String yaml() {
        StringBuilder out = new StringBuilder("""
                # Generated from platform/src/main/java/io/dea/platform/kafka/TopicRegistry.java (deploy-check's
                # KafkaTopicsTest fails and prints this file when the registry changes): every topic, declared for
                # Strimzi's topic operator (the Kafka cluster is named dea-kafka and watches this namespace).
                #
                # All plan-keyed topics have the same partition count (Kafka Streams co-partitioning, and a dead-letter
                # record keeps its partition). Choose it before the first deploy: adding partitions later moves plan
                # ids to other partitions while their plans are in flight. The prod overlay sets 12 for all of them.
                # DEA_PARTITIONS / DEA_REPLICAS in the ConfigMap must match (services declare the same topics).
                """);
        for (TopicSpec topic : TopicRegistry.all()) {
            topic(out, topic.about(), topic.name(), "platform", 6, topic.compacted(), topic.retention());
            if (topic.hasDeadLetter()) {
                topic(out, "dead letters of " + topic.name() + " (same partition as the original record)", topic.deadLetterTopic(),
                        "platform", 6, false, TopicSpec.DEAD_LETTER_RETENTION);
            }
        }
        topic(out, "the schema registry's own log: one partition, compacted (not plan-keyed, never scaled)", KafkaAccess.REGISTRY_TOPIC,
                "registry", 1, true, null);
        return out.toString();
    }

    private static void topic(StringBuilder out, String about, String name, String group, int partitions, boolean compacted,
            Duration retention) {
        out.append("---\n# ").append(about).append('\n')
                .append("apiVersion: kafka.strimzi.io/v1beta2\n")
                .append("kind: KafkaTopic\n")
                .append("metadata:\n")
                .append("  name: ").append(name.replace("._", "-").replace('.', '-')).append('\n')
                .append("  labels:\n")
                .append("    strimzi.io/cluster: dea-kafka\n")
                .append("    dea.io/topic-group: ").append(group).append('\n')
                .append("spec:\n")
                .append("  topicName: ").append(name).append('\n')
                .append("  partitions: ").append(partitions).append('\n')
                .append("  replicas: 1\n")
                .append("  config:\n")
                .append("    cleanup.policy: ").append(compacted ? "compact" : "delete").append('\n');
        if (retention != null) {
            out.append("    retention.ms: ").append(retention.toMillis()).append('\n');
        }
        out.append("    min.insync.replicas: 1\n");
    }
}
