package io.dea.modeling.intake;

import java.util.List;

/**
 * A phrasing of a goal in words, the structured parts it should become ({@code source:}, {@code grain:},
 * {@code time:}, {@code measure:name=agg(expr)}, {@code filter:}, {@code mart:}, {@code environment:}) and the
 * words it should ask about instead ({@code ?words}).
 */
record EvalCase(String words, List<String> expected) {

    static EvalCase of(String words, String... expected) {
        return new EvalCase(words, List.of(expected));
    }

    List<String> parts() {
        return expected.stream().filter(p -> !p.startsWith("?")).toList();
    }

    List<String> questions() {
        return expected.stream().filter(p -> p.startsWith("?")).map(p -> p.substring(1)).toList();
    }
}
