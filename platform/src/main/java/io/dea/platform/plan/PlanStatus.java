package io.dea.platform.plan;

import io.dea.events.v1.Artifact;
import io.dea.events.v1.PlanKind;
import io.dea.events.v1.PlanState;
import io.dea.events.v1.StepKind;
import io.dea.events.v1.StepState;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A plan's status as docs/interface.md gives it ({@code ./dea status ID --json} and the review
 * service's {@code GET /plans/{id}} answer the same): state, reason, each step with its times,
 * outputs and artifacts, and for a goal its runs.
 */
public final class PlanStatus {

    /** ISO-8601 in UTC, always with milliseconds, so times line up and sort as text. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSX").withZone(ZoneOffset.UTC);

    private PlanStatus() {
    }

    /**
     * One plan; a goal's plan also lists its runs, and a run says which goal it ran ({@code goal_id})
     * under its own {@code run_id}. A plan not known (null) is {@code state: UNKNOWN}.
     */
    public static Map<String, Object> json(String id, PlanState plan, List<PlanState> runs) {
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
        out.put("steps", plan.getSteps().stream().map(PlanStatus::stepJson).toList());
        if (!run) {
            out.put("runs", runs.stream().map(PlanStatus::runJson).toList());
        }
        return out;
    }

    /** The runs of a goal among the plans, oldest first. */
    public static List<PlanState> runsOf(String goalId, Collection<PlanState> plans) {
        return plans.stream()
                .filter(p -> p.getKind() == PlanKind.RUN && goalId.equals(p.getMeta().getGoalId()))
                .sorted(Comparator.comparing(PlanState::getCreatedAt))
                .toList();
    }

    /** Rows each source loaded in a run, e.g. {@code orders=120 payments=0}. */
    public static String rowsLoaded(PlanState run) {
        StringBuilder out = new StringBuilder();
        for (StepState s : run.getSteps()) {
            if (s.getKind() == StepKind.INGEST && s.getOutputs().containsKey("rows_loaded")) {
                out.append(out.isEmpty() ? "" : " ").append(s.getSource()).append('=').append(s.getOutputs().get("rows_loaded"));
            }
        }
        return out.toString();
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

    private static String iso(Instant at) {
        return at == null ? null : TIME.format(at);
    }
}
