package io.dea.platform.config;

import io.dea.platform.agent.TaskHandler;
import io.dea.platform.agent.TaskLedger;
import io.dea.platform.agent.TaskListener;
import io.dea.platform.agent.TaskServices;
import io.dea.platform.artifact.ArtifactStore;
import io.dea.platform.dbt.Dbt;
import io.dea.platform.event.EventFactory;
import io.dea.platform.kafka.TopicDeclarations;
import io.dea.platform.lineage.KafkaLineageSink;
import io.dea.platform.lineage.LineageEmitter;
import io.dea.platform.tool.ToolAudit;
import io.dea.platform.warehouse.DuckDbWarehouse;
import io.dea.platform.warehouse.Warehouse;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

/**
 * Wiring every service gets by depending on the platform: topic declarations (created when
 * missing), event stamping, tool audit, the bounded-retry-then-dead-letter error handler, the
 * warehouse, the data project and dbt; and, in a service that declares a {@link TaskHandler}, the
 * task-handling template around it.
 */
@AutoConfiguration(afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@EnableConfigurationProperties({DeaProperties.class, io.dea.platform.llm.LlmSettings.class})
public class PlatformAutoConfiguration {

    @Bean
    public KafkaAdmin.NewTopics deaTopics(DeaProperties properties) {
        return new KafkaAdmin.NewTopics(TopicDeclarations.all(properties.partitions(), properties.replicas())
                .toArray(NewTopic[]::new));
    }

    @Bean
    public EventFactory eventFactory(DeaProperties properties) {
        return new EventFactory(properties.service(), properties.instanceId());
    }

    @Bean
    public ToolAudit toolAudit(KafkaTemplate<String, Object> kafka, EventFactory events,
                               ObjectProvider<ObservationRegistry> observations) {
        return new ToolAudit(new io.dea.platform.event.KafkaEventSink(kafka), events,
                observations.getIfAvailable(() -> ObservationRegistry.NOOP));
    }

    /** Three quick retries, then the record goes to {@code <topic>-dlt} on the same partition. */
    @Bean
    @ConditionalOnMissingBean(CommonErrorHandler.class)
    public CommonErrorHandler deadLetteringErrorHandler(KafkaTemplate<String, Object> kafka) {
        return new DefaultErrorHandler(new DeadLetterPublishingRecoverer(kafka), new FixedBackOff(500L, 3L));
    }

    /**
     * The JSON producer of the lineage topic: the same spring.kafka.* settings (servers, security,
     * acks) as the service's Avro template, with String serializers. Closed with the context.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    @ConditionalOnBean(KafkaProperties.class)
    public KafkaLineageSink kafkaLineageSink(KafkaProperties kafka) {
        return new KafkaLineageSink(kafka.buildProducerProperties());
    }

    @Bean
    @ConditionalOnMissingBean
    public LineageEmitter lineageEmitter(ObjectProvider<KafkaLineageSink> sink, ObjectProvider<MeterRegistry> meters) {
        io.dea.platform.lineage.LineageSink kafka = sink.getIfAvailable();
        return new LineageEmitter(kafka == null ? io.dea.platform.lineage.LineageSink.NONE : kafka,
                meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    @ConditionalOnMissingBean(Warehouse.class)
    public Warehouse warehouse(DeaProperties properties, org.springframework.core.env.Environment environment) {
        // Locked down; only a service that reads source files (ingestion) names directories here.
        String[] readable = environment.getProperty("dea.warehouse.readable-directories", String[].class, new String[0]);
        return new DuckDbWarehouse(properties.warehouseFile(), false,
                java.util.Arrays.stream(readable).filter(d -> !d.isBlank()).map(d -> java.nio.file.Path.of(d.trim())).toList());
    }

    @Bean
    @ConditionalOnMissingBean
    public ArtifactStore artifactStore(DeaProperties properties) {
        return new ArtifactStore(properties.dataProjectDir());
    }

    @Bean
    @ConditionalOnMissingBean
    public Dbt dbt(DeaProperties properties, Warehouse warehouse) {
        return new Dbt(properties.dbt(), warehouse);
    }

    @Bean
    @ConditionalOnBean(TaskHandler.class)
    public TaskLedger taskLedger(Warehouse warehouse) {
        return new TaskLedger(warehouse);
    }

    /** What every task of this agent runs with: its context is built from these, once per task. */
    @Bean
    @ConditionalOnBean(TaskHandler.class)
    public TaskServices taskServices(KafkaTemplate<String, Object> kafka, EventFactory events, ToolAudit audit, Warehouse warehouse,
                                     ArtifactStore artifacts, Dbt dbt, DeaProperties properties, LineageEmitter lineage,
                                     io.dea.platform.llm.LlmSettings llm, ObjectProvider<MeterRegistry> meters) {
        // No provider, no model: every agent keeps its deterministic path.
        io.dea.platform.llm.LanguageModel model = llm.configured()
                ? new io.dea.platform.llm.LanguageModel(llm, meters.getIfAvailable(SimpleMeterRegistry::new)) : null;
        return new TaskServices(new io.dea.platform.event.KafkaEventSink(kafka), events, audit, warehouse, artifacts, dbt,
                properties.home().resolve("work"), lineage, model);
    }

    @Bean
    @ConditionalOnBean(TaskHandler.class)
    public TaskListener taskListener(TaskHandler handler, TaskServices services, TaskLedger ledger, KafkaTemplate<String, Object> kafka,
                                     ObjectProvider<MeterRegistry> meters) {
        return new TaskListener(handler, services, ledger, kafka, meters.getIfAvailable(SimpleMeterRegistry::new));
    }
}
