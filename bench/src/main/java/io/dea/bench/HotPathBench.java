package io.dea.bench;

import io.dea.events.v1.GoalRequested;
import io.dea.events.v1.GoalSpec;
import io.dea.events.v1.Outcome;
import io.dea.events.v1.TaskRequested;
import io.dea.events.v1.StepKind;
import io.dea.events.v1.TaskResult;
import io.dea.orchestrator.OrchestratorServiceApplication;
import io.dea.orchestrator.plan.Planner;
import io.dea.orchestrator.plan.Step;
import io.dea.orchestrator.stream.OrchestratorStreams;
import io.dea.platform.avro.ConfluentAvroDeserializer;
import io.dea.platform.avro.ConfluentAvroSerializer;
import io.dea.platform.avro.SchemaRegistryClient;
import io.dea.platform.avro.TopicSchemas;
import io.dea.platform.event.EventFactory;
import io.dea.platform.goal.GoalYaml;
import io.dea.platform.kafka.AgentKind;
import io.dea.platform.kafka.Topics;
import io.dea.registry.SchemaRegistryApplication;
import io.dea.stack.KafkaBroker;
import io.dea.stack.LocalStack;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The orchestrator's hot path: from an agent's result being sent to the next task reaching an
 * agent (read_committed, as agents read), on a real KRaft broker with the real orchestrator. The
 * harness plays every agent and answers each task at once with SUCCEEDED, so what is measured is the
 * orchestrator and Kafka, not dbt. For a step with several inputs the clock starts at the last one.
 *
 * <p>Usage: {@code bench/run.sh HotPathBench [plans] [commit-interval-ms] [plans in flight] [exactly_once_v2|at_least_once]}: with few
 * plans in flight it measures latency, with many the orchestrator's throughput shows as queueing.
 */
public final class HotPathBench {

    private static final String GOAL = """
            goal: hot path
            sources:
              - { name: orders, format: csv, location: /nonexistent/orders.csv }
              - { name: payments, format: csv, location: /nonexistent/payments.csv }
            mart:
              name: m
              grain: [orders.order_date]
              measures: [{ name: revenue, agg: sum, expr: payments.amount }]
            """;

    public static void main(String[] args) throws Exception {
        int plans = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        String commitInterval = args.length > 1 ? args[1] + "ms" : "50ms";
        int inFlight = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        String guarantee = args.length > 3 ? args[3] : "exactly_once_v2";
        Path home = Files.createTempDirectory("dea-bench");
        int port = freePort();
        try (KafkaBroker broker = new KafkaBroker(home.resolve("kafka"), port, port + 1)) {
            broker.start();
            ConfigurableApplicationContext registry = SchemaRegistryApplication.start(broker.bootstrapServers(), 0, Map.of(
                    "spring.autoconfigure.exclude", String.join(",", LocalStack.NOT_FOR_THE_REGISTRY),
                    "dea.registry.users.bench.password", "bench-registry", "dea.registry.users.bench.role", "write"));
            String registryUrl = "http://127.0.0.1:" + registry.getEnvironment().getProperty("local.server.port");
            TopicSchemas.registerAll(new SchemaRegistryClient(registryUrl, "bench:bench-registry"));
            ConfigurableApplicationContext orchestrator = OrchestratorServiceApplication.start(Map.of(
                    "spring.kafka.bootstrap-servers", broker.bootstrapServers(),
                    "spring.kafka.properties.schema.registry.url", registryUrl,
                    "spring.kafka.properties.auto.register.schemas", false,
                    "dea.home", home.toString(), "server.port", 0,
                    "dea.orchestrator.commit-interval", commitInterval,
                    "dea.orchestrator.processing-guarantee", guarantee,
                    "spring.autoconfigure.exclude", String.join(",", LocalStack.SECURITY),
                    "logging.level.root", "WARN"));
            OrchestratorStreams streams = orchestrator.getBean(OrchestratorStreams.class);
            while (!streams.isRunning() || streams.activeTasks() == 0) {
                Thread.sleep(100);
            }
            Result result = run(broker.bootstrapServers(), registryUrl, plans, inFlight);
            System.out.printf("plans=%d in-flight=%d %s commit-interval=%s transitions=%d in %.1f s (%.0f transitions/s)%n", plans, inFlight,
                    guarantee, commitInterval,
                    result.latenciesMicros.length, result.seconds, result.latenciesMicros.length / result.seconds);
            System.out.printf("result sent -> next task received (ms): p50=%.1f p95=%.1f p99=%.1f max=%.1f%n",
                    pct(result.latenciesMicros, 50), pct(result.latenciesMicros, 95), pct(result.latenciesMicros, 99),
                    pct(result.latenciesMicros, 100));
            orchestrator.close();
            registry.close();
        }
        System.exit(0);
    }

