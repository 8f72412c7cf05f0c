package io.dea.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.dea.events.v1.StepKind;
import io.dea.platform.step.StepRef;
import io.dea.events.v1.TaskRequested;
import io.dea.events.v1.TaskResult;
import io.dea.platform.avro.ConfluentAvroDeserializer;
import io.dea.platform.avro.ConfluentAvroSerializer;
import io.dea.platform.avro.SchemaRegistryClient;
import io.dea.platform.avro.TopicSchemas;
import io.dea.platform.config.ServiceLauncher;
import io.dea.platform.kafka.AgentKind;
import io.dea.platform.kafka.Topics;
import io.dea.platform.testing.TestTasks;
import io.dea.registry.SchemaRegistryApplication;
import io.dea.stack.slow.SlowAgentApplication;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * An agent stopped (a pod deleted, a rolling update) while a task is in hand finishes it first:
 * the result is published, the offset committed, and the replica that takes over does not redo it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GracefulShutdownTest {

    private static final String REGISTRY_PASSWORD = "registry-" + UUID.randomUUID();

    private Path home;
    private KafkaBroker broker;
    private ConfigurableApplicationContext registry;
    private String registryUrl;

    @BeforeAll
    void startBrokerAndRegistry() throws Exception {
        home = Files.createTempDirectory("dea-shutdown");
        int port = StackFixture.freePortPair();
        broker = new KafkaBroker(home.resolve("kafka"), port, port + 1);
        broker.start();
        int registryPort = StackFixture.freePort();
        registry = SchemaRegistryApplication.start(broker.bootstrapServers(), registryPort,
                Map.of("spring.autoconfigure.exclude", String.join(",", LocalStack.NOT_FOR_THE_REGISTRY),
                        "dea.registry.users.operator.password", REGISTRY_PASSWORD, "dea.registry.users.operator.role", "write"));
        registryUrl = "http://127.0.0.1:" + registryPort;
        TopicSchemas.registerAll(new SchemaRegistryClient(registryUrl, "operator:" + REGISTRY_PASSWORD));
    }

    @AfterAll
    void stop() {
        if (registry != null) {
            registry.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void aStoppingAgentFinishesItsTaskAndTheNextReplicaDoesNotRedoIt() throws Exception {
        SlowAgentApplication.started = new CountDownLatch(1);
        SlowAgentApplication.workMillis = 4_000;
        int finishedBefore = SlowAgentApplication.finished.get();
        ConfigurableApplicationContext first = agent("first");
        TestTasks tasks = new TestTasks(home);
        TaskRequested task = tasks.task("plan-" + UUID.randomUUID(), StepRef.of(StepKind.SCHEDULE), AgentKind.OPS.id(),
                TestTasks.goal("""
                        goal: shutdown test
                        sources: [{name: orders, format: csv, location: orders.csv}]
                        mart: {name: m, grain: [orders.id], measures: [{name: n, agg: count, expr: orders.id}]}
                        """), Map.of());
        send(task);
        assertThat(SlowAgentApplication.started.await(60, TimeUnit.SECONDS)).as("the first replica took the task").isTrue();

        Instant stopping = Instant.now();
        first.close();
        Duration stop = Duration.between(stopping, Instant.now());

        assertThat(SlowAgentApplication.finished.get()).as("the task ran to its end before the service stopped").isEqualTo(finishedBefore + 1);
        assertThat(stop).as("stopping waited for the task").isGreaterThan(Duration.ofSeconds(2));
        List<TaskResult> results = results(task.getTaskId(), Duration.ofSeconds(20));
        assertThat(results).as("one result for the task").hasSize(1);
        assertThat(results.get(0).getSummary()).isEqualTo("slept 4000 ms");
        assertThat(committed("dea-ops")).as("the task's offset was committed").isEqualTo(1);

        SlowAgentApplication.started = new CountDownLatch(1);
        try (ConfigurableApplicationContext second = agent("second")) {
            assertThat(SlowAgentApplication.started.await(8, TimeUnit.SECONDS)).as("the next replica found no task to redo").isFalse();
        }
        assertThat(SlowAgentApplication.finished.get()).isEqualTo(finishedBefore + 1);
    }

    private ConfigurableApplicationContext agent(String instance) {
        Map<String, Object> p = new HashMap<>();
        p.put("spring.autoconfigure.exclude", String.join(",", LocalStack.SECURITY));
        p.put("spring.kafka.bootstrap-servers", broker.bootstrapServers());
        p.put("spring.kafka.properties.schema.registry.url", registryUrl);
        p.put("spring.kafka.properties.auto.register.schemas", false);
        p.put("server.port", 0);
        p.put("dea.home", home.toString());
        p.put("dea.instance", instance);
        p.put("spring.lifecycle.timeout-per-shutdown-phase", "30s");
        return ServiceLauncher.start(SlowAgentApplication.class, "slow-agent", p);
    }

    private void send(TaskRequested task) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConfluentAvroSerializer.REGISTRY_URL, registryUrl);
        p.put(ConfluentAvroSerializer.AUTO_REGISTER, false);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ConfluentAvroSerializer.class);
        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(p)) {
            producer.send(new ProducerRecord<>(Topics.tasks(AgentKind.OPS), task.getMeta().getPlanId(), task)).get(30, TimeUnit.SECONDS);
        }
    }

    private List<TaskResult> results(String taskId, Duration wait) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConfluentAvroSerializer.REGISTRY_URL, registryUrl);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ConfluentAvroDeserializer.class);
        List<TaskResult> found = new ArrayList<>();
        try (KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of(Topics.TASK_RESULTS));
            Instant deadline = Instant.now().plus(wait);
            while (Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(300)).forEach(r -> {
                    if (r.value() instanceof TaskResult result && result.getTaskId().equals(taskId)) {
                        found.add(result);
                    }
                });
                if (!found.isEmpty()) {
                    // keep reading a little longer: a second result would be a redo
                    deadline = Instant.now().plusSeconds(2).isBefore(deadline) ? Instant.now().plusSeconds(2) : deadline;
                }
            }
        }
        return found;
    }

    /** The group's committed offsets over the task topic, summed. */
    private long committed(String group) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS);
            return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(Topics.tasks(AgentKind.OPS)) && e.getValue() != null)
                    .mapToLong(e -> e.getValue().offset()).sum();
        }
    }
}
