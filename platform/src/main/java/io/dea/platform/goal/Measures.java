package io.dea.platform.goal;

import io.dea.events.v1.MeasureSpec;

/** What a goal's measures say about themselves. */
public final class Measures {

    private Measures() {
    }

    /** A measure given only in words: a description and no expr, for a language model to write at intake. */
    public static boolean described(MeasureSpec m) {
        return (m.getExpr() == null || m.getExpr().isBlank()) && m.getDescription() != null && !m.getDescription().isBlank();
    }
}
