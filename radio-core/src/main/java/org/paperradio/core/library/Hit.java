package org.paperradio.core.library;

import java.util.Objects;
import org.paperradio.core.paper.ArxivId;

/**
 * One paper found in the library. {@code score} only orders hits of the same call: a fused
 * rank score for {@link PaperLibrary#search}, a similarity in [0, 1] for
 * {@link PaperLibrary#related}.
 */
public record Hit(ArxivId id, String title, double score) {

    public Hit {
        Objects.requireNonNull(id, "id");
        title = title == null ? "" : title;
    }
}
