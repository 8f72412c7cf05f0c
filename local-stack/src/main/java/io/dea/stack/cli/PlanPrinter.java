package io.dea.stack.cli;

import io.dea.events.v1.Artifact;
import io.dea.events.v1.PlanKind;
import io.dea.events.v1.PlanState;
import io.dea.events.v1.StepKind;
import io.dea.events.v1.StepState;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** How the CLI shows a plan: one line per step for people, the docs/interface.md JSON for machines. */
final class PlanPrinter {

    static final JsonMapper JSON = JsonMapper.builder().build();
    /** ISO-8601 in UTC, always with milliseconds, so times line up and sort as text. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSX").withZone(ZoneOffset.UTC);

    private PlanPrinter() {
    }

    static Map<String, Object> statusJson(String goalId, PlanState plan) {
        return statusJson(goalId, plan, List.of());
    }

    /**
     * One plan as docs/interface.md gives it; a goal's plan also lists its runs, and a run says which
     * goal it ran ({@code goal_id}) under its own {@code run_id}.
     */
    static Map<String, Object> statusJson(String id, PlanState plan, List<PlanState> runs) {
        Map<String, Object> out = new LinkedHashMap<>();
        boolean run = plan != null && plan.getKind() == PlanKind.RUN;
        if (run) {
            out.put("run_id", id);
        }
        out.put("goal_id", run ? plan.getMeta().getGoalId() : id);
        out.put("state", plan == null ? "UNKNOWN" : plan.getState());
        if (plan == null) {
            return out;
        }
        if (plan.getReason() != null) {
            out.put("reason", plan.getReason());
        }
        if (run) {
            out.put("trigger", plan.getTrigger());
        }
        List<Map<String, Object>> steps = new ArrayList<>();
        for (StepState s : plan.getSteps()) {
            steps.add(stepJson(s));
        }
        out.put("steps", steps);
        if (!run) {
            out.put("runs", runs.stream().map(PlanPrinter::runJson).toList());
        }
        return out;
    }

    /** One run of a goal in its status: id, state, why it ended so, what started it, when. */
    private static Map<String, Object> runJson(PlanState run) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("run_id", run.getMeta().getPlanId());
        out.put("state", run.getState());
        out.put("reason", run.getReason());
        out.put("trigger", run.getTrigger());
        out.put("created_at", run.getCreatedAt().toString());
        out.put("updated_at", run.getUpdatedAt().toString());
        out.put("rows_loaded", rowsLoaded(run));
        return out;
    }

    /** Rows each source loaded in a run, e.g. {@code orders=120 payments=0}. */
    static String rowsLoaded(PlanState run) {
        StringBuilder out = new StringBuilder();
        for (StepState s : run.getSteps()) {
            if (s.getKind() == StepKind.INGEST && s.getOutputs().containsKey("rows_loaded")) {
                out.append(out.isEmpty() ? "" : " ").append(s.getSource()).append('=').append(s.getOutputs().get("rows_loaded"));
            }
        }
        return out.toString();
    }

    private static Map<String, Object> stepJson(StepState s) {
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("name", s.getName());
        step.put("agent", s.getAgent());
        step.put("state", s.getState());
        step.put("attempt", s.getAttempt());
        step.put("summary", s.getSummary());
        step.put("started_at", iso(s.getStartedAt()));
        step.put("ended_at", iso(s.getEndedAt()));
        if (s.getReviewId() != null) {
            step.put("review_id", s.getReviewId());
            step.put("review_opened_at", iso(s.getReviewOpenedAt()));
            step.put("review_decided_at", iso(s.getReviewDecidedAt()));
        }
        List<Map<String, String>> artifacts = new ArrayList<>();
        for (Artifact a : s.getArtifacts()) {
            artifacts.add(Map.of("kind", a.getKind(), "path", a.getPath()));
        }
        step.put("artifacts", artifacts);
        step.put("outputs", new LinkedHashMap<>(s.getOutputs()));
        return step;
    }

    static void printStatus(String goalId, PlanState plan) {
        printStatus(goalId, plan, List.of());
    }

    static void printStatus(String id, PlanState plan, List<PlanState> runs) {
        String what = plan.getKind() == PlanKind.RUN ? "run " + id + " of goal " + plan.getMeta().getGoalId() : "goal " + id;
        System.out.println(what + ": " + plan.getState() + (plan.getReason() == null ? "" : " (" + plan.getReason() + ")"));
        Instant now = Instant.now();
        for (StepState s : plan.getSteps()) {
            System.out.println(stepLine(s, now));
        }
        if (!runs.isEmpty()) {
            System.out.println("runs (./dea status RUN_ID shows one):");
            for (PlanState run : runs) {
                System.out.printf("  %-44s %-16s %s  %s%n", run.getMeta().getPlanId(), run.getState(), run.getCreatedAt(),
                        run.getReason() != null ? oneLine(run.getReason()) : "loaded " + rowsLoaded(run));
            }
        }
    }

    /** One step of the text table: name, agent, state, how long it took (or has taken so far), summary. */
    static String stepLine(StepState s, Instant now) {
        return String.format("  %-20s %-11s %-16s %-8s %s", s.getName(), s.getAgent(), s.getState(), took(s, now),
                s.getSummary() == null ? "" : oneLine(s.getSummary()));
    }

    /** {@code 4.2s}, {@code 3m05s}, {@code 2h03m}; a step not yet ended shows its time so far with a {@code +}. */
    static String took(StepState s, Instant now) {
        if (s.getStartedAt() == null) {
            return "";
        }
        Instant end = s.getEndedAt() == null ? now : s.getEndedAt();
        Duration d = Duration.between(s.getStartedAt(), end);
        d = d.isNegative() ? Duration.ZERO : d; // the CLI's clock may lag the orchestrator's
        String text = d.toMinutes() == 0 ? String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0)
                : d.toHours() == 0 ? String.format("%dm%02ds", d.toMinutesPart(), d.toSecondsPart())
                : String.format("%dh%02dm", d.toHours(), d.toMinutesPart());
        return s.getEndedAt() == null ? text + "+" : text;
    }

    private static String iso(Instant at) {
        return at == null ? null : TIME.format(at);
    }

    /** The runs of a goal, oldest first. */
    static List<PlanState> runsOf(String goalId, Map<String, PlanState> plans) {
        return plans.values().stream()
                .filter(p -> p.getKind() == PlanKind.RUN && goalId.equals(p.getMeta().getGoalId()))
                .sorted(java.util.Comparator.comparing(PlanState::getCreatedAt))
                .toList();
    }

    static String oneLine(String text) {
        String line = text.replace('\n', ' ');
        return line.length() > 120 ? line.substring(0, 117) + "..." : line;
    }
}
