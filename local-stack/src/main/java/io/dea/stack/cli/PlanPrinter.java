package io.dea.stack.cli;

import io.dea.events.v1.PlanState;
import io.dea.platform.plan.PlanStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * How the CLI shows a plan: the docs/interface.md JSON for machines ({@link PlanStatus}, the same the
 * review service's {@code GET /plans/{id}} answers), and one line per step of that JSON for people.
 */
final class PlanPrinter {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private PlanPrinter() {
    }

    static Map<String, Object> statusJson(String goalId, PlanState plan) {
        return PlanStatus.json(goalId, plan, List.of());
    }

    static void printStatus(String goalId, PlanState plan) {
        print(JSON.valueToTree(PlanStatus.json(goalId, plan, List.of())));
    }

    /** A plan's status JSON as lines for people: what it is and its state, a line per step, its runs. */
    static void print(JsonNode status) {
        String id = status.has("run_id") ? "run " + status.path("run_id").asString() + " of goal " + status.path("goal_id").asString()
                : "goal " + status.path("goal_id").asString();
        System.out.println(id + ": " + status.path("state").asString()
                + (text(status, "reason") == null ? "" : " (" + text(status, "reason") + ")"));
        Instant now = Instant.now();
        status.path("steps").forEach(step -> System.out.println(stepLine(step, now)));
        if (!status.path("runs").isEmpty()) {
            System.out.println("runs (./dea status RUN_ID shows one):");
            for (JsonNode run : status.path("runs")) {
                System.out.printf("  %-44s %-16s %s  %s%n", run.path("run_id").asString(), run.path("state").asString(),
                        run.path("created_at").asString(), text(run, "reason") != null ? oneLine(text(run, "reason"))
                                : "loaded " + run.path("rows_loaded").asString(""));
            }
        }
    }

    /** One step of the text table: name, agent, state, how long it took (or has taken so far), summary. */
    static String stepLine(JsonNode step, Instant now) {
        return String.format("  %-20s %-11s %-16s %-8s %s", step.path("name").asString(), step.path("agent").asString(),
                step.path("state").asString(), took(step, now), text(step, "summary") == null ? "" : oneLine(text(step, "summary")));
    }

    /** {@code 4.2s}, {@code 3m05s}, {@code 2h03m}; a step not yet ended shows its time so far with a {@code +}. */
    static String took(JsonNode step, Instant now) {
        String started = text(step, "started_at");
        if (started == null) {
            return "";
        }
        String ended = text(step, "ended_at");
        Duration d = Duration.between(Instant.parse(started), ended == null ? now : Instant.parse(ended));
        d = d.isNegative() ? Duration.ZERO : d; // the CLI's clock may lag the orchestrator's
        String took = d.toMinutes() == 0 ? String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0)
                : d.toHours() == 0 ? String.format("%dm%02ds", d.toMinutesPart(), d.toSecondsPart())
                : String.format("%dh%02dm", d.toHours(), d.toMinutesPart());
        return ended == null ? took + "+" : took;
    }

    /** A field's text, or null when it is absent or null. */
    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    static String oneLine(String text) {
        String line = text.replace('\n', ' ');
        return line.length() > 120 ? line.substring(0, 117) + "..." : line;
    }
}
