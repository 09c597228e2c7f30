package org.paperradio.core.library;

/**
 * Turns text into a unit-length vector whose dot product with another measures how close their
 * meanings are. Implementations must be safe to call from several threads.
 */
public interface Embedder {

    /** A name for the model; an index built with one model cannot be searched with another. */
    String name();

    /** Length of every vector {@link #embed} returns. */
    int dimension();

    /** The embedding of {@code text}, normalised to length 1. */
    float[] embed(String text);
}
