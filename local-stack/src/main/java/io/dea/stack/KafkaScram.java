package io.dea.stack;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SASL/SCRAM-SHA-512 credentials for the local broker's client listener, and the client settings
 * that go with them. The same three client properties configure every Kafka client of the
 * project (services, orchestrator streams, schema registry, CLI), as they would against a
 * production cluster with SCRAM (over TLS there: {@code SASL_SSL}).
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

    /** From {@code DEA_KAFKA_SCRAM_USER} and {@code DEA_KAFKA_SCRAM_PASSWORD}; null when they are not set. */
    public static KafkaScram fromEnvironment(Map<String, String> env) {
        String user = env.get("DEA_KAFKA_SCRAM_USER");
        return user == null || user.isBlank() ? null : new KafkaScram(user, env.get("DEA_KAFKA_SCRAM_PASSWORD"));
    }

    /** The Kafka client properties that log in with these credentials. */
    public Map<String, String> clientProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("security.protocol", PROTOCOL);
        p.put("sasl.mechanism", MECHANISM);
        p.put("sasl.jaas.config", jaasConfig());
        return p;
    }

    String jaasConfig() {
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
