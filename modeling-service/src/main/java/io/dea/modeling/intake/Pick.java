package io.dea.modeling.intake;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one candidate words name, or why there is none: nothing scored the similarity's bar, or two
 * scored within its margin of each other (then the interpreter asks rather than guesses).
 *
 * @param chosen the candidate, or null
 * @param score  its score
 * @param close  the labels of the candidates too close to choose between (empty unless tied)
 */
record Pick<T>(T chosen, double score, List<String> close) {

    /** A candidate with its score and how a person would name it ({@code orders.status}). */
    record Scored<T>(T item, double score, String label) {
    }

    static <T> Pick<T> none() {
        return new Pick<>(null, 0, List.of());
    }

    boolean found() {
        return chosen != null;
    }

    boolean tied() {
        return !close.isEmpty();
    }

    static <T> Pick<T> best(List<Scored<T>> candidates, TextSimilarity similarity) {
        // One label keeps its best score: the same column reached two ways is one candidate.
        Map<String, Scored<T>> byLabel = new LinkedHashMap<>();
        for (Scored<T> c : candidates) {
            if (c.score() >= similarity.accept() && (!byLabel.containsKey(c.label()) || byLabel.get(c.label()).score() < c.score())) {
                byLabel.put(c.label(), c);
            }
        }
        List<Scored<T>> ranked = new ArrayList<>(byLabel.values());
        ranked.sort(Comparator.comparingDouble((Scored<T> c) -> c.score()).reversed());
        if (ranked.isEmpty()) {
            return none();
        }
        Scored<T> top = ranked.get(0);
        List<String> close = ranked.stream().filter(c -> top.score() - c.score() < similarity.margin()).map(Scored::label).toList();
        return close.size() > 1 ? new Pick<>(null, top.score(), close) : new Pick<>(top.item(), top.score(), List.of());
    }
}
