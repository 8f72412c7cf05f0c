package io.dea.review;

import io.dea.events.v1.Decision;
import io.dea.events.v1.ReviewDecided;
import io.dea.events.v1.RollbackRequested;
import io.dea.platform.event.EventFactory;
import io.dea.platform.kafka.Topics;
import io.dea.platform.review.ReviewKind;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Service;

/**
 * Decisions: who may decide which review, and the ReviewDecided event that records it.
 *
 * <p>The event is published and acknowledged by the broker before the local state changes, so the
 * API never reports a decision the topic does not hold. Deciding again the same way answers the
 * review as it stands without a second event; the other way is a conflict. Decisions on one
 * replica are serialized; two replicas deciding the same review at the same moment both publish,
 * and every replica keeps the first decision on the topic (see {@link ReviewStore}).
 */
@Service
public class ReviewService {

    private static final Logger log = LoggerFactory.getLogger(ReviewService.class);
    private static final Set<String> ACTIONS = Set.of("retry", "skip", "abort");
    /** Who may ask for a rollback: the role that approves changes. */
    static final String ROLLBACK_ROLE = "reviewer";

    private final ReviewStore store;
    private final ReviewLog reviewLog;
    private final KafkaTemplate<String, Object> kafka;
    private final EventFactory events;
    private final ReviewProperties properties;
    private final Object decisions = new Object();

    public ReviewService(ReviewStore store, ReviewLog reviewLog, KafkaTemplate<String, Object> kafka,
                         EventFactory events, ReviewProperties properties) {
        this.store = store;
        this.reviewLog = reviewLog;
        this.kafka = kafka;
        this.events = events;
        this.properties = properties;
    }

    public Review get(String id) {
        return store.get(id).orElseThrow(() -> reviewLog.isCaughtUp()
                ? new ApiErrors.ReviewException(HttpStatus.NOT_FOUND, "no review " + id)
                : new ApiErrors.ReviewException(HttpStatus.SERVICE_UNAVAILABLE, "still reading the reviews, try again shortly"));
    }

    public Review approve(String id, Caller caller, String comment, String action) {
        return approve(id, caller, comment, action, null);
    }

    /** An approval; for an INTENT review it may carry the goal the approver corrected, checked to be goal YAML. */
    public Review approve(String id, Caller caller, String comment, String action, String goalYaml) {
        String normalized = action == null || action.isBlank() ? null : action.trim().toLowerCase(Locale.ROOT);
        if (normalized != null && !ACTIONS.contains(normalized)) {
            throw new ApiErrors.ReviewException(HttpStatus.BAD_REQUEST, "action must be one of retry, skip, abort");
        }
        String goal = blankToNull(goalYaml);
        if (goal != null) {
            checkCorrectedGoal(get(id), goal);
        }
        return decide(id, caller, Decision.APPROVED, blankToNull(comment), normalized, goal);
    }

    /** A corrected goal only answers an INTENT review, and must read as a goal (the orchestrator validates the rest). */
    private static void checkCorrectedGoal(Review review, String goalYaml) {
        if (ReviewKind.find(review.kind()).orElse(null) != ReviewKind.INTENT) {
            throw new ApiErrors.ReviewException(HttpStatus.BAD_REQUEST, "goal_yaml answers only an INTENT review; review " + review.id()
                    + " is " + review.kind());
        }
        try {
            io.dea.platform.goal.GoalYaml.parse(goalYaml);
        } catch (io.dea.platform.goal.GoalYaml.GoalYamlException e) {
            throw new ApiErrors.ReviewException(HttpStatus.BAD_REQUEST, "goal_yaml is not a goal: " + e.getMessage());
        }
    }

