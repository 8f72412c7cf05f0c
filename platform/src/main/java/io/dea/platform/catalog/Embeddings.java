package io.dea.platform.catalog;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Sentence embeddings in this process: all-MiniLM-L6-v2 from LangChain4j's module, whose jar holds
 * the ONNX model and its tokenizer, run on the CPU by ONNX Runtime; nothing is downloaded. The model
 * is loaded once per JVM, on first use (about a second and 100 MB of heap), so a service that never
 * indexes or searches never pays for it. Vectors are normalized, so cosine similarity is their dot
 * product.
 */
public final class Embeddings {

    /** The model's vector size; the catalog's column is {@code FLOAT[384]}. */
    public static final int DIMENSIONS = 384;

    private Embeddings() {
    }

    /** Initialization-on-demand: the JVM loads the model the first time {@link #model()} is called, once. */
    private static final class Holder {
        static final EmbeddingModel MODEL = new AllMiniLmL6V2EmbeddingModel();
    }

    static EmbeddingModel model() {
        return Holder.MODEL;
    }

    public static float[] embed(String text) {
        return model().embed(text).content().vector();
    }

    /** The vector as DuckDB reads a list literal, e.g. {@code [0.1, -0.2]}: bound as a parameter and cast, never spliced into SQL. */
    static String literal(float[] vector) {
        StringBuilder out = new StringBuilder(vector.length * 12).append('[');
        for (int i = 0; i < vector.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(Float.toString(vector[i]));
        }
        return out.append(']').toString();
    }

    static List<float[]> embedAll(List<String> texts) {
        return texts.stream().map(Embeddings::embed).collect(Collectors.toList());
    }
}
