package io.dea.platform.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dea.platform.agent.TaskOutcome;
import org.junit.jupiter.api.Test;

class ReviewKindTest {

    @Test
    void eachKindRequiresItsRole() {
        assertThat(ReviewKind.GOVERNANCE.requiredRole()).isEqualTo("governance-approver");
        assertThat(ReviewKind.COST.requiredRole()).isEqualTo("cost-approver");
        for (ReviewKind kind : new ReviewKind[] {ReviewKind.CHANGE, ReviewKind.QUALITY, ReviewKind.SCHEMA_DRIFT,
                ReviewKind.BACKFILL, ReviewKind.CANARY, ReviewKind.PROMOTION, ReviewKind.ESCALATION}) {
            assertThat(kind.requiredRole()).as(kind.name()).isEqualTo("reviewer");
        }
    }

    @Test
    void theWireStringParsesAndAnUnknownKindFailsNamingTheKnownOnes() {
        assertThat(ReviewKind.parse("SCHEMA_DRIFT")).isEqualTo(ReviewKind.SCHEMA_DRIFT);
        assertThat(ReviewKind.parse(" cost ")).isEqualTo(ReviewKind.COST);
        assertThat(ReviewKind.find("MERGE")).isEmpty();
        assertThatThrownBy(() -> ReviewKind.parse("MERGE")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown review kind 'MERGE'").hasMessageContaining("CHANGE, COST, GOVERNANCE");
        assertThatThrownBy(() -> ReviewKind.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anOutcomeHeldForReviewCarriesTheKindAndTheRoleItRequires() {
        TaskOutcome.Review review = TaskOutcome.succeeded("s").needsReview(ReviewKind.COST, "over budget", "plan").review();
        assertThat(review.kind()).isEqualTo("COST");
        assertThat(review.requiredRole()).isEqualTo("cost-approver");
    }
}
