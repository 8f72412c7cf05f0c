package io.dea.platform.goal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** The one reader and writer of {@code key<sep>value} lists in step outputs ({@link KeyList}, {@link ColumnNames}). */
final class Pairs {

    private Pairs() {
    }

    /** Entries without the separator, or with nothing before it, are skipped; both sides are trimmed. */
    static Map<String, String> parse(String text, String entries, String separator) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String pair : text.split(java.util.regex.Pattern.quote(entries))) {
            int at = pair.indexOf(separator);
            if (at > 0) {
                map.put(pair.substring(0, at).trim(), pair.substring(at + separator.length()).trim());
            }
        }
        return map;
    }

    static String join(Map<String, String> map, String entries, String separator) {
        return map.entrySet().stream().map(e -> e.getKey() + separator + e.getValue()).collect(Collectors.joining(entries));
    }
}
