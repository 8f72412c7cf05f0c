package io.dea.orchestrator.stream;

import io.dea.platform.kafka.Topics;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An undecodable record (not Avro, unknown schema) goes to {@code <topic>-dlt}, same partition, with
 * the reason in a header, and processing continues: one bad record never stops a partition.
 */
public final class DeadLetteringHandler implements DeserializationExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(DeadLetteringHandler.class);

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        log.warn("dead-lettering undecodable record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                exception.getMessage());
        ProducerRecord<byte[], byte[]> dead = new ProducerRecord<>(Topics.deadLetter(record.topic()), record.partition(),
                record.key(), record.value());
        dead.headers().add("dea-error", String.valueOf(exception.getMessage()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return Response.resume(List.of(dead));
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }
}
