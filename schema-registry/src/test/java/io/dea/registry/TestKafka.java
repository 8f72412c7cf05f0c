package io.dea.registry;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * One embedded KRaft broker for every test class in the JVM; each class uses its own topic.
 *
 * <p>Starting a broker costs seconds, and the classes never share a topic, so sharing the broker
 * keeps the suite fast without coupling the tests. It drives Kafka's own KRaft test kit directly:
 * spring-kafka-test 4.1.2's {@code EmbeddedKafkaKraftBroker} wraps the same kit but calls
 * {@code KafkaClusterTestKit.clientProperties()}, which Kafka 4.3 removed.
 */
final class TestKafka {

    private static KafkaClusterTestKit cluster;

    private TestKafka() {
    }

    static synchronized String bootstrapServers() {
        if (cluster == null) {
            cluster = start();
            Runtime.getRuntime().addShutdownHook(new Thread(TestKafka::stop, "embedded-kafka-stop"));
        }
        return cluster.bootstrapServers();
    }

    private static KafkaClusterTestKit start() {
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
            return kit;
        } catch (Exception e) {
            throw new IllegalStateException("Could not start the embedded Kafka broker", e);
        }
    }

    private static void stop() {
        try {
            cluster.close();
        } catch (Exception e) {
            // The JVM is going away; a broker that will not close cleanly changes nothing.
        }
    }
}
