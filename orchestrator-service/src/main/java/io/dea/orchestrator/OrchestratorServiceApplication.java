package io.dea.orchestrator;

import io.dea.platform.config.ServiceLauncher;
import io.dea.orchestrator.plan.GoalAdoption;
import io.dea.orchestrator.plan.GoalValidator;
import io.dea.orchestrator.plan.DecisionCheck;
import io.dea.orchestrator.plan.PlanMachine;
import io.dea.orchestrator.plan.PlanStatus;
import io.dea.orchestrator.plan.Planner;
import io.dea.orchestrator.stream.DeadLetteringHandler;
import io.dea.orchestrator.stream.OrchestratorStreams;
import io.dea.orchestrator.stream.OrchestratorTopology;
import io.dea.platform.config.DeaProperties;
import io.dea.platform.event.EventFactory;
import io.dea.platform.source.SourcePolicy;
import io.dea.platform.source.SourceSettings;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import java.nio.file.Path;
import java.time.Duration;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * The orchestrator service: goal in, validated plan, tasks out, results correlated into plan state.
 * Kafka Streams rather than a consumer/producer pair because it gives, in one piece, partitioned
 * state that survives restarts and is shared among replicas, and exactly-once read-process-write.
 */
@SpringBootApplication
@EnableConfigurationProperties(SourceSettings.class)
public class OrchestratorServiceApplication {

    public static final String NAME = "orchestrator-service";

    public static void main(String[] args) {
        ServiceLauncher.main(OrchestratorServiceApplication.class, NAME, args);
    }

    /** Starts the service inside another JVM (the local stack) with extra properties. */
    public static ConfigurableApplicationContext start(Map<String, Object> properties) {
        return ServiceLauncher.start(OrchestratorServiceApplication.class, NAME, properties);
    }

    /** Goals are judged by the same source policy ingestion enforces (dea.connections.*, dea.sources.*). */
    @Bean
    GoalValidator goalValidator(@Value("${dea.ingestion.base-dir:}") String baseDir, SourceSettings sources, DeaProperties dea,
                                @Value("${dea.cost.max-budget:1TB}") String maxBudget) {
        Path base = Path.of(baseDir.isBlank() ? "." : baseDir).toAbsolutePath();
        SourcePolicy policy = SourcePolicy.of(sources, dea);
        return new GoalValidator(new FileSourceColumns(base, policy), source -> policy.refusals(source, base),
                io.dea.platform.goal.ByteSize.parse(maxBudget));
    }

    @Bean
    PlanMachine planMachine(@Value("${dea.orchestrator.max-attempts:3}") int maxAttempts,
                            @Value("${dea.orchestrator.backoff:2s}") Duration backoff,
                            @Value("${dea.orchestrator.task-timeout:120s}") Duration taskTimeout,
                            @Value("${dea.review.four-eyes:prod}") java.util.List<String> fourEyes, GoalValidator validator) {
        return new PlanMachine(maxAttempts, backoff, taskTimeout, new DecisionCheck(java.util.Set.copyOf(fourEyes)),
                GoalAdoption.of(validator, new Planner()));
    }

    @Bean
    OrchestratorStreams orchestratorStreams(GoalValidator validator, PlanMachine machine, EventFactory events,
                                            DeaProperties dea, KafkaProperties kafka,
                                            ObjectProvider<OpenTelemetry> openTelemetry, ObjectProvider<MeterRegistry> meters,
                                            @Value("${spring.kafka.properties.schema.registry.url}") String registry,
                                            @Value("${spring.kafka.properties.auto.register.schemas:true}") String autoRegister,
                                            @Value("${dea.orchestrator.application-id:dea-orchestrator}") String applicationId,
                                            @Value("${dea.orchestrator.commit-interval:50ms}") Duration commitInterval,
                                            @Value("${dea.orchestrator.poll-interval:10ms}") Duration pollInterval,
                                            @Value("${dea.orchestrator.processing-guarantee:exactly_once_v2}") String guarantee,
                                            @Value("${dea.orchestrator.threads:1}") int threads) {
        Map<String, Object> serde = Map.of("schema.registry.url", registry, "auto.register.schemas", autoRegister);
        Properties config = new Properties();
        // Bootstrap servers, security (SASL, TLS) and every spring.kafka.properties entry, as the
        // services' other Kafka clients get them.
        config.putAll(kafka.buildStreamsProperties());
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitInterval.toMillis());
        // The stream thread commits (and so makes its output visible) only after its next poll
        // returns: a short poll keeps that from adding up to 100 ms (the default) to every step.
        config.put(StreamsConfig.POLL_MS_CONFIG, pollInterval.toMillis());
        config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        config.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) dea.replicas());
        config.put(StreamsConfig.STATE_DIR_CONFIG, dea.home().resolve("streams").resolve(dea.instanceId()).toAbsolutePath().toString());
        config.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetteringHandler.class);
        // There is no global store; opting in to Kafka 5.0's default now keeps a warning out of every start.
        config.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        // Streams batches its output for 100 ms by default: on this path a task waits for nobody.
        config.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 0);
        config.put(StreamsConfig.CLIENT_ID_CONFIG, applicationId + "-" + dea.instanceId());
        return new OrchestratorStreams(OrchestratorTopology.build(serde, validator, new Planner(), machine, events,
                openTelemetry.getIfAvailable(OpenTelemetry::noop)), config, meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    /** Plans by state, from this instance's partitions: sum over replicas for the whole picture. */
    @Bean
    MeterBinder planStateGauges(OrchestratorStreams streams) {
        return registry -> {
            for (PlanStatus status : PlanStatus.values()) {
                String state = status.name();
                Gauge.builder("dea.plans", streams, s -> s.planCounts().getOrDefault(state, 0L))
                        .description("Plans held by this orchestrator instance, by state")
                        .tag("state", state)
                        .register(registry);
            }
        };
    }
}
