package io.dea.registry;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Reports whether the registry is still following its topic.
 *
 * <p>A registry whose reader died would go on serving old schemas and never see other instances'
 * writes; saying DOWN lets Kubernetes restart it instead of it quietly drifting.
 */
@Component
public class SchemaLogHealthIndicator implements HealthIndicator {

    private final SchemaLog schemaLog;
    private final SchemaStore store;

    public SchemaLogHealthIndicator(SchemaLog schemaLog, SchemaStore store) {
        this.schemaLog = schemaLog;
        this.store = store;
    }

    @Override
    public Health health() {
        Health.Builder health = schemaLog.isFollowing() ? Health.up() : Health.down();
        health.withDetail("topic", schemaLog.topic()).withDetail("position", store.position());
        if (schemaLog.readerFailure() != null) {
            health.withDetail("error", schemaLog.readerFailure().toString());
        }
        return health.build();
    }
}
