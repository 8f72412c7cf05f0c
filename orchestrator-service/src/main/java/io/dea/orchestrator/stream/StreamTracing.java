package io.dea.orchestrator.stream;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceId;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Traces through the orchestrator's stream processors, which Spring Kafka's observations do not
 * reach: a span per record processed, continuing the trace in the record's {@code traceparent}
 * header, and that span written into every record forwarded while it is open. So one goal is one
 * trace across every Kafka hop, orchestrator and agents alike.
 *
 * <p>Some work has no incoming record of the goal's trace: a timeout or retry fired by the clock,
 * or a review decided through the review API (its own HTTP trace). Those spans still belong to the
 * goal's trace: their parent is the goal's trace as a remote context, and the incoming trace, if
 * any, becomes a link.
 */
final class StreamTracing {

    static final StreamTracing OFF = new StreamTracing(OpenTelemetry.noop());

    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

    private final Tracer tracer;

    StreamTracing(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer("io.dea.orchestrator");
    }

    /** A span continuing whatever trace the record's headers carry (a new trace when none). */
    Span startFrom(String name, Headers headers) {
        return tracer.spanBuilder(name).setSpanKind(SpanKind.CONSUMER).setParent(extract(headers)).startSpan();
    }

    /** A span in the goal's trace, linked to the record's own trace when that is another one. */
    Span startInGoalTrace(String name, String goalTraceId, Headers headers) {
        SpanContext incoming = headers == null ? SpanContext.getInvalid() : Span.fromContext(extract(headers)).getSpanContext();
        if (!TraceId.isValid(goalTraceId)) {
            return startFrom(name, headers);
        }
        if (incoming.isValid() && incoming.getTraceId().equals(goalTraceId)) {
            return tracer.spanBuilder(name).setSpanKind(SpanKind.CONSUMER).setParent(Context.root().with(Span.wrap(incoming))).startSpan();
        }
        var builder = tracer.spanBuilder(name).setSpanKind(SpanKind.INTERNAL)
                .setParent(Context.root().with(Span.wrap(goalContext(goalTraceId))));
        if (incoming.isValid()) {
            builder.addLink(incoming);
        }
        return builder.startSpan();
    }

    /** Writes the current span into headers as {@code traceparent}, replacing any there. */
    void inject(Headers headers) {
        headers.remove("traceparent");
        headers.remove("tracestate");
        W3C.inject(Context.current(), headers, SETTER);
    }

    /**
     * The goal's trace as a remote parent. Its span id is derived from the trace id, so every such
     * span of one goal hangs under the same (virtual) parent.
     */
    private static SpanContext goalContext(String traceId) {
        String spanId = traceId.substring(16);
        if (spanId.chars().allMatch(c -> c == '0')) {
            spanId = "0000000000000001";
        }
        return SpanContext.createFromRemoteParent(traceId, spanId, TraceFlags.getSampled(), TraceState.getDefault());
    }

    private static Context extract(Headers headers) {
        return headers == null ? Context.root() : W3C.extract(Context.root(), headers, GETTER);
    }

    private static final TextMapSetter<Headers> SETTER =
            (headers, key, value) -> headers.add(key, value.getBytes(StandardCharsets.UTF_8));

    private static final TextMapGetter<Headers> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers headers) {
            List<String> keys = new ArrayList<>();
            for (Header header : headers) {
                keys.add(header.key());
            }
            return keys;
        }

        @Override
        public String get(Headers headers, String key) {
            Header header = headers == null ? null : headers.lastHeader(key);
            return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        }
    };
}
