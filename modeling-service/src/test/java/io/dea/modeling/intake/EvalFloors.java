package io.dea.modeling.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

/** The figures measured per schema, as floors: a reading that gets worse fails the evaluation. */
final class EvalFloors {

    /** At least this many exact, this many expected questions asked; at most this many wrong parts and unexpected questions. */
    private record Floor(int exact, int questionsAsked, int wrong, int questionsUnexpected) {
    }

    private static final Map<String, Floor> FLOORS = Map.of(
            "shop", new Floor(36, 6, 1, 1),
            "flights", new Floor(7, 2, 1, 4),
            "saas", new Floor(9, 2, 2, 1),
            "hr", new Floor(10, 2, 0, 2));

    private EvalFloors() {
    }

    static void check(EvalFigures f) {
        Floor floor = FLOORS.get(f.schema());
        assertThat(f.exact()).as("exact readings over %s: %s", f.schema(), f.misses()).isGreaterThanOrEqualTo(floor.exact());
        assertThat(f.questionsAsked()).as("expected questions over %s: %s", f.schema(), f.misses())
                .isGreaterThanOrEqualTo(floor.questionsAsked());
        assertThat(f.wrong()).as("confidently wrong parts over %s: %s", f.schema(), f.misses()).isLessThanOrEqualTo(floor.wrong());
        assertThat(f.questionsUnexpected()).as("unexpected questions over %s: %s", f.schema(), f.misses())
                .isLessThanOrEqualTo(floor.questionsUnexpected());
    }
}
