package io.dea.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Credentials in a location never reach the connector config committed to Git. */
class SecretsTest {

    @Test
    void shouldMaskPasswordsTokensAndUserInfoInLocations() {
        assertThat(Secrets.redactUrl("jdbc:postgresql://db:5432/shop?user=reader&password=hunter2&ssl=true"))
                .isEqualTo("jdbc:postgresql://db:5432/shop?user=reader&password=***&ssl=true");
        assertThat(Secrets.redactUrl("https://bob:hunter2@api.shop.example/orders?api_key=abc&page=2"))
                .isEqualTo("https://***@api.shop.example/orders?api_key=***&page=2");
        assertThat(Secrets.redactUrl("jdbc:sqlserver://db;user=sa;password=hunter2;encrypt=true"))
                .isEqualTo("jdbc:sqlserver://db;user=sa;password=***;encrypt=true");
        assertThat(Secrets.redactUrl("data/orders.csv")).isEqualTo("data/orders.csv");
    }
}
