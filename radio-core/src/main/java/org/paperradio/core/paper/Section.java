package org.paperradio.core.paper;

/** One section of a paper's cleaned text; {@code heading} is empty for text before the first heading. */
public record Section(String heading, String text) {
    public Section {
        heading = heading == null ? "" : heading.strip();
        text = text == null ? "" : text;
    }
}
