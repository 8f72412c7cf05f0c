package io.dea.platform.catalog;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Ranks catalog rows for a query: meaning (the cosine similarity DuckDB computed) plus a keyword score
 * over the entry's name and text, plus a bonus when the query is the entry's name, so an exact
 * column name wins over anything that only means something close. Pure: the store hands it rows.
 *
 * <p>score = similarity + {@value #KEYWORD_WEIGHT} × keyword + ({@value #EXACT_BONUS} when the query is the name),
 * where keyword is, averaged over the query's words weighted by how rare each is in the catalog (idf),
 * 1 for a word of the entry's own name (or its money tag), ½ for a word of the rest of its qualified
 * name (a column's table), ¼ for a word of its text. Weighted, so "customers" in "money customers
 * paid", which names a dozen entries, does not lift them over the one amount of money.
 */
final class CatalogRanking {

    static final double KEYWORD_WEIGHT = 0.6;
    static final double EXACT_BONUS = 1.0;
    private static final Set<String> STOP = Set.of("a", "an", "the", "of", "and", "or", "by", "for", "in", "on", "to", "what",
            "which", "is", "are", "per", "with", "from", "each", "all", "me", "show", "find", "where", "how", "do", "does");

    private CatalogRanking() {
    }

    static List<CatalogHit> rank(String query, List<CatalogStore.Scored> rows, int limit) {
        List<String> terms = terms(query);
        String exact = String.join("_", words(query));
        List<Set<String>> texts = rows.stream().map(r -> stems(words(r.entry().text()))).toList();
        Map<String, Double> weights = new LinkedHashMap<>();
        terms.forEach(t -> weights.put(t, idf(stem(t), texts)));
        Map<String, CatalogHit> best = new LinkedHashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            CatalogHit hit = score(rows.get(i), texts.get(i), weights, exact);
            best.merge(rows.get(i).entry().name(), hit, (a, b) -> a.score() >= b.score() ? a : b); // a document's best section
        }
        return best.values().stream()
                .sorted(Comparator.comparingDouble(CatalogHit::score).reversed().thenComparing(CatalogHit::name))
                .limit(limit).toList();
    }

    /** A word's weight: rarer in the catalog, more telling ("customers" is in every customers column, "money" in few). */
    private static double idf(String stem, List<Set<String>> texts) {
        long holding = texts.stream().filter(t -> t.contains(stem)).count();
        return Math.log(1.0 + (texts.size() + 1.0) / (holding + 1.0));
    }

    private static CatalogHit score(CatalogStore.Scored row, Set<String> text, Map<String, Double> weights, String exact) {
        CatalogEntry entry = row.entry();
        Set<String> tag = stems(words(entry.attributes().getOrDefault("money", "")));
        Set<String> own = stems(words(entry.shortName()));
        own.addAll(tag);
        Set<String> qualified = stems(words(entry.name()));
        List<String> inName = new ArrayList<>();
        List<String> inText = new ArrayList<>();
        double keyword = 0;
        double total = 0;
        for (Map.Entry<String, Double> term : weights.entrySet()) {
            String stem = stem(term.getKey());
            total += term.getValue();
            if (own.contains(stem) || qualified.contains(stem)) {
                keyword += term.getValue() * (own.contains(stem) ? 1.0 : 0.5);
                (tag.contains(stem) ? inText : inName).add(term.getKey());
            } else if (text.contains(stem)) {
                keyword += term.getValue() * 0.25;
                inText.add(term.getKey());
            }
        }
        keyword = total == 0 ? 0 : keyword / total;
        boolean isName = !exact.isEmpty() && (exact.equalsIgnoreCase(stripExtension(entry.shortName()))
                || exact.equalsIgnoreCase(String.join("_", words(entry.name()))));
        double score = row.similarity() + KEYWORD_WEIGHT * keyword + (isName ? EXACT_BONUS : 0);
        return new CatalogHit(entry.kind().label(), entry.name(), Math.round(score * 1000) / 1000.0,
                why(isName, inName, inText, row.similarity()));
    }

    /** {@code name has 'amount'; meaning 0.61}. */
    private static String why(boolean isName, List<String> inName, List<String> inText, double similarity) {
        List<String> parts = new ArrayList<>();
        if (isName) {
            parts.add("name is the query");
        } else if (!inName.isEmpty()) {
            parts.add("name has " + quoted(inName));
        }
        if (!inText.isEmpty()) {
            parts.add("text has " + quoted(inText));
        }
        parts.add(String.format(Locale.ROOT, "meaning %.2f", similarity));
        return String.join("; ", parts);
    }

    private static String quoted(List<String> words) {
        return String.join(", ", words.stream().map(w -> "'" + w + "'").toList());
    }

    /** The query's words that carry meaning: lower case, stop words out, each once. */
    static List<String> terms(String query) {
        return new ArrayList<>(new LinkedHashSet<>(words(query).stream().filter(w -> !STOP.contains(w)).toList()));
    }

    /** Lower-case words of letters and digits; {@code order_date} and {@code stg_x__orders} split at the underscores. */
    static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }

    private static Set<String> stems(List<String> words) {
        Set<String> out = new LinkedHashSet<>();
        words.forEach(w -> out.add(stem(w)));
        return out;
    }

    /** A light plural stem, so "orders" finds {@code order_id} and "payment" finds {@code payments}. */
    static String stem(String word) {
        if (word.length() > 4 && word.endsWith("ies")) {
            return word.substring(0, word.length() - 3) + "y";
        }
        if (word.length() > 3 && word.endsWith("s") && !word.endsWith("ss")) {
            return word.substring(0, word.length() - 1);
        }
        return word;
    }

    private static String stripExtension(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
