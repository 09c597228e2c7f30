package org.paperradio.core.paper;

/** How far a paper has come on its way to air. Order matters: each follows the one before. */
public enum Stage {
    /** Metadata known, nothing downloaded. */
    DISCOVERED,
    /** paper.pdf is on disk. */
    FETCHED,
    /** text.txt, sections.json and pages/ are on disk. */
    EXTRACTED,
    /** The paper is in the library (search index and embeddings). */
    INDEXED,
    /** script.json is on disk. */
    WRITTEN,
    /** audio/ holds the voiced segment and its timing. */
    VOICED,
    /** The segment has been on air once. */
    AIRED,
    /**
     * A newer version of a paper that is already written or on air: indexed in its place, not
     * aired again. Like {@link #AIRED}, a paper's way ends here.
     */
    UPDATED;

    public boolean isBefore(Stage other) {
        return ordinal() < other.ordinal();
    }

    /** Whether a paper's way ends here: nothing more to do, nothing to resume. */
    public boolean isFinal() {
        return this == AIRED || this == UPDATED;
    }
}
