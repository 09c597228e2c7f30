package org.paperradio.core.paper;

import java.util.List;
import java.util.Objects;

/**
 * One chapter of a show: a title (shown by podcast players), the paper it is about (null for
 * the opening, round-up and closing) and its script lines.
 */
public record Chapter(String title, ArxivId paper, List<ScriptLine> lines) {
    public Chapter {
        Objects.requireNonNull(title, "title");
        lines = List.copyOf(lines);
    }
}
