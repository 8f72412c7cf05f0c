package io.dea.platform.agent;

import io.dea.events.v1.Artifact;
import io.dea.events.v1.Outcome;
import io.dea.platform.review.ReviewKind;
import io.dea.platform.step.StepOutputs;
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

    /** The step's outputs, one record of {@link io.dea.platform.step.Outputs}, written through the one codec. */
    public TaskOutcome withOutputs(Record typed) {
        outputs.putAll(StepOutputs.encode(typed));
        return this;
    }

    public TaskOutcome withArtifacts(List<Artifact> more) {
        artifacts.addAll(more);
        return this;
    }

    /** Holds this outcome for a person; the role they need follows from the kind ({@link ReviewKind#requiredRole()}). */
    public TaskOutcome needsReview(ReviewKind kind, String reviewSummary, String diff) {
        return new TaskOutcome(outcome, summary, error, outputs, artifacts, new Review(kind, reviewSummary, diff));
    }

    /**
     * The one shape of a step behind a review. A step gathers, decides whether its proposal needs a
     * person ({@code needed}), then proposes or applies: while the task carries no approval a needed
     * review holds this outcome for a person of the kind's role; once approved (the orchestrator sent
     * the step again with the approval) the outcome stands as what was applied, and it never asks twice.
     */
    public TaskOutcome heldForReview(TaskContext context, boolean needed, ReviewKind kind, String reviewSummary, String diff) {
        return needed && !context.approved() ? needsReview(kind, reviewSummary, diff) : this;
    }

    /**
     * A change waiting for a person.
     *
     * @param reviewKind what the review is about; it decides the role a person needs
     * @param summary    one line for the review list
     * @param diff       what would change
     */
    public record Review(ReviewKind reviewKind, String summary, String diff) {

        public Review {
            java.util.Objects.requireNonNull(reviewKind, "a review needs a kind");
        }

        /** The kind as it goes on the wire. */
        public String kind() {
            return reviewKind.name();
        }

        /** The role the kind requires, as it goes on the wire. */
        public String requiredRole() {
            return reviewKind.requiredRole();
        }
    }
}
