package io.dea.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.dea.platform.avro.TopicSchemas;
import io.dea.platform.kafka.KafkaAccess.Principal;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/**
 * The registry against every list derived from or checked by it: a topic name without a
 * declaration, a value without a schema, a dead-letter topic nobody writes or nobody creates, and a
 * consumer without its read ACL all fail here before a broker ever refuses them.
 */
class TopicRegistryTest {

    @Test
    void everyTopicNameIsDeclaredOnce() throws IllegalAccessException {
        List<String> declared = TopicRegistry.all().stream().map(TopicSpec::name).toList();
        assertThat(declared).doesNotHaveDuplicates();
        for (Field field : Topics.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class && !field.getName().equals("DLT_SUFFIX")) {
                assertThat(declared).as("Topics.%s is declared in TopicRegistry", field.getName()).contains((String) field.get(null));
            }
        }
        for (AgentKind kind : AgentKind.values()) {
            assertThat(declared).contains(Topics.tasks(kind));
        }
    }

    @Test
    void everyAvroTopicHasItsSchemaAndOnlyLineageIsJson() {
        for (TopicSpec topic : TopicRegistry.all()) {
            if (topic.avro()) {
                assertThat(TopicSchemas.all()).as(topic.name()).containsEntry(topic.name(), topic.valueSchema());
            } else {
                assertThat(topic.name()).isEqualTo(Topics.LINEAGE);
            }
        }
        assertThat(TopicSchemas.all()).doesNotContainKey(Topics.LINEAGE);
        assertThat(TopicSchemas.all().keySet()).noneMatch(t -> t.endsWith(Topics.DLT_SUFFIX));
    }

    @Test
    void deadLetterTopicsExistExactlyWhereAConsumerWritesThem() {
        Set<String> created = new LinkedHashSet<>(TopicDeclarations.all(3, (short) 1).stream().map(NewTopic::name).toList());
        for (TopicSpec topic : TopicRegistry.all()) {
            String dlt = Topics.deadLetter(topic.name());
            assertThat(created).as("created: %s", topic.name()).contains(topic.name());
            assertThat(created.contains(dlt)).as("%s is created exactly when %s has a dead-letter writer", dlt, topic.name())
                    .isEqualTo(topic.hasDeadLetter());
            if (topic.hasDeadLetter()) {
                assertThat(KafkaAccess.writes(topic.deadLetters())).as("%s may write %s", topic.deadLetters(), dlt).contains(dlt);
            }
        }
        assertThat(created).hasSize(TopicRegistry.all().size() + Topics.deadLettered().size());
    }

    /** The orchestrator's deserialization handler and every agent's listener dead-letter all they read. */
    @Test
    void everyTopicTheStreamsOrAnAgentListenerReadsHasADeadLetterTopic() {
        for (TopicSpec topic : TopicRegistry.all()) {
            for (Principal consumer : topic.consumers()) {
                boolean listener = consumer.agent() != null && topic.name().equals(Topics.tasks(consumer.agent()));
                if (consumer == Principal.ORCHESTRATOR || listener) {
                    assertThat(topic.deadLetters()).as("dead letters of %s", topic.name()).isEqualTo(consumer);
                }
            }
        }
        assertThat(TopicRegistry.of(Topics.REVIEWS_REQUESTED).hasDeadLetter())
                .as("the review service reads review requests with a plain reader that skips bad records").isFalse();
        assertThat(TopicRegistry.of(Topics.PLAN_STATE).hasDeadLetter())
                .as("the ops agent's lifecycle reads plan states with a plain reader that skips bad records").isFalse();
    }

    @Test
    void eachPrincipalReadsExactlyTheTopicsItConsumes() {
        for (Principal principal : Principal.values()) {
            List<String> consumes = new ArrayList<>();
            TopicRegistry.all().stream().filter(t -> t.consumers().contains(principal)).map(TopicSpec::name).forEach(consumes::add);
            Set<String> reads = new LinkedHashSet<>(KafkaAccess.reads(principal));
            // The registry's own log is its store, declared by the registry itself, not a topic of the platform.
            reads.remove(KafkaAccess.REGISTRY_TOPIC);
            assertThat(reads).as("read ACLs of %s", principal).containsExactlyInAnyOrderElementsOf(consumes);
        }
    }

    @Test
    void compactedAndConsumedListsComeFromTheRegistry() {
        assertThat(Topics.compacted()).containsExactly(Topics.PLAN_STATE);
        assertThat(Topics.all()).doesNotContain(Topics.PLAN_STATE).contains(Topics.deadLetter(Topics.TASK_PROGRESS),
                Topics.deadLetter(Topics.GOALS_ACCEPTED)).doesNotContain(Topics.deadLetter(Topics.REVIEWS_REQUESTED));
        assertThat(Topics.consumed()).contains(Topics.REVIEWS_REQUESTED, Topics.PLAN_STATE).doesNotContain(Topics.AUDIT);
    }
}
