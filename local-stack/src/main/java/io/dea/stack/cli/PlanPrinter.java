package io.dea.stack.cli;

import io.dea.events.v1.Artifact;
import io.dea.events.v1.PlanState;
import io.dea.events.v1.StepState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** How the CLI shows a plan: one line per step for people, the docs/interface.md JSON for machines. */
final class PlanPrinter {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private PlanPrinter() {
    }

    static Map<String, Object> statusJson(String goalId, PlanState plan) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("goal_id", goalId);
        out.put("state", plan == null ? "UNKNOWN" : plan.getState());
        if (plan == null) {
            return out;
        }
        if (plan.getReason() != null) {
            out.put("reason", plan.getReason());
        }
        List<Map<String, Object>> steps = new ArrayList<>();
        for (StepState s : plan.getSteps()) {
            steps.add(stepJson(s));
        }
        out.put("steps", steps);
        return out;
    }

    private static Map<String, Object> stepJson(StepState s) {
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("name", s.getName());
        step.put("agent", s.getAgent());
        step.put("state", s.getState());
        step.put("attempt", s.getAttempt());
        step.put("summary", s.getSummary());
        if (s.getReviewId() != null) {
            step.put("review_id", s.getReviewId());
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
        System.out.println("goal " + goalId + ": " + plan.getState() + (plan.getReason() == null ? "" : " (" + plan.getReason() + ")"));
        for (StepState s : plan.getSteps()) {
            System.out.printf("  %-20s %-11s %-16s %s%n", s.getName(), s.getAgent(), s.getState(),
                    s.getSummary() == null ? "" : oneLine(s.getSummary()));
        }
    }

    static String oneLine(String text) {
        String line = text.replace('\n', ' ');
        return line.length() > 120 ? line.substring(0, 117) + "..." : line;
    }
}
