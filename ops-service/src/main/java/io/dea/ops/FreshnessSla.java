package io.dea.ops;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A goal's freshness ({@code 24h}, {@code 30m}, {@code 2d}, {@code 1h30m}) as the SLA of the DAG's
 * tasks, written in the units the goal used ({@code timedelta(hours=24)}, not {@code days=1}) so the
 * DAG reads like the goal.
 *
 * @param duration the freshness
 * @param python   the Python expression, e.g. {@code timedelta(hours=24)}
 */
public record FreshnessSla(Duration duration, String python) {

    private static final Pattern WHOLE = Pattern.compile("^(?:\\s*\\d+\\s*[a-z]+)+\\s*$");
    private static final Pattern PART = Pattern.compile("(\\d+)\\s*([a-z]+)");

    /** Parses; the exception's message says how to write one. */
    public static FreshnessSla parse(String text) {
        String lower = text == null ? "" : text.toLowerCase(Locale.ROOT);
        if (!WHOLE.matcher(lower).matches()) {
            throw new IllegalArgumentException("freshness '" + text + "' is not a duration: write e.g. 24h, 30m, 2d or 1h30m");
        }
        Duration total = Duration.ZERO;
        Map<String, Long> parts = new LinkedHashMap<>(); // 1h1h is 2 hours, not a repeated keyword
        Matcher m = PART.matcher(lower);
        while (m.find()) {
            long amount = Long.parseLong(m.group(1));
            String unit = switch (m.group(2)) {
                case "d", "day", "days" -> "days";
                case "h", "hr", "hrs", "hour", "hours" -> "hours";
                case "m", "min", "mins", "minute", "minutes" -> "minutes";
                case "s", "sec", "secs", "second", "seconds" -> "seconds";
                default -> throw new IllegalArgumentException("freshness '" + text + "' has an unknown unit '" + m.group(2)
                        + "': use d, h, m or s");
            };
            total = total.plus(switch (unit) {
                case "days" -> Duration.ofDays(amount);
                case "hours" -> Duration.ofHours(amount);
                case "minutes" -> Duration.ofMinutes(amount);
                default -> Duration.ofSeconds(amount);
            });
            parts.merge(unit, amount, Long::sum);
        }
        if (total.isZero()) {
            throw new IllegalArgumentException("freshness '" + text + "' is zero");
        }
        StringBuilder python = new StringBuilder("timedelta(");
        parts.forEach((unit, amount) -> python.append(python.length() > 10 ? ", " : "").append(unit).append('=').append(amount));
        return new FreshnessSla(total, python.append(')').toString());
    }
}