    public Review reject(String id, Caller caller, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new ApiErrors.ReviewException(HttpStatus.BAD_REQUEST, "a reason is required to reject a review");
        }
        return decide(id, caller, Decision.REJECTED, reason.trim(), null, null);
    }

    /**
     * The roles a caller needs for a review: the one it asks for, and the one its kind requires
     * ({@link ReviewKind#requiredRole()}). A kind this version does not know adds nothing beyond the role
     * the review asks for, and {@code reviewer} when it asks for none.
     */
    static Set<String> requiredRoles(Review review) {
        Set<String> roles = new LinkedHashSet<>();
        if (review.requiredRole() != null && !review.requiredRole().isBlank()) {
            roles.add(review.requiredRole().trim());
        }
        ReviewKind.find(review.kind()).ifPresent(kind -> roles.add(kind.requiredRole()));
        if (roles.isEmpty()) {
            roles.add(ReviewKind.Roles.REVIEWER);
        }
        return roles;
    }

    private Review decide(String id, Caller caller, Decision decision, String comment, String action, String goalYaml) {
        Review review = get(id);
        authorize(caller, review);
        synchronized (decisions) {
            review = get(id);
            ReviewState wanted = decision == Decision.APPROVED ? ReviewState.APPROVED : ReviewState.REJECTED;
            if (review.state() == wanted) {
                return review;
            }
            if (!review.pending()) {
                throw new ApiErrors.ReviewException(HttpStatus.CONFLICT, "review " + id + " was already "
                        + review.state() + " by " + review.decidedBy());
            }
            ReviewDecided event = ReviewDecided.newBuilder()
                    .setMeta(events.meta(review.traceId(), review.goalId(), review.planId()))
                    .setReviewId(review.id())
                    .setDecision(decision)
                    .setAction(action)
                    .setDecidedBy(caller.identity())
                    .setDecidedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                    .setComment(comment)
                    .setKind(review.kind())
                    .setAttempt(review.attempt())
                    .setRole(review.requiredRole())
                    .setGoalYaml(goalYaml)
                    .build();
            publish(review.planId(), event);
            log.info("Review {} {} by {}", id, decision, caller.identity());
            return store.applyDecided(event).orElseThrow();
        }
    }

    /** Publishes a rollback request for the goal with the caller, a reviewer, as its approval. */
    public ReviewApi.RollbackAccepted requestRollback(String goalId, Caller caller, String reason) {
        if (goalId == null || !goalId.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")) {
            throw new ApiErrors.ReviewException(HttpStatus.BAD_REQUEST, "a goal id is 1-100 letters, digits, '.', '_' or '-'");
        }
        if (caller.isAgent() || !caller.roles().contains(ROLLBACK_ROLE)) {
            throw new ApiErrors.ReviewException(HttpStatus.FORBIDDEN, "a rollback needs the role " + ROLLBACK_ROLE
                    + (caller.isAgent() ? " and a person: agents never roll back" : ""));
        }
        // The plan id is the goal id; a new trace, since the goal's own ended with it.
        RollbackRequested request = new RollbackRequested(events.meta(java.util.UUID.randomUUID().toString(), goalId, goalId),
                goalId, caller.identity(), blankToNull(reason));
        send(Topics.GOAL_ROLLBACKS, goalId, request, "the rollback request");
        log.info("Rollback of goal {} requested by {}", goalId, caller.identity());
        return new ReviewApi.RollbackAccepted(goalId, caller.identity());
    }

    private void authorize(Caller caller, Review review) {
        if (caller.isAgent()) {
            throw new ApiErrors.ReviewException(HttpStatus.FORBIDDEN, caller.identity() + " is an agent: agents never decide reviews");
        }
        if (review.fourEyes() && caller.identity().equals(review.requestedBy())) {
            throw new ApiErrors.ReviewException(HttpStatus.FORBIDDEN, caller.identity() + " requested this goal and may not decide its "
                    + review.kind() + " review: four eyes are required here, ask another reviewer");
        }
        Set<String> needed = requiredRoles(review);
        if (!caller.roles().containsAll(needed)) {
            throw new ApiErrors.ReviewException(HttpStatus.FORBIDDEN, "deciding this " + review.kind()
                    + " review needs the role(s) " + String.join(", ", needed));
        }
    }

    private void publish(String key, ReviewDecided event) {
        send(Topics.REVIEWS_DECIDED, key, event, "the decision");
    }

    private void send(String topic, String key, Object event, String what) {
        try {
            kafka.send(topic, key, event).get(properties.decisionTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiErrors.ReviewException(HttpStatus.SERVICE_UNAVAILABLE, "interrupted while publishing " + what);
        } catch (ExecutionException e) {
            log.error("Could not publish {} on {}", what, topic, e.getCause());
            throw new ApiErrors.ReviewException(HttpStatus.SERVICE_UNAVAILABLE, "could not publish " + what + ": " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw new ApiErrors.ReviewException(HttpStatus.SERVICE_UNAVAILABLE,
                    "the broker did not acknowledge " + what + " within " + properties.decisionTimeout() + "; it may still be recorded");
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
