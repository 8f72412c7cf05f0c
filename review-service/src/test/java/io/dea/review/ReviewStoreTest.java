package io.dea.review;

import static org.assertj.core.api.Assertions.assertThat;

import io.dea.events.v1.Decision;
import io.dea.events.v1.EventMeta;
import io.dea.events.v1.ReviewDecided;
import io.dea.events.v1.ReviewRequested;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The store's rules without Kafka: order of topics, replays and conflicting decisions. */
class ReviewStoreTest {

    private final ReviewStore store = new ReviewStore();

    @Test
    void aRequestOpensAPendingReviewOnce() {
        assertThat(store.applyRequested(requested("r1", "g1"), "p1")).isPresent();
        assertThat(store.applyRequested(requested("r1", "g1"), "p1")).isEmpty();
        assertThat(store.openCount()).isEqualTo(1);
        assertThat(store.get("r1").orElseThrow().planId()).isEqualTo("plan-r1");
    }

    @Test
    void aDecisionReadBeforeItsRequestIsAppliedWhenTheRequestArrives() {
        assertThat(store.applyDecided(decided("r1", Decision.APPROVED, "alice"))).isEmpty();
        assertThat(store.applyRequested(requested("r1", "g1"), "p1")).as("not announced as open").isEmpty();
        Review review = store.get("r1").orElseThrow();
        assertThat(review.state()).isEqualTo(ReviewState.APPROVED);
        assertThat(review.decidedBy()).isEqualTo("alice");
        assertThat(store.openCount()).isZero();
    }

    @Test
    void theFirstDecisionWinsOverALaterConflictingOne() {
        store.applyRequested(requested("r1", "g1"), "p1");
        store.applyDecided(decided("r1", Decision.REJECTED, "bob"));
        store.applyDecided(decided("r1", Decision.APPROVED, "alice"));
        assertThat(store.get("r1").orElseThrow().state()).isEqualTo(ReviewState.REJECTED);
        assertThat(store.get("r1").orElseThrow().decidedBy()).isEqualTo("bob");
    }

    @Test
    void listingFiltersByStateAndGoal() {
        store.applyRequested(requested("r1", "g1"), "p1");
        store.applyRequested(requested("r2", "g2"), "p2");
        store.applyDecided(decided("r2", Decision.APPROVED, "alice"));
        assertThat(store.list(ReviewState.PENDING, null)).extracting(Review::id).containsExactly("r1");
        assertThat(store.list(null, "g2")).extracting(Review::id).containsExactly("r2");
        assertThat(store.list(null, null)).hasSize(2);
    }

    @Test
    void theKindOfAReviewAddsItsRole() {
        store.applyRequested(requested("r1", "g1", "GOVERNANCE", "reviewer"), "p1");
        assertThat(ReviewService.requiredRoles(store.get("r1").orElseThrow()))
                .containsExactlyInAnyOrder("reviewer", "governance-approver");
        store.applyRequested(requested("r2", "g1", "ESCALATION", ""), "p1");
        assertThat(ReviewService.requiredRoles(store.get("r2").orElseThrow())).containsExactly("reviewer");
    }

    private static ReviewRequested requested(String id, String goal) {
        return requested(id, goal, "CHANGE", "reviewer");
    }

    private static ReviewRequested requested(String id, String goal, String kind, String role) {
        return ReviewRequested.newBuilder().setMeta(meta(id, goal)).setReviewId(id).setKind(kind).setStep("apply")
                .setTaskId("t").setAttempt(1).setSummary("s").setDiff("d").setRequiredRole(role).build();
    }

    private static ReviewDecided decided(String id, Decision decision, String by) {
        return ReviewDecided.newBuilder().setMeta(meta(id, "g")).setReviewId(id).setDecision(decision)
                .setDecidedBy(by).setDecidedAt(Instant.now()).setComment(null).setAction(null).build();
    }

    private static EventMeta meta(String id, String goal) {
        return EventMeta.newBuilder().setEventId("e").setTraceId("t").setGoalId(goal).setPlanId("plan-" + id)
                .setProducedAt(Instant.now()).setService("s").setInstance("i").build();
    }
}
