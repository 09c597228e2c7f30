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
    /** summary.json is on disk (an LLM summary, or an extractive one while the LLM is away). */
    SUMMARIZED,
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
    UPDATED,
    /**
     * Waited longer than the selection allows without being chosen for a segment: named in the
     * daily show's round-up instead. A paper's way ends here.
     */
    PASSED_OVER;

    public boolean isBefore(Stage other) {
        return ordinal() < other.ordinal();
    }

    /** Whether a paper's way ends here: nothing more to do, nothing to resume. */
    public boolean isFinal() {
        return this == AIRED || this == UPDATED || this == PASSED_OVER;
    }
}
