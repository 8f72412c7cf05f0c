package io.dea.registry;

import java.util.Locale;

/**
 * Confluent's compatibility levels, with which directions and how far back each one checks.
 *
 * <p>An enum rather than strings so an unknown level is rejected at the edge (42203) instead of
 * silently behaving like NONE.
 */
public enum CompatibilityLevel {
    NONE(false, false, false),
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true);

    /** Confluent's default when neither the subject nor the registry has a level set. */
    public static final CompatibilityLevel DEFAULT = BACKWARD;

    private final boolean newReadsOld;
    private final boolean oldReadsNew;
    private final boolean transitive;

    CompatibilityLevel(boolean newReadsOld, boolean oldReadsNew, boolean transitive) {
        this.newReadsOld = newReadsOld;
        this.oldReadsNew = oldReadsNew;
        this.transitive = transitive;
    }

    /** The new schema must read data written with the old ones (consumers upgrade first). */
    public boolean newReadsOld() {
        return newReadsOld;
    }

    /** The old schemas must read data written with the new one (producers upgrade first). */
    public boolean oldReadsNew() {
        return oldReadsNew;
    }

    /** Check against every live version rather than only the latest. */
    public boolean transitive() {
        return transitive;
    }

    public static CompatibilityLevel parse(String text) {
        if (text == null) {
            throw RegistryErrors.invalidCompatibilityLevel(null);
        }
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw RegistryErrors.invalidCompatibilityLevel(text);
        }
    }
}
