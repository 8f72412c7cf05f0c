package io.dea.modeling.intake;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The default similarity: the words of both sides paired one to one, each pair scored (same word
 * 1, same stem 0.95, synonyms 0.85, one letter apart in words of five letters or more 0.8, the
 * candidate's word an abbreviation the goal's word starts with 0.8: dep, departure), and
 * the pairs' total weighed against both sides' length (a Dice coefficient). Suffixes every schema
 * uses ({@code _id}, {@code _at}) weigh less, so "customer" is close to {@code customer_id}.
 */
final class LexicalSimilarity implements TextSimilarity {

    private static final Set<String> GENERIC = Set.of("id", "at", "on", "ts", "key", "no", "nr", "num");
    private static final double LIGHT = 0.3;
    private static final Set<String> IGNORED = Set.of("the", "a", "an", "of", "and", "for", "to", "in", "by", "per", "with", "s");

    private final Synonyms synonyms;

    LexicalSimilarity(Synonyms synonyms) {
        this.synonyms = synonyms;
    }

    @Override
    public double score(String word, String candidate) {
        List<String> a = words(word);
        List<String> b = words(candidate);
        if (a.isEmpty() || b.isEmpty()) {
            return 0;
        }
        List<String> free = new ArrayList<>(b);
        double matched = 0;
        for (String x : a) {
            String best = null;
            double bestScore = 0;
            for (String y : free) {
                double s = pair(x, y) * Math.min(weight(x), weight(y));
                if (s > bestScore) {
                    best = y;
                    bestScore = s;
                }
            }
            if (best != null) {
                free.remove(best);
                matched += bestScore;
            }
        }
        return 2 * matched / (total(a) + total(b));
    }

    private static List<String> words(String text) {
        return Words.of(text).stream().filter(w -> !IGNORED.contains(w)).toList();
    }

    private double pair(String x, String y) {
        if (x.equals(y)) {
            return 1;
        }
        if (Words.stem(x).equals(Words.stem(y))) {
            return 0.95;
        }
        if (synonyms.same(x, y)) {
            return 0.85;
        }
        return typo(x, y) || abbreviates(y, x) ? 0.8 : 0;
    }

    private static boolean typo(String x, String y) {
        return x.length() >= 5 && y.length() >= 5 && Words.distance(x, y) == 1;
    }

    /**
     * Schemas shorten words (dep_delay, dest, cust_id); people write them out. Only that way round, and
     * only three letters or more shortening a word at least three letters longer, so count is not country.
     */
    private static boolean abbreviates(String shortWord, String word) {
        return shortWord.length() >= 3 && word.length() >= shortWord.length() + 3 && word.startsWith(shortWord);
    }

    private static double weight(String word) {
        return GENERIC.contains(word) ? LIGHT : 1;
    }

    private static double total(List<String> words) {
        return words.stream().mapToDouble(LexicalSimilarity::weight).sum();
    }
}
