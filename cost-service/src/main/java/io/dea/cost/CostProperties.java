package io.dea.cost;

import java.math.BigDecimal;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The cost guardrail's platform defaults, under {@code dea.cost}.
 *
 * @param defaultMaxBytes the budget when a goal sets none, as a size ({@code 10GB}); kept as text so
 *                        a bad value is reported the same way as a bad goal budget
 * @param pricePerTb      USD per TB (1024^4 bytes) scanned, for the money estimate
 */
@ConfigurationProperties("dea.cost")
public record CostProperties(@DefaultValue("10GB") String defaultMaxBytes, @DefaultValue("6.25") BigDecimal pricePerTb) {

    public static CostProperties defaults() {
        return new CostProperties("10GB", new BigDecimal("6.25"));
    }
}
