package io.dea.cost;

import java.util.Locale;
import java.util.Set;

/**
 * Checks that the SQL handed to the cost agent is one query (SELECT, WITH, FROM-first or VALUES)
 * before it is put behind EXPLAIN: the estimate is for a query, and a second statement smuggled
 * after a semicolon must never reach the warehouse. A small scanner, not a parser, so DuckDB's own
 * syntax is never rejected for being unfamiliar.
 */
public final class ReadOnlySql {

    private static final Set<String> QUERY_STARTS = Set.of("select", "with", "from", "values", "(");

    private ReadOnlySql() {
    }

    /** The query without trailing semicolons; the exception's message says why it is not one query. */
    public static String require(String sql) {
        if (sql == null || sql.isBlank()) {
            throw new IllegalArgumentException("the SQL is empty");
        }
        String trimmed = sql.strip();
        while (trimmed.endsWith(";")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1).stripTrailing();
        }
        StringBuilder code = new StringBuilder(); // the SQL with strings, quoted names and comments blanked
        int i = 0;
        while (i < trimmed.length()) {
            char c = trimmed.charAt(i);
            if (c == '\'' || c == '"') {
                int end = closing(trimmed, i, c);
                code.append(' ');
                i = end + 1;
            } else if (c == '-' && trimmed.startsWith("--", i)) {
                int end = trimmed.indexOf('\n', i);
                i = end < 0 ? trimmed.length() : end;
                code.append(' ');
            } else if (c == '/' && trimmed.startsWith("/*", i)) {
                int end = trimmed.indexOf("*/", i + 2);
                if (end < 0) {
                    throw new IllegalArgumentException("a /* comment is never closed");
                }
                i = end + 2;
                code.append(' ');
            } else {
                code.append(c);
                i++;
            }
        }
        String text = code.toString().strip();
        if (text.contains(";")) {
            throw new IllegalArgumentException("it holds more than one statement");
        }
        String first = text.isEmpty() ? "" : text.startsWith("(") ? "(" : text.split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
        if (!QUERY_STARTS.contains(first)) {
            throw new IllegalArgumentException("it starts with '" + first + "', not SELECT, WITH, FROM or VALUES");
        }
        return trimmed;
    }

    private static int closing(String sql, int start, char quote) {
        int i = start + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2; // a doubled quote is the quote itself
                    continue;
                }
                return i;
            }
            i++;
        }
        throw new IllegalArgumentException("a " + quote + " quote is never closed");
    }
}
