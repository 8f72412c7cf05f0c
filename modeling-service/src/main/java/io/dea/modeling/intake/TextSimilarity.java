package io.dea.modeling.intake;

/**
 * How alike a word of a goal and a candidate (a column name, a table name, a category value) are,
 * from 0 (nothing in common) to 1 (the same). The matcher only ranks candidates by it and asks when
 * the best is too weak or too close to the next, so any measure fits behind it: the lexical default
 * with its synonym table, or in-process embeddings (cosine similarity), each with its own bars.
 */
@FunctionalInterface
public interface TextSimilarity {

    double score(String word, String candidate);

    /** The least score a candidate needs to be taken at all. */
    default double accept() {
        return 0.6;
    }

    /** Two candidates whose scores are closer than this are too close to choose between: the matcher asks. */
    default double margin() {
        return 0.1;
    }

    /** Words compared letter by letter, singular and stem, with the synonym table of {@link Synonyms}. */
    static TextSimilarity lexical() {
        return new LexicalSimilarity(Synonyms.DEFAULT);
    }
}
