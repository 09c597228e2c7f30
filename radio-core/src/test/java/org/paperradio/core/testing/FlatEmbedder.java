package org.paperradio.core.testing;

import org.paperradio.core.library.Embedder;

/** Enough of an embedder to open a library in tests that never search it by meaning (every text maps to one vector). */
public record FlatEmbedder() implements Embedder {
    @Override
    public String name() {
        return "flat-test";
    }

    @Override
    public int dimension() {
        return 4;
    }

    @Override
    public float[] embed(String text) {
        return new float[] {1, 0, 0, 0};
    }
}
