package io.dea.modeling;

import java.util.Locale;

/**
 * The naming evidence keys and relationships are inferred from: {@code order_id} names a source
 * called {@code order} or {@code orders} (also {@code -es}, {@code -ies} plurals).
 */
final class Naming {

    private Naming() {
    }

    /** True when {@code source} is {@code stem} or a plural of it. */
    static boolean namesSource(String stem, String source) {
        String s = stem.toLowerCase(Locale.ROOT);
        String name = source.toLowerCase(Locale.ROOT);
        return name.equals(s) || name.equals(s + "s") || name.equals(s + "es")
                || (s.endsWith("y") && name.equals(s.substring(0, s.length() - 1) + "ies"));
    }

    /** The stem of an {@code <x>_id} column, or null when the column is not named so. */
    static String idStem(String column) {
        String c = column.toLowerCase(Locale.ROOT);
        return c.endsWith("_id") && c.length() > 3 ? column.substring(0, column.length() - 3) : null;
    }
}
