package io.dea.stack;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Registers one in-memory span exporter in every Spring context of the test JVM (through
 * {@code META-INF/spring.factories}), beside whatever exporter a service configures, so a test sees
 * the spans of every service of a local stack in one place. A service stopping shuts its exporters
 * down; the shared one ignores that, so services started later still report.
 */
public final class SpanCapture implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    public static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        context.getBeanFactory().registerSingleton("testSpanCapture", new SpanExporter() {
            @Override
            public CompletableResultCode export(Collection<SpanData> spans) {
                return SPANS.export(spans);
            }

            @Override
            public CompletableResultCode flush() {
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode shutdown() {
                return CompletableResultCode.ofSuccess();
            }
        });
    }
}
