package io.dea.platform.kafka;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.kafka.config.TopicBuilder;

/**
 * Builds the NewTopic declarations every service registers, so whichever service starts first
 * creates what is missing. Partition counts come from configuration; dead-letter topics get as many
 * partitions as their source because the recoverer keeps the partition.
 */
public final class TopicDeclarations {

    private TopicDeclarations() {
    }

    public static List<NewTopic> all(int partitions, short replicas) {
        List<NewTopic> topics = new ArrayList<>();
        for (String name : Topics.all()) {
            topics.add(TopicBuilder.name(name).partitions(partitions).replicas(replicas).build());
        }
        for (String name : Topics.compacted()) {
            topics.add(TopicBuilder.name(name).partitions(partitions).replicas(replicas)
                    .config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT).build());
        }
        return topics;
    }
}
