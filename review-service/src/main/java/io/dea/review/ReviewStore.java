package io.dea.review;

import io.dea.events.v1.ReviewDecided;
import io.dea.events.v1.ReviewRequested;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Every review in memory, rebuilt from the two review topics on every start.
 *
 * <p>The topics are read independently, so a decision can arrive before its request: it waits in
 * {@code early} until the request shows up. The first decision on a review wins; a later one that
 * disagrees (two replicas deciding at the same moment) is logged and ignored, so every replica
 * ends up with the same state whatever order it reads the topics in. Applying the same event twice
 * changes nothing.
 */
@Component
public class ReviewStore {

    private static final Logger log = LoggerFactory.getLogger(ReviewStore.class);
    private static final Comparator<Review> BY_REQUESTED_AT = Comparator
            .comparing(Review::requestedAt, Comparator.nullsLast(Comparator.<Instant>naturalOrder()))
            .thenComparing(Review::id);

    private final Map<String, Review> reviews = new LinkedHashMap<>();
    private final Map<String, ReviewDecided> early = new HashMap<>();

    /** Applies a request; returns the review when this opened it, empty when it was already known. */
    public synchronized Optional<Review> applyRequested(ReviewRequested event, String recordKey) {
        if (reviews.containsKey(event.getReviewId())) {
            return Optional.empty();
        }
        Review review = Review.requested(event, recordKey);
        ReviewDecided decision = early.remove(review.id());
        if (decision != null) {
            review = review.decided(decision);
        }
        reviews.put(review.id(), review);
        return review.pending() ? Optional.of(review) : Optional.empty();
    }

    /** Applies a decision and returns the review as it now stands (empty while its request is unseen). */
    public synchronized Optional<Review> applyDecided(ReviewDecided decision) {
        Review review = reviews.get(decision.getReviewId());
        if (review == null) {
            early.putIfAbsent(decision.getReviewId(), decision);
            return Optional.empty();
        }
        if (review.pending()) {
            review = review.decided(decision);
            reviews.put(review.id(), review);
        } else if (review.state() != Review.stateOf(decision)) {
            log.warn("Ignoring {} of review {} by {}: it was already {} by {}", decision.getDecision(), review.id(),
                    decision.getDecidedBy(), review.state(), review.decidedBy());
        }
        return Optional.of(review);
    }

    public synchronized Optional<Review> get(String id) {
        return Optional.ofNullable(reviews.get(id));
    }

    /** Reviews oldest first, optionally only those in one state and / or of one goal. */
    public synchronized List<Review> list(ReviewState state, String goalId) {
        List<Review> matching = new ArrayList<>();
        for (Review review : reviews.values()) {
            if ((state == null || review.state() == state) && (goalId == null || goalId.equals(review.goalId()))) {
                matching.add(review);
            }
        }
        matching.sort(BY_REQUESTED_AT);
        return matching;
    }

    public synchronized int openCount() {
        int open = 0;
        for (Review review : reviews.values()) {
            if (review.pending()) {
                open++;
            }
        }
        return open;
    }
}
