package io.dea.ops;

import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.stereotype.Component;

/**
 * Tells a long backfill that its service is stopping. The context-closed event comes before the
 * listener container is stopped, so the backfill can end after the day it is on (each day is its own
 * transaction) and let the retried step resume, instead of holding the shutdown for every day left.
 */
@Component
public class ShutdownSignal implements ApplicationListener<ContextClosedEvent> {

    private volatile boolean stopping;

    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        stopping = true;
    }

    public boolean stopping() {
        return stopping;
    }
}