    private record Result(long[] latenciesMicros, double seconds) {
    }

    private static Result run(String bootstrap, String registryUrl, int plans, int inFlight) throws Exception {
        GoalSpec goal = GoalYaml.parse(GOAL);
        Map<String, List<String>> dependsOn = new HashMap<>();
        for (Step step : new Planner().plan("x", "t", "bench", goal, 0).steps()) {
            dependsOn.put(step.name(), step.dependsOn());
        }
        EventFactory events = new EventFactory("bench-agents", "bench-1");
        Map<String, Map<String, Long>> sentAt = new HashMap<>();
        List<Long> latencies = new ArrayList<>();
        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(producerConfig(bootstrap, registryUrl));
             KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(consumerConfig(bootstrap, registryUrl))) {
            List<String> taskTopics = Arrays.stream(AgentKind.values()).map(Topics::tasks).toList();
            consumer.subscribe(taskTopics);
            while (consumer.assignment().isEmpty()) {
                consumer.poll(java.time.Duration.ofMillis(100));
            }
            long started = System.nanoTime();
            int submitted = 0;
            for (; submitted < Math.min(inFlight, plans); submitted++) {
                submit(producer, goal, submitted);
            }
            int completed = 0;
            long deadline = System.nanoTime() + java.time.Duration.ofMinutes(10).toNanos();
            while (completed < plans && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, Object> record : consumer.poll(java.time.Duration.ofMillis(5))) {
                    long now = System.nanoTime();
                    TaskRequested task = (TaskRequested) record.value();
                    Map<String, Long> sent = sentAt.computeIfAbsent(task.getMeta().getPlanId(), k -> new HashMap<>());
                    List<String> deps = dependsOn.get(task.getStep());
                    if (!deps.isEmpty() && deps.stream().allMatch(sent::containsKey)) {
                        long last = deps.stream().mapToLong(sent::get).max().orElseThrow();
                        latencies.add((now - last) / 1_000);
                    }
                    TaskResult result = TaskResult.newBuilder()
                            .setMeta(events.follow(task.getMeta())).setTaskId(task.getTaskId()).setAttempt(task.getAttempt())
                            .setStep(task.getStep()).setAgent(task.getAgent()).setOutcome(Outcome.SUCCEEDED)
                            .setSummary("ok").setOutputs(Map.of()).setArtifacts(List.of()).setReview(null).build();
                    sent.put(task.getStep(), System.nanoTime());
                    producer.send(new ProducerRecord<>(Topics.TASK_RESULTS, task.getMeta().getPlanId(), result));
                    if (task.getKind() == StepKind.APPLY) {
                        completed++;
                        if (submitted < plans) {
                            submit(producer, goal, submitted++);
                        }
                    }
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            return new Result(latencies.stream().mapToLong(Long::longValue).sorted().toArray(), seconds);
        }
    }

    private static void submit(KafkaProducer<String, Object> producer, GoalSpec goal, int i) {
        String goalId = "bench-" + i;
        producer.send(new ProducerRecord<>(Topics.GOAL_REQUESTS, goalId, new GoalRequested(goalId, "bench", Instant.now(), goal)));
    }

    private static double pct(long[] sorted, int percentile) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1000.0;
    }

    private static Properties producerConfig(String bootstrap, String registryUrl) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ConfluentAvroSerializer.class);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        p.put(ConfluentAvroSerializer.REGISTRY_URL, registryUrl);
        p.put(ConfluentAvroSerializer.AUTO_REGISTER, false);
        return p;
    }

    private static Properties consumerConfig(String bootstrap, String registryUrl) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-agents");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ConfluentAvroDeserializer.class);
        p.put(ConfluentAvroSerializer.REGISTRY_URL, registryUrl);
        p.put(ConfluentAvroSerializer.AUTO_REGISTER, false);
        return p;
    }

    private static int freePort() throws Exception {
        for (int i = 0; i < 50; i++) {
            try (ServerSocket a = new ServerSocket(0)) {
                int port = a.getLocalPort();
                try (ServerSocket b = new ServerSocket(port + 1)) {
                    return port;
                } catch (Exception busy) {
                    // try another pair
                }
            }
        }
        throw new IllegalStateException("no two free consecutive ports");
    }
}
