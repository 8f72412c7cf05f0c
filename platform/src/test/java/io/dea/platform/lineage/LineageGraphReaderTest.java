package io.dea.platform.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import io.dea.platform.kafka.Topics;
import io.dea.platform.lineage.LineageGraphAnswer.Found;
import io.dea.platform.testing.TestKafka;
import io.openlineage.client.OpenLineageClientUtils;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The whole lineage topic of a real broker, read into a graph from the beginning; a record that is no RunEvent is skipped. */
class LineageGraphReaderTest {

    @Test
    void readsEveryPartitionToItsEndAndSkipsWhatIsNotARunEvent() throws Exception {
        try (TestKafka kafka = TestKafka.start()) {
            kafka.createTopic(Topics.LINEAGE, 3, Map.of());
            Instant at = Instant.parse("2026-03-01T10:00:00Z");
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                    Map.of("bootstrap.servers", kafka.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>(Topics.LINEAGE, "g1", OpenLineageClientUtils.toJson(LineageGraphEvents.load(
                        "m.ingest_orders", at, DatasetRef.file(Path.of("/shop/orders.csv")), "landing.orders")))).get();
                producer.send(new ProducerRecord<>(Topics.LINEAGE, "junk", "not json")).get();
                producer.send(new ProducerRecord<>(Topics.LINEAGE, "g2", OpenLineageClientUtils.toJson(LineageGraphEvents.model(
                        "m.apply.stg_orders", at.plusSeconds(5), List.of("landing.orders"), "dev.stg_orders")))).get();
            }

            LineageGraph graph = LineageGraphReader.readAll(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                    null, Duration.ofSeconds(30));

            assertThat(graph.lineage("dev.stg_orders", LineageGraph.Direction.UPSTREAM, false).nodes()).extracting(Found::name)
                    .containsExactly("landing.orders", "/shop/orders.csv");
        }
    }
}
