package io.dea.platform.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The freshness a mart keeps: the tightest of the goal's, its own SLA and the team's default. */
class SlaPolicyTest {

    private static final String SLA = "---\ndea: sla\nfreshness: 24h\nmarts:\n  daily_revenue: { freshness: 6h }\n---\n# SLAs\n";

    private static List<PolicyDocument> slas(String content) {
        return PolicyDocuments.of(Map.of("docs/sla.md", content), PolicyKind.SLA);
    }

    @Test
    void theMartsOwnSlaIsTighterThanTheDefaultAndTheGoalsLooserPromise() {
        SlaPolicy.Freshness freshness = SlaPolicy.of("48h", "daily_revenue", slas(SLA));

        assertThat(freshness.freshness()).isEqualTo("6h");
        assertThat(freshness.documents()).singleElement().asString().matches("docs/sla\\.md@[0-9a-f]{7}");
        assertThat(freshness.described()).startsWith("6h (docs/sla.md@");
    }

    @Test
    void aGoalPromisingMoreKeepsItsOwnAndCitesNothing() {
        assertThat(SlaPolicy.of("30m", "daily_revenue", slas(SLA))).isEqualTo(new SlaPolicy.Freshness("30m", List.of()));
    }

    @Test
    void anotherMartGetsTheDefaultAndNoSlaAndNoGoalValueMeansNone() {
        assertThat(SlaPolicy.of(null, "weekly_orders", slas(SLA)).freshness()).isEqualTo("24h");
        assertThat(SlaPolicy.of(null, "weekly_orders", List.of())).isEqualTo(new SlaPolicy.Freshness(null, List.of()));
    }

    @Test
    void aPageThatCannotBeReadNamesItself() {
        assertThatThrownBy(() -> SlaPolicy.of(null, "m", slas("---\ndea: sla\nfreshness: soon\n---\n")))
                .hasMessage("docs/sla.md: freshness 'soon' must be a number and m, h or d, e.g. 24h");
        assertThatThrownBy(() -> SlaPolicy.of(null, "m", slas("---\ndea: sla\nfresh: 1h\n---\n")))
                .hasMessage("docs/sla.md: unknown key fresh (known: dea, freshness, marts)");
        assertThatThrownBy(() -> SlaPolicy.of(null, "m", slas("---\ndea: sla\nfreshness: { hours: 6 }\n---\n")))
                .hasMessage("docs/sla.md: freshness must be a duration such as 24h, 30m or 2d");
    }

    @Test
    void aCitationIsTheBlobIdGitGivesTheSameText() {
        // git hash-object of "hello\n" is ce013625030ba8dba906f756967f9e9ca394464a.
        assertThat(PolicyDocuments.cite("docs/x.md", "hello\n")).isEqualTo("docs/x.md@ce01362");
    }
}
