package io.dea.ops;

import java.util.Set;
import org.springframework.scheduling.support.CronExpression;

/**
 * Checks a goal's schedule before it goes into a DAG, so a typo fails the step with a clear message
 * instead of a DAG that Airflow refuses to import. Accepts a standard 5-field cron expression
 * (checked with Spring's parser, which wants seconds first) or one of Airflow's presets.
 */
public final class CronSchedule {

    /** Airflow's schedule presets. */
    static final Set<String> PRESETS = Set.of("@once", "@continuous", "@hourly", "@daily", "@weekly", "@monthly",
            "@quarterly", "@yearly", "@annually");

    private CronSchedule() {
    }

    /** The schedule with its whitespace normalized; the exception's message says what is wrong. */
    public static String validate(String schedule) {
        if (schedule == null || schedule.isBlank()) {
            throw new IllegalArgumentException("the schedule is empty: leave it out for a DAG that runs only when triggered");
        }
        String trimmed = schedule.trim().replaceAll("\\s+", " ");
        if (trimmed.startsWith("@")) {
            if (!PRESETS.contains(trimmed)) {
                throw new IllegalArgumentException("schedule '" + schedule + "' is not an Airflow preset (one of "
                        + String.join(", ", PRESETS.stream().sorted().toList()) + ")");
            }
            return trimmed;
        }
        String[] fields = trimmed.split(" ");
        if (fields.length != 5) {
            throw new IllegalArgumentException("schedule '" + schedule + "' has " + fields.length
                    + " fields; a cron expression has 5: minute hour day-of-month month day-of-week, e.g. '0 2 * * *'");
        }
        try {
            CronExpression.parse("0 " + trimmed);
        } catch (IllegalArgumentException e) {
            // Spring names the 6-field form it was given; the goal's author wrote 5 fields.
            String reason = String.valueOf(e.getMessage()).replaceAll("\\s*in cron expression \".*\"$", "");
            throw new IllegalArgumentException("schedule '" + schedule + "' is not a valid cron expression: " + reason, e);
        }
        return trimmed;
    }
}
