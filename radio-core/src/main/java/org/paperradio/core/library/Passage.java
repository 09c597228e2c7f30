package org.paperradio.core.library;

import java.util.Objects;
import org.paperradio.core.paper.ArxivId;

/**
 * One passage of a paper's body found by {@link PaperLibrary#passages}: the paper, its title,
 * the passage's position in the body (0 first) and its text. {@code score} only orders the
 * passages of the same call (a fused rank score).
 */
public record Passage(ArxivId id, String title, int index, String text, double score) {

    public Passage {
        Objects.requireNonNull(id, "id");
        title = title == null ? "" : title;
        text = text == null ? "" : text;
    }
}
