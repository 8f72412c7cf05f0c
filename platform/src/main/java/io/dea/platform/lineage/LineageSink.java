package io.dea.platform.lineage;

import java.util.concurrent.CompletableFuture;

/** Where serialized lineage events go: the {@code dea.lineage} topic in services, a list in tests. */
@FunctionalInterface
public interface LineageSink {

    /** Sends one OpenLineage event (JSON) keyed by plan id; the future fails when the send did. */
    CompletableFuture<?> send(String planId, String json);

    LineageSink NONE = (planId, json) -> CompletableFuture.completedFuture(null);
}
