package io.dea.review;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/** The API's own shapes, converted from {@link Review} at the edge (never the Avro classes). */
public final class ReviewApi {

    private ReviewApi() {
    }

    @Schema(description = "A review gate, as listed")
    public record ReviewSummary(
            String id,
            @JsonProperty("goal_id") String goalId,
            @JsonProperty("plan_id") String planId,
            @Schema(description = "CHANGE, COST, GOVERNANCE, QUALITY, SCHEMA_DRIFT, BACKFILL, CANARY, PROMOTION or ESCALATION") String kind,
            String step,
            String summary,
            ReviewState state,
            @JsonProperty("required_role") String requiredRole,
            @JsonProperty("requested_at") Instant requestedAt,
            @JsonProperty("decided_by") String decidedBy,
            @JsonProperty("decided_at") Instant decidedAt,
            String comment) {

        static ReviewSummary of(Review r) {
            return new ReviewSummary(r.id(), r.goalId(), r.planId(), r.kind(), r.step(), r.summary(), r.state(),
                    r.requiredRole(), r.requestedAt(), r.decidedBy(), r.decidedAt(), r.comment());
        }
    }

    @Schema(description = "A review gate with the change it would let through")
    public record ReviewDetail(
            String id,
            @JsonProperty("goal_id") String goalId,
            @JsonProperty("plan_id") String planId,
            String kind,
            String step,
            String summary,
            ReviewState state,
            @JsonProperty("required_role") String requiredRole,
            @JsonProperty("requested_at") Instant requestedAt,
            @JsonProperty("decided_by") String decidedBy,
            @JsonProperty("decided_at") Instant decidedAt,
            String comment,
            @Schema(description = "For an escalation: retry, skip or abort") String action,
            @Schema(description = "What would change, e.g. the plan branch's diff against main") String diff) {

        static ReviewDetail of(Review r) {
            return new ReviewDetail(r.id(), r.goalId(), r.planId(), r.kind(), r.step(), r.summary(), r.state(),
                    r.requiredRole(), r.requestedAt(), r.decidedBy(), r.decidedAt(), r.comment(), r.action(), r.diff());
        }
    }

    @Schema(description = "An approval; every field optional")
    public record ApproveRequest(
            String comment,
            @Schema(description = "For an escalation: retry, skip or abort", allowableValues = {"retry", "skip", "abort"}) String action,
            @Schema(description = "For an INTENT review: the corrected goal, as goal YAML, to go on with instead of the proposal")
            @JsonProperty("goal_yaml") String goalYaml) {

        public ApproveRequest(String comment, String action) {
            this(comment, action, null);
        }
    }

    @Schema(description = "A rejection")
    public record RejectRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String reason) {
    }

    @Schema(description = "A rollback request; the reason is optional and kept with the plan")
    public record RollbackRequest(String reason) {
    }

    @Schema(description = "A published rollback request")
    public record RollbackAccepted(@JsonProperty("goal_id") String goalId, @JsonProperty("requested_by") String requestedBy) {
    }
}
