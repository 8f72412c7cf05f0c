package io.dea.orchestrator.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.dea.platform.kafka.Topics;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.junit.jupiter.api.Test;

/** Where an undecodable record goes; the topology test shows processing goes on after it. */
class DeadLetteringHandlerTest {

    @Test
    void anUndecodableRecordGoesToItsTopicsDeadLetterTopicOnTheSamePartitionAndProcessingResumes() {
        ConsumerRecord<byte[], byte[]> bad = new ConsumerRecord<>(Topics.TASK_PROGRESS, 3, 42L,
                "g1".getBytes(StandardCharsets.UTF_8), new byte[] {1, 2, 3});

        // The handler reads nothing from the streams context: the record and the error are all it needs.
        DeserializationExceptionHandler.Response response = new DeadLetteringHandler()
                .handleError(null, bad, new SerializationException("unknown magic byte"));

        assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).singleElement().satisfies(dead -> {
            ProducerRecord<byte[], byte[]> record = dead;
            assertThat(record.topic()).isEqualTo(Topics.TASK_PROGRESS + "-dlt");
            assertThat(record.partition()).isEqualTo(3);
            assertThat(record.key()).isEqualTo(bad.key());
            assertThat(record.value()).isEqualTo(bad.value());
            assertThat(new String(record.headers().lastHeader("dea-error").value(), StandardCharsets.UTF_8)).isEqualTo("unknown magic byte");
        });
    }
}
