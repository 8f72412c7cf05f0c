package io.dea.review;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tells people a review opened: a JSON POST {@code {id, goal_id, kind, summary}} to
 * {@code dea.review.webhook-url} (Slack-style incoming webhooks, chat bots, a pager). Best effort:
 * sent in the background, a failure is logged and never retried, and nothing is sent when no URL
 * is configured. Only reviews that open while the service runs are announced, not those replayed
 * at start; with several replicas, each one announces.
 */
@Component
public class WebhookNotifier {

    private static final Logger log = LoggerFactory.getLogger(WebhookNotifier.class);

    private final URI url;
    private final HttpClient http;
    private final JsonMapper json = JsonMapper.builder().build();

    public WebhookNotifier(ReviewProperties properties) {
        String configured = properties.webhookUrl();
        this.url = configured == null || configured.isBlank() ? null : URI.create(configured.trim());
        this.http = url == null ? null : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    public void reviewOpened(Review review) {
        if (url == null) {
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", review.id());
        body.put("goal_id", review.goalId());
        body.put("kind", review.kind());
        body.put("summary", review.summary());
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                .build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            if (error != null) {
                log.warn("Could not notify {} of review {}: {}", url, review.id(), error.toString());
            } else if (response.statusCode() / 100 != 2) {
                log.warn("Webhook {} answered {} to review {}", url, response.statusCode(), review.id());
            }
        });
    }
}
