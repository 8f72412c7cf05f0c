package io.dea.platform.kafka;

import java.util.Locale;

/** The agent kinds; each is its own service with its own task topic and consumer group. */
public enum AgentKind {
    INGESTION, MODELING, TRANSFORM, QUALITY, GOVERNANCE, COST, OPS;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AgentKind of(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
