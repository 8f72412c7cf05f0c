package io.dea.review;

import io.dea.platform.kafka.Topics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI description (springdoc builds the rest from the controller) and the service's metrics. */
@Configuration
public class ReviewConfig {

    static final String BEARER = "bearer";

    @Bean
    public OpenAPI reviewOpenApi() {
        return new OpenAPI()
                .info(new Info().title("dea review service").version("v1").description(
                        "Approval gates of the data-engineering agents. Decisions are published to "
                                + Topics.REVIEWS_DECIDED + "."))
                .components(new Components().addSecuritySchemes(BEARER,
                        new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")));
    }

    /** {@code dea.reviews.open}: reviews waiting for a person. */
    @Bean
    public MeterBinder openReviewsGauge(ReviewStore store) {
        return registry -> Gauge.builder("dea.reviews.open", store, ReviewStore::openCount)
                .description("reviews waiting for a decision")
                .register(registry);
    }
}
