package io.dea.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real Apache Kafka broker in KRaft mode (combined broker and controller, one node), run in this
 * JVM from the Kafka jars, with its log under a directory that outlives the process: stopping and
 * starting it again keeps every topic, offset and plan. Given SCRAM credentials, its client
 * listener accepts only SASL/SCRAM-SHA-512 logins (the credential is created when the data
 * directory is first formatted).
 */
public final class KafkaBroker implements AutoCloseable {

    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private final KafkaScram scram;
    private KafkaRaftServer server;

    public KafkaBroker(Path dataDir, int port, int controllerPort) {
        this(dataDir, port, controllerPort, null);
    }

    /** @param scram the only credential the client listener accepts; null for a PLAINTEXT listener */
    public KafkaBroker(Path dataDir, int port, int controllerPort, KafkaScram scram) {
        this.dataDir = dataDir.toAbsolutePath();
        this.port = port;
        this.controllerPort = controllerPort;
        this.scram = scram;
    }

    public void start() throws Exception {
        Files.createDirectories(dataDir);
        Map<String, Object> props = new HashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        String client = scram == null ? "PLAINTEXT" : KafkaScram.PROTOCOL;
        props.put("listeners", client + "://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", client + "://127.0.0.1:" + port);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", client);
        props.put("listener.security.protocol.map", client + ":" + client + ",CONTROLLER:PLAINTEXT");
        if (scram != null) {
            props.put("sasl.enabled.mechanisms", KafkaScram.MECHANISM);
            props.put("sasl.mechanism.inter.broker.protocol", KafkaScram.MECHANISM);
            props.put("listener.name." + client.toLowerCase(java.util.Locale.ROOT) + "." + KafkaScram.MECHANISM.toLowerCase(java.util.Locale.ROOT)
                    + ".sasl.jaas.config", scram.jaasConfig());
        }
        props.put("log.dirs", dataDir.toString());
        props.put("num.partitions", "6");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "6");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "6");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("auto.create.topics.enable", "false");
        props.put("log.segment.bytes", String.valueOf(64 * 1024 * 1024));
        KafkaConfig config = new KafkaConfig(props, false);
        if (!Files.exists(dataDir.resolve("meta.properties"))) {
            Formatter formatter = new Formatter();
            if (scram != null) {
                formatter.setScramArguments(List.of(scram.formatArgument()));
            }
            formatter
                    .setNodeId(1)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(List.of(dataDir.toString()))
                    .setMetadataLogDirectory(dataDir.toString())
                    .setControllerListenerName("CONTROLLER")
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
                    .run();
        }
        server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** What a client needs besides the bootstrap servers: empty for PLAINTEXT. */
    public Map<String, String> clientProperties() {
        return scram == null ? Map.of() : scram.clientProperties();
    }

    @Override
    public void close() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }
}
