package io.dea.modeling.intake;

import io.dea.platform.goal.Aggregate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The phrasings the interpreter reads, as data (docs/intent.md lists the same). Each table maps the
 * words as written to what they mean; where several start alike, the longest is read.
 */
final class Grammar {

    /** Where a part of the goal starts. */
    enum Clause { MEASURES, SOURCES, GRAIN, EXCLUDE, ONLY, WHERE, NAME }

    static final Map<String, Clause> CLAUSES = ordered(
            "grouped by", Clause.GRAIN, "group by", Clause.GRAIN, "broken down by", Clause.GRAIN, "split by", Clause.GRAIN,
            "for each", Clause.GRAIN, "for every", Clause.GRAIN, "by", Clause.GRAIN, "per", Clause.GRAIN,
            "from", Clause.SOURCES, "using", Clause.SOURCES,
            "except for", Clause.EXCLUDE, "excluding", Clause.EXCLUDE, "except", Clause.EXCLUDE, "without", Clause.EXCLUDE,
            "ignoring", Clause.EXCLUDE, "not counting", Clause.EXCLUDE, "leaving out", Clause.EXCLUDE,
            "only for", Clause.ONLY, "only", Clause.ONLY, "just", Clause.ONLY,
            "where", Clause.WHERE, "whose", Clause.WHERE,
            "called", Clause.NAME, "named", Clause.NAME);

    /** Aggregate words at the start of a measure phrase. */
    static final Map<String, Aggregate> AGGREGATES_BEFORE = ordered(
            "number of distinct", Aggregate.COUNT_DISTINCT, "number of unique", Aggregate.COUNT_DISTINCT,
            "count of distinct", Aggregate.COUNT_DISTINCT, "count of unique", Aggregate.COUNT_DISTINCT,
            "how many distinct", Aggregate.COUNT_DISTINCT, "how many unique", Aggregate.COUNT_DISTINCT,
            "distinct count of", Aggregate.COUNT_DISTINCT, "distinct", Aggregate.COUNT_DISTINCT, "unique", Aggregate.COUNT_DISTINCT,
            "number of", Aggregate.COUNT, "count of", Aggregate.COUNT, "how many", Aggregate.COUNT, "count", Aggregate.COUNT,
            "sum of", Aggregate.SUM, "total of", Aggregate.SUM, "total", Aggregate.SUM, "sum", Aggregate.SUM,
            "average of", Aggregate.AVG, "average", Aggregate.AVG, "avg", Aggregate.AVG, "mean of", Aggregate.AVG, "mean", Aggregate.AVG,
            "minimum", Aggregate.MIN, "min", Aggregate.MIN, "lowest", Aggregate.MIN, "smallest", Aggregate.MIN,
            "earliest", Aggregate.MIN, "first", Aggregate.MIN,
            "maximum", Aggregate.MAX, "max", Aggregate.MAX, "highest", Aggregate.MAX, "largest", Aggregate.MAX,
            "biggest", Aggregate.MAX, "latest", Aggregate.MAX, "last", Aggregate.MAX);

    /** Aggregate words at the end of a measure phrase ("order count", "sales total"). */
    static final Map<String, Aggregate> AGGREGATES_AFTER = ordered("count", Aggregate.COUNT, "total", Aggregate.SUM,
            "sum", Aggregate.SUM, "average", Aggregate.AVG);

    /** Time grains: adjectives anywhere, and the nouns after by/per/for each/each/every. */
    static final Map<String, String> TIME_ADJECTIVES = Map.of("daily", "day", "weekly", "week", "monthly", "month");
    static final Map<String, String> TIME_NOUNS = Map.of("day", "day", "days", "day", "week", "week", "weeks", "week",
            "month", "month", "months", "month");
    /** Time words the platform has no grain for: they become a question. */
    static final Set<String> UNSUPPORTED_TIME = Set.of("hourly", "hour", "hours", "yearly", "year", "years", "annual", "annually",
            "quarterly", "quarter", "quarters");
    /** The adjective a time grain gives the mart's name. */
    static final Map<String, String> TIME_NAMES = Map.of("day", "daily", "week", "weekly", "month", "monthly");

    static final Map<String, String> ENVIRONMENTS = Map.of("dev", "dev", "development", "dev", "staging", "staging",
            "prod", "prod", "production", "prod");

    /** Comparisons after "where", longest first. */
    static final Map<String, String> OPERATORS = ordered(
            "is not equal to", "<>", "not equal to", "<>", "is not", "<>", "!=", "<>", "<>", "<>",
            "is at least", ">=", "at least", ">=", ">=", ">=", "is at most", "<=", "at most", "<=", "<=", "<=",
            "is more than", ">", "more than", ">", "greater than", ">", "is over", ">", "over", ">", "above", ">", ">", ">",
            "is less than", "<", "less than", "<", "under", "<", "below", "<", "<", "<",
            "is equal to", "=", "equal to", "=", "equals", "=", "is", "=", "=", "=");

    /** Words that carry no part of the goal. */
    static final Set<String> FILLERS = Set.of("build", "create", "make", "show", "give", "me", "us", "i", "we", "want", "need",
            "compute", "calculate", "get", "list", "produce", "report", "mart", "table", "tables", "dashboard", "view", "a", "an",
            "the", "our", "my", "all", "of", "what", "is", "are", "please", "data", "landed", "source", "sources", "each", "every",
            "in", "on", "for", "s", "with", "to", "that", "which");

    /** Words that join the items of a clause. */
    static final Set<String> JOINERS = Set.of("and", ",", "or", "&", "plus");

    private Grammar() {
    }

    @SuppressWarnings("unchecked")
    private static <V> Map<String, V> ordered(Object... pairs) {
        Map<String, V> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], (V) pairs[i + 1]);
        }
        return map;
    }

    /** The longest phrasing of {@code table} that the tokens start with at {@code at}; null when none does. */
    static String startsWith(List<String> tokens, int at, Map<String, ?> table) {
        String longest = null;
        for (String phrase : table.keySet()) {
            String[] words = phrase.split(" ");
            boolean longer = longest == null || words.length > longest.split(" ").length;
            if (longer && at + words.length <= tokens.size() && matches(tokens, at, words)) {
                longest = phrase;
            }
        }
        return longest;
    }

    private static boolean matches(List<String> tokens, int at, String[] words) {
        for (int i = 0; i < words.length; i++) {
            if (!tokens.get(at + i).equals(words[i])) {
                return false;
            }
        }
        return true;
    }
}
