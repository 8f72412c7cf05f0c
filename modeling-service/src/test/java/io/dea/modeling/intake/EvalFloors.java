package io.dea.modeling.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

/** The figures measured per schema, as floors: a reading that gets worse fails the evaluation. */
final class EvalFloors {

    /** At least this many exact, this many expected questions asked; at most this many wrong parts and unexpected questions. */
    private record Floor(int exact, int questionsAsked, int wrong, int questionsUnexpected) {
    }

    /*
     * Measured after tuning the interpreter (abbreviations, a count of a category value, the time column named like
     * the measure and not a row's bookkeeping time). Untuned, the new schemas' phrasings (written before measuring)
     * read: flights 7/11 exact, 1 wrong part, 4 unexpected questions; saas 9/11, 2 wrong, 1; hr 10/12, 0 wrong, 2.
     * The shop is unchanged: its one wrong part is the mart name of "how much did customers pay per month", taken
     * from the words of a measure it asks about.
     */
    private static final Map<String, Floor> FLOORS = Map.of(
            "shop", new Floor(36, 6, 1, 1),
            "flights", new Floor(11, 2, 0, 0),
            "saas", new Floor(11, 2, 0, 0),
            "hr", new Floor(11, 2, 0, 1));

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
