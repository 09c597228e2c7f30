package org.paperradio.core.library;

import java.util.List;
import java.util.Objects;

/**
 * A group of papers on one subject, found by {@link PaperLibrary#themes}. {@code label} is a few
 * of the group's most distinctive words (e.g. "protein folding, contact maps"); {@code papers}
 * are most typical first, each {@link Hit#score()} being its cosine similarity to the group's
 * centre.
 */
public record Theme(String label, List<Hit> papers) {

    public Theme {
        Objects.requireNonNull(label, "label");
        papers = List.copyOf(papers);
        if (papers.isEmpty()) {
            throw new IllegalArgumentException("a theme needs at least one paper");
        }
    }

    /** Number of papers in the theme. */
    public int size() {
        return papers.size();
    }
}
