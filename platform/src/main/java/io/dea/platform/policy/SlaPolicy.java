package io.dea.platform.policy;

import io.dea.platform.policy.PolicyDocuments.PolicyException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The freshness a mart must keep, from the goal and the team's SLA pages ({@code docs/*.md} with
 * front matter {@code dea: sla}):
 * <pre>
 * dea: sla
 * freshness: 24h                          # every mart
 * marts: { daily_revenue: { freshness: 6h } }
 * </pre>
 * The tightest of the goal's {@code freshness:}, the mart's own SLA and the pages' default applies: a
 * goal can promise more than the team's SLA, never less. Durations are a number and m, h or d, as in
 * a goal.
 */
public final class SlaPolicy {

    private static final Pattern DURATION = Pattern.compile("\\s*(\\d{1,6})\\s*([mhd])\\s*");
    private static final Set<String> KEYS = Set.of("dea", "freshness", "marts");

    private SlaPolicy() {
    }

    /**
     * The freshness that applies to a mart and where it came from.
     *
     * @param freshness the duration as written ({@code 6h}), or null when neither goal nor SLA gives one
     * @param documents citations of the SLA pages that set it (empty when the goal's own value applies)
     */
    public record Freshness(String freshness, List<String> documents) {

        /** {@code 6h (docs/sla.md@1a2b3c4)}, or the bare duration when the goal set it. */
        public String described() {
            return freshness + (documents.isEmpty() ? "" : " (" + String.join(", ", documents) + ")");
        }
    }

    /** The freshness of the mart under the goal's value and the SLA pages; a page that cannot be read throws, naming it. */
    public static Freshness of(String goalFreshness, String mart, List<PolicyDocument> slas) {
        String best = goalFreshness == null || goalFreshness.isBlank() ? null : goalFreshness.trim();
        List<String> documents = new ArrayList<>();
        for (PolicyDocument sla : slas) {
            for (String value : values(sla, mart)) {
                if (best == null || minutes(sla.path(), value) < minutes("the goal", best)) {
                    best = value.trim();
                    documents = new ArrayList<>(List.of(sla.citation()));
                } else if (value.trim().equals(best) && !documents.isEmpty() && !documents.contains(sla.citation())) {
                    documents.add(sla.citation());
                }
            }
        }
        return new Freshness(best, List.copyOf(documents));
    }

    /** The page's default and the mart's own freshness, where given. */
    private static List<String> values(PolicyDocument sla, String mart) {
        JsonNode body = sla.body();
        body.propertyNames().forEach(key -> {
            if (!KEYS.contains(key)) {
                throw new PolicyException(sla.path() + ": unknown key " + key + " (known: dea, freshness, marts)");
            }
        });
        List<String> values = new ArrayList<>();
        text(sla, "freshness", body.path("freshness"), values);
        JsonNode marts = body.path("marts");
        if (!marts.isMissingNode() && !marts.isObject()) {
            throw new PolicyException(sla.path() + ": marts must map a mart name to { freshness: 6h }");
        }
        text(sla, "marts." + mart + ".freshness", marts.path(mart).path("freshness"), values);
        values.forEach(v -> minutes(sla.path(), v));
        return values;
    }

    private static void text(PolicyDocument sla, String key, JsonNode node, List<String> values) {
        if (node.isMissingNode() || node.isNull()) {
            return;
        }
        if (!node.isString()) {
            throw new PolicyException(sla.path() + ": " + key + " must be a duration such as 24h, 30m or 2d");
        }
        values.add(node.asString());
    }

    static long minutes(String where, String duration) {
        Matcher m = DURATION.matcher(duration.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new PolicyException(where + ": freshness '" + duration + "' must be a number and m, h or d, e.g. 24h");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "d" -> Duration.ofDays(n).toMinutes();
            case "h" -> Duration.ofHours(n).toMinutes();
            default -> n;
        };
    }
}
