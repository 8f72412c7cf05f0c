package io.dea.modeling.intake;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** What an interpretation has said so far: a line per matched part, a line per question, and the tables it used, in order. */
final class Notes {

    final List<String> matches = new ArrayList<>();
    final List<String> questions = new ArrayList<>();
    final Set<String> used = new LinkedHashSet<>();

    void match(String line) {
        matches.add(line);
    }

    void ask(String line) {
        questions.add(line);
    }

    void use(LandedTable table) {
        used.add(table.name());
    }

    /** The question for words that matched nothing, or two things too closely. */
    void unmatched(String words, Pick<?> pick, String what, String scope, String ask) {
        if (pick.tied()) {
            ask("'" + words + "': matches " + String.join(" and ", pick.close()) + " too closely to choose; " + ask);
        } else {
            ask("'" + words + "': no " + what + " of " + scope + " matches it; " + ask);
        }
    }

    static String score(double score) {
        return String.format(Locale.ROOT, "%.2f", score);
    }
}
