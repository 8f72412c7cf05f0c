package io.dea.platform.agent;

import io.dea.events.v1.Artifact;
import io.dea.events.v1.Outcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a handler answers. A proposal that needs a person's approval carries a {@link Review}: the
 * orchestrator opens the gate and, once approved, sends the same step again with the approval so
 * the agent can apply what it proposed.
 */
public record TaskOutcome(Outcome outcome, String summary, String error, Map<String, String> outputs,
                          List<Artifact> artifacts, Review review) {

    public static TaskOutcome succeeded(String summary) {
        return new TaskOutcome(Outcome.SUCCEEDED, summary, null, new LinkedHashMap<>(), new ArrayList<>(), null);
    }

    public static TaskOutcome failed(String summary, String error) {
        return new TaskOutcome(Outcome.FAILED, summary, error, new LinkedHashMap<>(), new ArrayList<>(), null);
    }

    static TaskOutcome error(String error) {
        return new TaskOutcome(Outcome.ERROR, "could not run: " + error, error, new LinkedHashMap<>(), new ArrayList<>(), null);
    }

    public TaskOutcome withOutput(String key, String value) {
        outputs.put(key, value);
        return this;
    }

    public TaskOutcome withArtifacts(List<Artifact> more) {
        artifacts.addAll(more);
        return this;
    }

    public TaskOutcome needsReview(String kind, String reviewSummary, String diff, String requiredRole) {
        return new TaskOutcome(outcome, summary, error, outputs, artifacts, new Review(kind, reviewSummary, diff, requiredRole));
    }

    /**
     * A change waiting for a person.
     *
     * @param kind         CHANGE, COST or GOVERNANCE
     * @param summary      one line for the review list
     * @param diff         what would change
     * @param requiredRole reviewer, cost-approver or governance-approver
     */
    public record Review(String kind, String summary, String diff, String requiredRole) {
    }
}
