package io.dea.orchestrator.plan;

import io.dea.events.v1.ReviewDecided;
import io.dea.platform.goal.Environment;
import io.dea.platform.review.ReviewKind;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a decision may change a waiting step. Kafka ACLs already let only the review service write
 * decisions; this is the second wall: a decision counts only for the review this orchestrator opened,
 * for the attempt it waits on, of the kind and under the role it asked for, and (four eyes) not
 * from the goal's own requester where the environment demands it.
 *
 * @param fourEyesEnvironments environments whose CHANGE and PROMOTION reviews the requester may not decide
 */
public record DecisionCheck(Set<String> fourEyesEnvironments) {

    /** Review kinds that change a shared environment, so four eyes apply to them. */
    static final Set<ReviewKind> FOUR_EYES_KINDS = EnumSet.of(ReviewKind.CHANGE, ReviewKind.PROMOTION);

    public DecisionCheck {
        fourEyesEnvironments = fourEyesEnvironments.stream().map(e -> e.trim().toLowerCase(Locale.ROOT)).collect(
                java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** The default: four eyes on prod. */
    public static DecisionCheck prodFourEyes() {
        return new DecisionCheck(Set.of(Environment.PROD));
    }

    /** Whether the goal's requester is barred from deciding a review of this kind in this plan. */
    boolean fourEyes(Plan plan, ReviewKind kind) {
        return FOUR_EYES_KINDS.contains(kind) && plan.environment != null
                && fourEyesEnvironments.contains(plan.environment.toLowerCase(Locale.ROOT));
    }

    /** Why the decision must not count, or empty when it may. */
    Optional<String> refusal(Plan plan, Step step, ReviewDecided decision) {
        if (!Objects.equals(step.reviewKind, decision.getKind())) {
            return Optional.of("it is for a " + decision.getKind() + " review, the step waits on a " + step.reviewKind + " review");
        }
        if (decision.getAttempt() == null || decision.getAttempt() != step.attempt) {
            return Optional.of("it is for attempt " + decision.getAttempt() + ", the step waits on attempt " + step.attempt);
        }
        if (step.reviewRole != null && !step.reviewRole.equals(decision.getRole())) {
            return Optional.of("it was made under the role " + decision.getRole() + ", the review requires " + step.reviewRole);
        }
        boolean fourEyes = ReviewKind.find(step.reviewKind).filter(kind -> fourEyes(plan, kind)).isPresent();
        if (fourEyes && decision.getDecidedBy().equals(plan.requestedBy)) {
            return Optional.of(decision.getDecidedBy() + " requested the goal and may not decide its " + step.reviewKind
                    + " review (four eyes in " + plan.environment + ")");
        }
        return Optional.empty();
    }
}
