package io.dea.stack;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SASL/SCRAM-SHA-512 credentials of one principal on the local broker's client listener, and the
 * client settings that go with them. The same three client properties configure every Kafka client
 * of the project (services, orchestrator streams, schema registry, CLI), each with its own user, as
 * they would against a production cluster with SCRAM (over TLS there: {@code SASL_SSL}).
 */
public record KafkaScram(String username, String password) {

    public static final String MECHANISM = "SCRAM-SHA-512";
    public static final String PROTOCOL = "SASL_PLAINTEXT";

    public KafkaScram {
        if (username == null || username.isBlank() || password == null || password.isBlank()) {
            throw new IllegalArgumentException("SCRAM needs a user name and a password");
        }
        if (username.contains("\"") || password.contains("\"") || username.contains(",") || username.contains("=")) {
            throw new IllegalArgumentException("SCRAM user names may not contain '\"', ',' or '='; passwords may not contain '\"'");
        }
    }

    /**
     * The submitter's credentials when {@code DEA_KAFKA_SCRAM_PASSWORD} chooses its password (the
     * stack generates one otherwise); null when it is not set. {@code DEA_KAFKA_SCRAM_USER}, if set,
     * must name the submitter: every other principal's password is the stack's own.
     */
    public static KafkaScram fromEnvironment(Map<String, String> env) {
        String user = env.getOrDefault("DEA_KAFKA_SCRAM_USER", "");
        String submitter = io.dea.platform.kafka.KafkaAccess.Principal.SUBMITTER.user();
        if (!user.isBlank() && !user.equals(submitter)) {
            throw new IllegalArgumentException("DEA_KAFKA_SCRAM_USER may only be '" + submitter
                    + "': the CLI and foreign clients log in as the submitter; unset it or set it to " + submitter);
        }
        String password = env.get("DEA_KAFKA_SCRAM_PASSWORD");
        return password == null || password.isBlank() ? null : new KafkaScram(submitter, password);
    }

    /** The Kafka client properties that log in with these credentials. */
    public Map<String, String> clientProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("security.protocol", PROTOCOL);
        p.put("sasl.mechanism", MECHANISM);
        p.put("sasl.jaas.config", jaasConfig());
        return p;
    }

    public String jaasConfig() {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + username
                + "\" password=\"" + password + "\";";
    }

    /** The credential as {@code kafka-storage format --add-scram} takes it. */
    String formatArgument() {
        return MECHANISM + "=[name=" + username + ",password=" + password + "]";
    }

    @Override
    public String toString() {
        return "KafkaScram[" + username + "]";
    }
}
