package io.dea.platform.goal;

import io.dea.events.v1.MartSpec;
import io.dea.events.v1.MeasureSpec;
import java.util.List;

/**
 * The parts of a goal given only in words, for a language model to write at intake: a measure with a
 * description and no expr, and a filter given as {@code {description: ...}}.
 */
public final class InWords {

    private InWords() {
    }

    /** A measure given only in words: a description and no expr. */
    public static boolean measure(MeasureSpec m) {
        return (m.getExpr() == null || m.getExpr().isBlank()) && m.getDescription() != null && !m.getDescription().isBlank();
    }

    /** The mart's filters given only in words (empty when there are none). */
    public static List<String> filters(MartSpec mart) {
        return mart == null || mart.getDescribedFilters() == null ? List.of() : mart.getDescribedFilters();
    }

    /** Whether any measure or filter of the mart is given only in words. */
    public static boolean any(MartSpec mart) {
        return mart != null && (mart.getMeasures().stream().anyMatch(InWords::measure) || !filters(mart).isEmpty());
    }
}
