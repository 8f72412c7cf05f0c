package io.dea.modeling.intake;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Words as the interpreter compares them: lower case, split at spaces, underscores, dots and camel
 * case; plurals made singular; and a rough stem (returned, returns and return compare equal).
 */
final class Words {

    private static final Pattern SPLIT = Pattern.compile("[^a-z0-9]+");
    private static final Pattern CAMEL = Pattern.compile("(?<=[a-z0-9])(?=[A-Z])");
    private static final Map<String, String> IRREGULAR = Map.of("people", "person", "children", "child", "men", "man",
            "women", "woman", "data", "data", "series", "series", "news", "news");

    private Words() {
    }

    /** The words of a text or a name ({@code orderDate}, {@code order_date} and {@code order date} give the same two). */
    static List<String> of(String text) {
        if (text == null) {
            return List.of();
        }
        String spaced = CAMEL.matcher(text).replaceAll(" ").toLowerCase(Locale.ROOT);
        return Arrays.stream(SPLIT.split(spaced)).filter(w -> !w.isEmpty()).toList();
    }

    /** The singular of an English noun, by the common rules (orders, categories, boxes); other words as they are. */
    static String singular(String word) {
        if (IRREGULAR.containsKey(word)) {
            return IRREGULAR.get(word);
        }
        if (word.length() > 4 && word.endsWith("ies")) {
            return word.substring(0, word.length() - 3) + "y";
        }
        if (word.length() > 4 && (word.endsWith("sses") || word.endsWith("xes") || word.endsWith("ches") || word.endsWith("shes"))) {
            return word.substring(0, word.length() - 2);
        }
        if (word.length() > 3 && word.endsWith("s") && !word.endsWith("ss") && !word.endsWith("us") && !word.endsWith("is")) {
            return word.substring(0, word.length() - 1);
        }
        return word;
    }

    /** A rough stem for comparing: singular, then -ed, -ing and a final e dropped (shipped and ship, completed and complete). */
    static String stem(String word) {
        String s = singular(word);
        if (s.length() > 4 && s.endsWith("ed")) {
            s = undouble(s.substring(0, s.length() - 2));
        } else if (s.length() > 5 && s.endsWith("ing")) {
            s = undouble(s.substring(0, s.length() - 3));
        }
        return s.length() > 3 && s.endsWith("e") ? s.substring(0, s.length() - 1) : s;
    }

    private static String undouble(String s) {
        int n = s.length();
        return n > 2 && s.charAt(n - 1) == s.charAt(n - 2) && "aeiou".indexOf(s.charAt(n - 1)) < 0 ? s.substring(0, n - 1) : s;
    }

    /** snake_case of words, e.g. {@code daily_revenue}; prefixed when it would start with a digit. */
    static String snake(List<String> words) {
        String joined = String.join("_", words.stream().flatMap(w -> of(w).stream()).toList());
        String safe = !joined.isEmpty() && Character.isDigit(joined.charAt(0)) ? "m_" + joined : joined;
        return safe.length() > 63 ? safe.substring(0, 63) : safe;
    }

    /** The words without repeats, in order (a table's name before a column that repeats it: order + order_date). */
    static List<String> distinct(List<String> words) {
        return new ArrayList<>(new LinkedHashSet<>(words));
    }

    /** Levenshtein distance, for a typo of one letter. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
