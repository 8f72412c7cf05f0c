package io.dea.platform.lineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.dea.platform.step.StepRef;
import io.dea.events.v1.TaskRequested;
import io.dea.platform.config.PlatformAutoConfiguration;
import io.dea.platform.kafka.Topics;
import io.dea.platform.testing.TestKafka;
import io.dea.platform.testing.TestTasks;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClientUtils;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

/** Lineage events on a real broker, through the producer the platform configures from spring.kafka.*. */
class LineageKafkaTest {

    @TempDir
    Path home;

    @Test
    void shouldPublishALoadsEventsOnTheLineageTopicAsOpenLineageJsonKeyedByPlan() throws Exception {
        TestKafka kafka = TestKafka.shared();
        kafka.createTopic(Topics.LINEAGE, 1, Map.of());
        KafkaProperties properties = new KafkaProperties();
        properties.setBootstrapServers(List.of(kafka.bootstrapServers()));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        TestTasks tasks = new TestTasks(home);
        tasks.warehouse.withConnection(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA landing");
                s.execute("CREATE TABLE landing.orders (id INTEGER, amount DECIMAL(18,2))");
            }
            return null;
        });
        TaskRequested task = tasks.task("plan-kafka", StepRef.ingest("orders"), "ingestion", TestTasks.goal("""
                goal: orders
                sources: [{name: orders, format: csv, location: orders.csv}]
                mart: {name: order_totals, grain: [id], measures: [{name: amount, agg: sum, expr: orders.amount}]}
                """), Map.of());

        try (KafkaLineageSink sink = new PlatformAutoConfiguration().kafkaLineageSink(properties)) {
            LineageEmitter emitter = new LineageEmitter(sink, meters);
            new TaskLineage(emitter, task, tasks.warehouse)
                    .load(DatasetRef.file(home.resolve("orders.csv")), 42L, "landing", "orders", Instant.now(), 2L);
        }

        List<ConsumerRecord<String, String>> records = consume(kafka.bootstrapServers(), 2);
        assertThat(records).extracting(ConsumerRecord::key).containsOnly("plan-kafka");
        List<OpenLineage.RunEvent> events = records.stream().map(r -> OpenLineageClientUtils.runEventFromJson(r.value())).toList();
        assertThat(events).extracting(e -> e.getEventType().name()).containsExactly("START", "COMPLETE");
        assertThat(events).allSatisfy(e -> {
            assertThat(e.getRun().getRunId()).isEqualTo(LineageEmitter.runId(task.getTaskId(), task.getAttempt()));
            assertThat(e.getJob().getNamespace()).isEqualTo("dea");
            assertThat(e.getJob().getName()).isEqualTo("order_totals.ingest_orders");
            assertThat(e.getInputs()).extracting(OpenLineage.InputDataset::getNamespace, OpenLineage.InputDataset::getName)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("file", home.resolve("orders.csv").toAbsolutePath().toString()));
            assertThat(e.getInputs().get(0).getInputFacets().getInputStatistics().getSize()).isEqualTo(42L);
            OpenLineage.OutputDataset landing = e.getOutputs().get(0);
            assertThat(landing.getName()).isEqualTo("landing.orders");
            assertThat(landing.getNamespace()).isEqualTo(DatasetRef.warehouseNamespace(tasks.warehouse.location()));
            assertThat(landing.getFacets().getSchema().getFields())
                    .extracting(OpenLineage.SchemaDatasetFacetFields::getName, OpenLineage.SchemaDatasetFacetFields::getType)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("id", "INTEGER"),
                            org.assertj.core.groups.Tuple.tuple("amount", "DECIMAL(18,2)"));
            assertThat(landing.getOutputFacets().getOutputStatistics().getRowCount()).isEqualTo(2L);
        });
        assertThat(meters.counter(LineageEmitter.EMITTED).count()).isEqualTo(2);
        assertThat(meters.counter(LineageEmitter.FAILED).count()).isZero();
    }

    @Test
    void shouldCountAndNotThrowWhenLineageCannotBeBuiltOrSent() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        LineageEmitter refused = new LineageEmitter((plan, json) -> CompletableFuture.failedFuture(new IllegalStateException("broker down")), meters);
        LineageEmitter throwing = new LineageEmitter((plan, json) -> {
            throw new IllegalStateException("producer closed");
        }, meters);
        OpenLineage ol = refused.openLineage();
        OpenLineage.RunEvent event = RunEvents.event(ol, OpenLineage.RunEvent.EventType.START, Instant.now(),
                RunEvents.run(ol, LineageEmitter.runId("t", 1), null, null, null), RunEvents.job(ol, "m.s"), List.of(), List.of());

        assertThatCode(() -> {
            refused.emit("plan", "a refused send", () -> List.of(event));
            throwing.emit("plan", "a throwing send", () -> List.of(event));
            refused.emit("plan", "events that cannot be built", () -> {
                throw new IllegalArgumentException("no manifest");
            });
        }).doesNotThrowAnyException();
        assertThat(meters.counter(LineageEmitter.FAILED).count()).isEqualTo(3);
    }

    private static List<ConsumerRecord<String, String>> consume(String bootstrap, int count) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "lineage-test",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.LINEAGE));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        return records;
    }
}
