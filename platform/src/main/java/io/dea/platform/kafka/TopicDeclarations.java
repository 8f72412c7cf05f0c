package io.dea.platform.kafka;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.kafka.config.TopicBuilder;

/**
 * The NewTopic declarations of {@link TopicRegistry} (the local stack's admin creates them; services
 * declare them too where they may create topics). Partition counts come from configuration;
 * dead-letter topics get as many partitions as their source because the recoverer keeps the partition.
 */
public final class TopicDeclarations {

    private TopicDeclarations() {
    }

    public static List<NewTopic> all(int partitions, short replicas) {
        List<NewTopic> topics = new ArrayList<>();
        for (TopicSpec spec : TopicRegistry.all()) {
            TopicBuilder topic = TopicBuilder.name(spec.name()).partitions(partitions).replicas(replicas);
            if (spec.compacted()) {
                topic.config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
            }
            topics.add(topic.build());
            if (spec.hasDeadLetter()) {
                topics.add(TopicBuilder.name(spec.deadLetterTopic()).partitions(partitions).replicas(replicas).build());
            }
        }
        return topics;
    }
}
