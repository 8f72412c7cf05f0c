package io.dea.quality;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The goal's freshness ({@code 24h}, {@code 30m}, {@code 2d}, {@code 1h30m}) as a duration. */
final class Freshness {

    private static final Pattern WHOLE = Pattern.compile("^(?:\\s*\\d+\\s*[a-z]+)+\\s*$");
    private static final Pattern PART = Pattern.compile("(\\d+)\\s*([a-z]+)");

    private Freshness() {
    }

    /** Null when the goal gives none; an exception saying how to write one when it cannot be read. */
    static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (!WHOLE.matcher(lower).matches()) {
            throw new IllegalArgumentException("freshness '" + text + "' is not a duration: write e.g. 24h, 30m, 2d or 1h30m");
        }
        Duration total = Duration.ZERO;
        Matcher m = PART.matcher(lower);
        while (m.find()) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "d", "day", "days" -> Duration.ofDays(n);
                case "h", "hr", "hrs", "hour", "hours" -> Duration.ofHours(n);
                case "m", "min", "mins", "minute", "minutes" -> Duration.ofMinutes(n);
                case "s", "sec", "secs", "second", "seconds" -> Duration.ofSeconds(n);
                default -> throw new IllegalArgumentException("freshness '" + text + "' has an unknown unit '" + m.group(2) + "'");
            });
        }
        return total;
    }
}
