package io.dea.platform.review;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a review is about, and the role a person needs to decide it. The one place that maps a kind to
 * its role: agents name the kind, the orchestrator writes the kind's role on the wire, and the review
 * service checks callers against the same map. On the wire ({@code ReviewNeed}, {@code ReviewRequested},
 * {@code ReviewDecided}) kind and role stay strings: {@link #name()} and {@link #requiredRole()}.
 */
public enum ReviewKind {
    /** A change to the shared project (merge of a dbt change, a staging fix). */
    CHANGE(Roles.REVIEWER),
    /** A query estimated over its budget. */
    COST(Roles.COST_APPROVER),
    /** Masked views and access policies for columns tagged as PII. */
    GOVERNANCE(Roles.GOVERNANCE_APPROVER),
    /** A fix proposed for failing data tests. */
    QUALITY(Roles.REVIEWER),
    /** A source changed in a way the landing table cannot absorb on its own. */
    SCHEMA_DRIFT(Roles.REVIEWER),
    /** A backfill estimated to scan more than the review threshold. */
    BACKFILL(Roles.REVIEWER),
    /** A change held back by its canary. */
    CANARY(Roles.REVIEWER),
    /** Promotion of a change to the next environment. */
    PROMOTION(Roles.REVIEWER),
    /** How a goal given in words was understood: the proposed structured goal, approved, corrected or rejected. */
    INTENT(Roles.REVIEWER),
    /** A step that kept failing: retry, skip or abort. */
    ESCALATION(Roles.REVIEWER);

    /** The roles a review can require. */
    public static final class Roles {
        public static final String REVIEWER = "reviewer";
        public static final String COST_APPROVER = "cost-approver";
        public static final String GOVERNANCE_APPROVER = "governance-approver";

        private Roles() {
        }
    }

    private final String requiredRole;

    ReviewKind(String requiredRole) {
        this.requiredRole = requiredRole;
    }

    /** The role a person needs to decide a review of this kind. */
    public String requiredRole() {
        return requiredRole;
    }

    /** The kind a wire string names (case and surrounding blanks ignored), or empty for none this version knows. */
    public static Optional<ReviewKind> find(String wire) {
        if (wire == null) {
            return Optional.empty();
        }
        String name = wire.trim().toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(k -> k.name().equals(name)).findFirst();
    }

    /** The kind a wire string names; an unknown or missing kind is an error that names the known ones. */
    public static ReviewKind parse(String wire) {
        return find(wire).orElseThrow(() -> new IllegalArgumentException("unknown review kind '" + wire + "'; known kinds: "
                + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "))));
    }
}
