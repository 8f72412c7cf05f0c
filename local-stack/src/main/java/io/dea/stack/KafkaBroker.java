package io.dea.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
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
    private final Security security;
    private KafkaRaftServer server;

    /**
     * What a secured broker needs.
     *
     * @param admin              the super user's SCRAM credential (the broker's own inter-broker login too)
     * @param controllerPassword the controller listener's SASL/PLAIN password (user {@code controller}, also a super user)
     */
    public record Security(KafkaScram admin, String controllerPassword) {
        @Override
        public String toString() {
            return "Security[" + admin.username() + "]";
        }
    }

    /** A broker without logins or authorization (tests of one service against a bare broker). */
    public KafkaBroker(Path dataDir, int port, int controllerPort) {
        this(dataDir, port, controllerPort, null);
    }

    /** @param security logins and authorization; null for a PLAINTEXT broker that authorizes nothing */
    public KafkaBroker(Path dataDir, int port, int controllerPort, Security security) {
        this.dataDir = dataDir.toAbsolutePath();
        this.port = port;
        this.controllerPort = controllerPort;
        this.security = security;
    }

    public void start() throws Exception {
        Files.createDirectories(dataDir);
        Map<String, Object> props = new HashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        String client = security == null ? "PLAINTEXT" : KafkaScram.PROTOCOL;
        String controller = security == null ? "PLAINTEXT" : KafkaScram.PROTOCOL;
        props.put("listeners", client + "://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", client + "://127.0.0.1:" + port);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", client);
        props.put("listener.security.protocol.map", client + ":" + client + ",CONTROLLER:" + controller);
        if (security != null) {
            secure(props, client);
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
            if (security != null) {
                formatter.setScramArguments(List.of(security.admin().formatArgument()));
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

    /**
     * SCRAM on the client listener (SCRAM cannot secure the controller listener in KRaft, so the
     * controller takes SASL/PLAIN with one user), the standard authorizer, and two super users:
     * the admin and the controller. Everyone else gets only what an ACL grants.
     */
    private void secure(Map<String, Object> props, String client) {
        String plain = "PLAIN";
        props.put("sasl.enabled.mechanisms", KafkaScram.MECHANISM);
        props.put("sasl.mechanism.inter.broker.protocol", KafkaScram.MECHANISM);
        props.put("listener.name." + client.toLowerCase(Locale.ROOT) + "." + KafkaScram.MECHANISM.toLowerCase(Locale.ROOT)
                + ".sasl.jaas.config", security.admin().jaasConfig());
        props.put("sasl.mechanism.controller.protocol", plain);
        props.put("listener.name.controller.sasl.enabled.mechanisms", plain);
        String password = security.controllerPassword();
        props.put("listener.name.controller.plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + StackCredentials.CONTROLLER
                        + "\" password=\"" + password + "\" user_" + StackCredentials.CONTROLLER + "=\"" + password + "\";");
        props.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        props.put("super.users", "User:" + security.admin().username() + ";User:" + StackCredentials.CONTROLLER);
        props.put("allow.everyone.if.no.acl.found", "false");
    }

    /** Admin client properties of the super user: empty for PLAINTEXT. */
    public Map<String, String> adminProperties() {
        return security == null ? Map.of() : security.admin().clientProperties();
    }

    public boolean secured() {
        return security != null;
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
