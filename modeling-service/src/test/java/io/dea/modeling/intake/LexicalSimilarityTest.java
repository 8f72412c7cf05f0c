package io.dea.modeling.intake;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The lexical similarity's rules, as the matcher uses them: a score against the bar to accept (0.6). */
class LexicalSimilarityTest {

    private final TextSimilarity similarity = TextSimilarity.lexical();

    @Test
    void shouldReadAColumnsAbbreviationAsTheWordWrittenOutButNotTheOtherWayRound() {
        assertThat(similarity.score("departure delay", "dep_delay")).isGreaterThanOrEqualTo(similarity.accept());
        assertThat(similarity.score("destination", "dest")).isGreaterThanOrEqualTo(similarity.accept());
        assertThat(similarity.score("departure delay", "arr_delay")).isLessThan(similarity.accept());
        assertThat(similarity.score("dep", "departure")).isZero();
        assertThat(similarity.score("country", "count")).isZero();
        assertThat(similarity.score("deposit", "dep_delay")).isLessThan(similarity.accept());
    }
}
