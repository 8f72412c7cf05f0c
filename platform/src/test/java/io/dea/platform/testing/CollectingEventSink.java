package io.dea.platform.testing;

import io.dea.platform.event.EventSink;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps what a handler would have published, for handler tests without a broker. */
public final class CollectingEventSink implements EventSink {

    public record Sent(String topic, String key, Object event) {
    }

    private final List<Sent> sent = new CopyOnWriteArrayList<>();

    @Override
    public void send(String topic, String key, Object event) {
        sent.add(new Sent(topic, key, event));
    }

    public List<Sent> sent() {
        return sent;
    }

    public <T> List<T> events(Class<T> type) {
        return sent.stream().map(Sent::event).filter(type::isInstance).map(type::cast).toList();
    }
}
