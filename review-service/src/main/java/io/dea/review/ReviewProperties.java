package io.dea.review;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code dea.review.*}.
 *
 * @param tokens          bearer tokens with the identity and roles they stand for; blank tokens are ignored
 * @param tokensFile      optional YAML file with more tokens (a list of the same shape), re-read when it changes
 * @param webhookUrl      optional URL that gets a JSON POST when a review opens
 * @param decisionTimeout how long a decision waits for the broker to acknowledge its event
 */
@ConfigurationProperties("dea.review")
public record ReviewProperties(
        @DefaultValue List<TokenGrant> tokens,
        Path tokensFile,
        String webhookUrl,
        @DefaultValue("15s") Duration decisionTimeout) {

    /** One bearer token, the identity it authenticates and that identity's roles. */
    public record TokenGrant(String token, String identity, List<String> roles) {
    }
}
