package io.dea.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The configuration shapes the README documents bind as it says. Secrets are not here: they belong to connections. */
class IngestionSettingsTest {

    @Test
    void shouldBindCommonHeadersRetriesAndRedirectsAsDocumented() {
        IngestionSettings settings = bind(Map.of(
                "dea.ingestion.http.headers.User-Agent", "dea",
                "dea.ingestion.http.max-attempts", "7",
                "dea.ingestion.http.initial-backoff", "250ms",
                "dea.ingestion.http.max-redirects", "2",
                "dea.ingestion.jdbc.fetch-size", "500"));

        assertThat(settings.http().maxAttempts()).isEqualTo(7);
        assertThat(settings.http().initialBackoff()).isEqualTo(Duration.ofMillis(250));
        assertThat(settings.http().headers()).containsOnly(Map.entry("User-Agent", "dea"));
        assertThat(settings.http().maxRedirects()).isEqualTo(2);
        assertThat(settings.jdbc().fetchSize()).isEqualTo(500);
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
