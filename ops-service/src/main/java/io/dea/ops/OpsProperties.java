package io.dea.ops;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The ops agent's settings ({@code dea.ops.*}).
 *
 * @param airflow  where a running Airflow's REST API is; backfills go through it when its url is set
 * @param backfill how backfills run in the warehouse
 */
@ConfigurationProperties("dea.ops")
public record OpsProperties(@DefaultValue Airflow airflow, @DefaultValue Backfill backfill) {

    /**
     * Airflow 3's REST API ({@code /api/v2}).
     *
     * @param url          e.g. {@code http://airflow:8080}; empty: no Airflow, backfills run in the warehouse
     * @param username     with password: exchanged for a JWT at {@code POST /auth/token}
     * @param password     see username
     * @param token        a ready bearer token instead of username and password
     * @param pollInterval how often a triggered run's state is read
     * @param runTimeout   how long a backfill waits for its runs before the step is retried
     */
    public record Airflow(@DefaultValue("") String url, @DefaultValue("") String username, @DefaultValue("") String password,
                          @DefaultValue("") String token, @DefaultValue("5s") Duration pollInterval,
                          @DefaultValue("6h") Duration runTimeout) {

        public boolean configured() {
            return url != null && !url.isBlank();
        }
    }

    /**
     * @param reviewOverBytes    a backfill estimated to scan more than this asks a reviewer first (kind BACKFILL)
     * @param pauseBetweenChunks a pause after each day, to spread a long backfill's load on a shared warehouse
     */
    public record Backfill(@DefaultValue("10GB") DataSize reviewOverBytes, @DefaultValue("0s") Duration pauseBetweenChunks) {
    }

    /** The defaults, for tests and for a handler made without Spring. */
    static OpsProperties defaults() {
        return new OpsProperties(new Airflow("", "", "", "", Duration.ofSeconds(5), Duration.ofHours(6)),
                new Backfill(DataSize.ofGigabytes(10), Duration.ZERO));
    }
}
