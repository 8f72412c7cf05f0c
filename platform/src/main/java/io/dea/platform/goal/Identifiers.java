package io.dea.platform.goal;

import java.util.regex.Pattern;

/**
 * Names that end up in SQL and file paths (sources, marts, measures, columns) must be plain
 * identifiers, so they can be written unquoted and never carry SQL or path tricks.
 */
public final class Identifiers {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    private Identifiers() {
    }

    public static boolean isSafe(String name) {
        return name != null && SAFE.matcher(name).matches();
    }

    /** The name itself when safe; otherwise an exception saying what is wrong with it. */
    public static String require(String what, String name) {
        if (!isSafe(name)) {
            throw new IllegalArgumentException(what + " '" + name + "' is not a safe identifier (letters, digits and _, not starting with a digit, at most 63)");
        }
        return name;
    }
}
