package io.dea.cost;

import java.math.BigDecimal;
import java.time.Duration;
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
 * @param bigquery        where dry runs and query history come from when a BigQuery project is set
 * @param maxBudget       the operator's ceiling: no goal's budget counts above it (the orchestrator
 *                        already rejects such goals; this holds for tasks that reach the agent anyway)
 */
@ConfigurationProperties("dea.cost")
public record CostProperties(@DefaultValue("10GB") String defaultMaxBytes, @DefaultValue("6.25") BigDecimal pricePerTb,
                             @DefaultValue("bigquery") String warehouse, Map<String, BigDecimal> pricePerTib,
                             @DefaultValue("100") double scanRatioThreshold, @DefaultValue("true") boolean profileRuns,
                             BigQuerySettings bigquery, @DefaultValue("1TB") String maxBudget) {

    /** The constructor Spring binds (the shorter ones below are for tests and callers without BigQuery). */
    @ConstructorBinding
    public CostProperties {
        pricePerTib = pricePerTib == null ? Map.of() : Map.copyOf(pricePerTib);
        bigquery = bigquery == null ? BigQuerySettings.NONE : bigquery;
        maxBudget = maxBudget == null || maxBudget.isBlank() ? "1TB" : maxBudget;
        io.dea.platform.goal.ByteSize.parse(maxBudget); // a bad ceiling stops the service at start, not a goal later
    }

    public CostProperties(String defaultMaxBytes, BigDecimal pricePerTb, String warehouse, Map<String, BigDecimal> pricePerTib,
                          double scanRatioThreshold, boolean profileRuns) {
        this(defaultMaxBytes, pricePerTb, warehouse, pricePerTib, scanRatioThreshold, profileRuns, BigQuerySettings.NONE, null);
    }

    public CostProperties(String defaultMaxBytes, BigDecimal pricePerTb) {
        this(defaultMaxBytes, pricePerTb, "bigquery", Map.of(), 100, true);
    }

    /** The same settings with estimates and history taken from BigQuery. */
    public CostProperties withBigQuery(BigQuerySettings settings) {
        return new CostProperties(defaultMaxBytes, pricePerTb, warehouse, pricePerTib, scanRatioThreshold, profileRuns, settings, maxBudget);
    }

    public static CostProperties defaults() {
        return new CostProperties("10GB", new BigDecimal("6.25"));
    }

    /** USD per TiB on the configured warehouse: its entry in the price table, else price-per-tb. */
    public BigDecimal price() {
        return pricePerTib.getOrDefault(warehouse, pricePerTb);
    }

    /**
     * The BigQuery project the cost step asks, under {@code dea.cost.bigquery}. Unset (no project), the
     * estimate comes from DuckDB's EXPLAIN and no BigQuery client is ever created.
     *
     * @param project         the project dry-run jobs and the history query run in (and are billed to)
     * @param endpoint        the API's root URL, e.g. {@code https://bigquery.googleapis.com}; empty for Google's
     * @param location        the jobs' location, and the region of {@code INFORMATION_SCHEMA.JOBS} ({@code US}, {@code EU},
     *                        {@code europe-west1})
     * @param credentials     a service account key file; {@code none} for an endpoint that takes no credentials
     *                        (an emulator); empty for Application Default Credentials
     * @param historyLookback how far back the first history read goes; later reads start at the newest job recorded
     */
    public record BigQuerySettings(String project, String endpoint, @DefaultValue("US") String location, String credentials,
                           @DefaultValue("24h") Duration historyLookback) {

        static final BigQuerySettings NONE = new BigQuerySettings(null, null, "US", null, Duration.ofHours(24));

        public BigQuerySettings {
            location = location == null || location.isBlank() ? "US" : location.strip();
            historyLookback = historyLookback == null ? Duration.ofHours(24) : historyLookback;
        }

        public boolean configured() {
            return project != null && !project.isBlank();
        }
    }
}
