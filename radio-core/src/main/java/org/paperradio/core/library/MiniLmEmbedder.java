package org.paperradio.core.library;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;

/**
 * all-MiniLM-L6-v2 (quantized), run in-process with ONNX through LangChain4j. The model ships
 * inside its jar, so nothing is downloaded at run time. Loading takes about a second: make one
 * and share it.
 */
public final class MiniLmEmbedder implements Embedder {

    private static final int DIMENSION = 384;

    private final EmbeddingModel model;

    public MiniLmEmbedder() {
        this.model = new AllMiniLmL6V2QuantizedEmbeddingModel();
    }

    @Override
    public String name() {
        return "all-minilm-l6-v2-q";
    }

    @Override
    public int dimension() {
        return DIMENSION;
    }

    @Override
    public float[] embed(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("nothing to embed: text is empty");
        }
        return Vectors.normalised(model.embed(text).content().vector());
    }
}
