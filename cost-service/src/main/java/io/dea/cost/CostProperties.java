package io.dea.cost;

import java.math.BigDecimal;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The cost guardrail's platform defaults, under {@code dea.cost}.
 *
 * @param defaultMaxBytes the budget when a goal sets none, as a size ({@code 10GB}); kept as text so
 *                        a bad value is reported the same way as a bad goal budget
 * @param pricePerTb      USD per TB (1024^4 bytes) scanned, for the money estimate, when the price
 *                        table has no entry for the warehouse
 * @param warehouse       the warehouse whose price applies: the one the marts run on in production
 * @param pricePerTib     USD per TiB scanned, by warehouse ({@code bigquery: 6.25})
 * @param scanRatioThreshold rows read per row returned from which a query that ran gets advice
 *                        (partitioning, clustering or incremental materialization)
 * @param profileRuns     whether the cost step runs the query once, profiled, when it is within budget
 */
@ConfigurationProperties("dea.cost")
public record CostProperties(@DefaultValue("10GB") String defaultMaxBytes, @DefaultValue("6.25") BigDecimal pricePerTb,
                             @DefaultValue("bigquery") String warehouse, Map<String, BigDecimal> pricePerTib,
                             @DefaultValue("100") double scanRatioThreshold, @DefaultValue("true") boolean profileRuns) {

    /** The constructor Spring binds (the short one below is for tests and callers without a price table). */
    @ConstructorBinding
    public CostProperties {
        pricePerTib = pricePerTib == null ? Map.of() : Map.copyOf(pricePerTib);
    }

    public CostProperties(String defaultMaxBytes, BigDecimal pricePerTb) {
        this(defaultMaxBytes, pricePerTb, "bigquery", Map.of(), 100, true);
    }

    public static CostProperties defaults() {
        return new CostProperties("10GB", new BigDecimal("6.25"));
    }

    /** USD per TiB on the configured warehouse: its entry in the price table, else price-per-tb. */
    public BigDecimal price() {
        return pricePerTib.getOrDefault(warehouse, pricePerTb);
    }
}
