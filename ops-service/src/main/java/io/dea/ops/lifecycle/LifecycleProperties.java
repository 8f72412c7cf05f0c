package io.dea.ops.lifecycle;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The lifecycle's settings ({@code dea.lifecycle.*}), read by the ops agent.
 *
 * @param enabled                 false: nothing is removed on a schedule ({@code ./dea gc} still works)
 * @param interval                how often ended plans are looked for
 * @param sandboxRetention        completed and rolled-back plans' sandbox schema and branch; 0s: at once
 * @param failedSandboxRetention  failed and rejected plans' (kept to see what went wrong)
 * @param rollbackRetention       rollback copies, from the apply that made them; after it the goal cannot be rolled back
 */
@ConfigurationProperties("dea.lifecycle")
public record LifecycleProperties(@DefaultValue("true") boolean enabled, @DefaultValue("10s") Duration interval,
                                  @DefaultValue("0s") Duration sandboxRetention, @DefaultValue("1d") Duration failedSandboxRetention,
                                  @DefaultValue("7d") Duration rollbackRetention) {

    public Retention retention() {
        return new Retention(sandboxRetention, failedSandboxRetention, rollbackRetention);
    }
}
