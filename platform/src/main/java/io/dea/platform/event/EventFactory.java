package io.dea.platform.event;

import io.dea.events.v1.EventMeta;
import java.time.Instant;
import java.util.UUID;

/** Stamps events with who produced them and when, keeping the trace id of what caused them. */
public final class EventFactory {

    private final String service;
    private final String instance;

    public EventFactory(String service, String instance) {
        this.service = service;
        this.instance = instance;
    }

    public EventMeta meta(String traceId, String goalId, String planId) {
        return EventMeta.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setTraceId(traceId)
                .setGoalId(goalId)
                .setPlanId(planId)
                .setProducedAt(Instant.now())
                .setService(service)
                .setInstance(instance)
                .build();
    }

    /** A new meta that continues the cause's trace. */
    public EventMeta follow(EventMeta cause) {
        return meta(cause.getTraceId(), cause.getGoalId(), cause.getPlanId());
    }

    public String service() {
        return service;
    }

    public String instance() {
        return instance;
    }
}
