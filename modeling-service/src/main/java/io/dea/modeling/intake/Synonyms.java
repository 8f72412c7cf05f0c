package io.dea.modeling.intake;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Words that mean the same thing in a goal and in a schema: each group is one meaning. A word of
 * the goal and a word of a name compare as synonyms when they share a group (compared by stem).
 * The {@code money} group is also what makes a word a money word (docs/intent.md).
 */
final class Synonyms {

    /** The money words: a measure named by one of them sums a numeric column named by one of them. */
    static final List<String> MONEY = List.of("revenue", "sales", "sale", "amount", "paid", "income", "turnover", "spend", "spent",
            "price", "cost", "value", "money", "gmv", "earnings", "total", "fee", "charge", "salary", "wage", "pay");

    static final Synonyms DEFAULT = new Synonyms(List.of(
            MONEY,
            List.of("customer", "client", "buyer", "shopper"),
            List.of("status", "state"),
            List.of("method", "type", "kind", "mode", "channel"),
            List.of("product", "item", "sku", "article"),
            List.of("quantity", "qty", "units", "unit"),
            List.of("country", "nation"),
            List.of("department", "dept", "team", "division"),
            List.of("employee", "staff", "worker", "hire"),
            List.of("airline", "carrier"),
            List.of("delay", "late", "lateness"),
            List.of("duration", "length", "minutes", "seconds"),
            List.of("event", "action", "activity"),
            List.of("signup", "signed", "registered", "registration", "joined"),
            List.of("date", "day")));

    private final Map<String, Set<Integer>> groups = new HashMap<>();

    Synonyms(List<List<String>> table) {
        for (int i = 0; i < table.size(); i++) {
            for (String word : table.get(i)) {
                groups.computeIfAbsent(Words.stem(word), k -> new java.util.HashSet<>()).add(i);
            }
        }
    }

    /** Whether two words share a meaning (not counting being the same word). */
    boolean same(String a, String b) {
        Set<Integer> x = groups.get(Words.stem(a));
        Set<Integer> y = groups.get(Words.stem(b));
        return x != null && y != null && x.stream().anyMatch(y::contains);
    }

    /** A money word, by stem (revenue, sales, paid, amount, ...). */
    static boolean money(String word) {
        String stem = Words.stem(word);
        return MONEY.stream().anyMatch(m -> Words.stem(m).equals(stem));
    }
}
