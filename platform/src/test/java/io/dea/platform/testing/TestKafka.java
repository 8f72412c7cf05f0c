package io.dea.platform.testing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real single-node KRaft broker from Kafka's own test kit, the one Spring Kafka's
 * {@code EmbeddedKafkaKraftBroker} wraps: that wrapper (spring-kafka-test 4.1.2) calls
 * {@code KafkaClusterTestKit.clientProperties()}, which Kafka 4.3 removed, so the kit is driven here.
 * A test class either starts its own ({@link #start()}) or shares one per JVM ({@link #shared()}).
 */
public final class TestKafka implements AutoCloseable {

    private static TestKafka shared;

    private final KafkaClusterTestKit cluster;

    private TestKafka(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    /** One broker for every test class in this JVM that asks; each class should use its own topics. */
    public static synchronized TestKafka shared() {
        if (shared == null) {
            shared = start();
        }
        return shared;
    }

    /**
     * Closes the shared broker when the test session ends ({@link TestKafkaSession}), not in a JVM
     * shutdown hook: a broker stopping while the JVM exits can turn a green run into a crashed fork.
     */
    static synchronized void closeShared() {
        if (shared != null) {
            shared.close();
            shared = null;
        }
    }

    public static TestKafka start() {
        try {
            KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build())
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .build();
            kit.format();
            kit.startup();
            kit.waitForReadyBrokers();
            return new TestKafka(kit);
        } catch (Exception e) {
            throw new IllegalStateException("Could not start the embedded Kafka broker", e);
        }
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /**
     * Creates a topic and returns once its partition has a leader. The schema registry (at the time
     * of writing) reads the end offset of its topic right after creating it and fails when the
     * metadata has not spread yet, so its topic is made here first.
     */
    public void createTopic(String name, int partitions, Map<String, String> configs) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs))).all().get(30, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (true) {
                try {
                    if (admin.describeTopics(List.of(name)).allTopicNames().get(5, TimeUnit.SECONDS).get(name)
                            .partitions().stream().allMatch(p -> p.leader() != null)) {
                        return;
                    }
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        throw e;
                    }
                }
                Thread.sleep(50);
            }
        } catch (Exception e) {
            throw new IllegalStateException("Could not create " + name, e);
        }
    }

    @Override
    public void close() {
        try {
            cluster.close();
        } catch (Exception e) {
            // Tests are over; a broker that will not close cleanly changes nothing.
        }
    }
}
