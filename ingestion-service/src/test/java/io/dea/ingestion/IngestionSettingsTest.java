package io.dea.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The configuration shapes the README documents bind as it says, and a token goes only to its own host. */
class IngestionSettingsTest {

    @Test
    void shouldBindPerHostHeadersRetriesAndJdbcCredentialsAsDocumented() {
        IngestionSettings settings = bind(Map.of(
                "dea.ingestion.http.headers.User-Agent", "dea",
                "dea.ingestion.http.hosts[api.shop.example].Authorization", "Bearer shop-token",
                "dea.ingestion.http.hosts[api.other.example:8443].X-Api-Key", "other-key",
                "dea.ingestion.http.max-attempts", "7",
                "dea.ingestion.http.initial-backoff", "250ms",
                "dea.ingestion.jdbc.credentials.orders.user", "reader",
                "dea.ingestion.jdbc.credentials.orders.password", "pw"));

        assertThat(settings.http().maxAttempts()).isEqualTo(7);
        assertThat(settings.http().initialBackoff()).isEqualTo(Duration.ofMillis(250));
        assertThat(settings.http().headersFor(URI.create("https://api.shop.example/v1/orders")))
                .containsOnly(Map.entry("User-Agent", "dea"), Map.entry("Authorization", "Bearer shop-token"));
        assertThat(settings.http().headersFor(URI.create("https://api.other.example:8443/x")))
                .containsOnly(Map.entry("User-Agent", "dea"), Map.entry("X-Api-Key", "other-key"));
        assertThat(settings.http().headersFor(URI.create("https://evil.example/"))).containsOnly(Map.entry("User-Agent", "dea"));
        assertThat(settings.jdbc().credentials().get("orders")).isEqualTo(new IngestionSettings.Credentials("reader", "pw"));
    }

    @Test
    void shouldFallBackToTheDefaultsWhenNothingIsSet() {
        IngestionSettings settings = bind(Map.of("dea.ingestion.base-dir", "/data"));

        assertThat(settings).isEqualTo(IngestionSettings.defaults("/data"));
    }

    private static IngestionSettings bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bind("dea.ingestion", IngestionSettings.class).get();
    }
}
