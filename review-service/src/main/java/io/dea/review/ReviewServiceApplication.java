package io.dea.review;

import io.dea.platform.config.ServiceLauncher;
import io.dea.events.v1.ReviewDecided;
import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The review service: holds the approval gates. It rebuilds every review from
 * {@code dea.reviews.requested} and {@code dea.reviews.decided} (see {@link ReviewLog}), serves them
 * over a bearer-token REST API, and answers a person's decision with a ReviewDecided event; it never
 * calls the orchestrator directly.
 *
 * <p>Runs alone ({@link #main}) or beside other services in one JVM ({@link #start}); it reads
 * {@code review-service.yml}, never a shared {@code application.yml}, and scans only
 * {@code io.dea.review}.
 */
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
@EnableConfigurationProperties(ReviewProperties.class)
public class ReviewServiceApplication {

    static final String NAME = "review-service";

    public static void main(String[] args) {
        ServiceLauncher.main(ReviewServiceApplication.class, NAME, args);
    }

    /**
     * Starts the service in this JVM and returns its context (close it to stop the service).
     *
     * @param properties properties that win over the configuration files and the environment, e.g.
     *                   {@code spring.kafka.bootstrap-servers} or {@code server.port} (0 = random,
     *                   then read {@code local.server.port})
     */
    public static ConfigurableApplicationContext start(Map<String, Object> properties) {
        return ServiceLauncher.start(ReviewServiceApplication.class, NAME, properties);
    }
}
