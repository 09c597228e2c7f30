package org.paperradio.core.paper;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A paper's text after cleaning, split into sections, with the number of pages rendered. */
public record ExtractedText(List<Section> sections, int pageCount) {

    public ExtractedText {
        sections = List.copyOf(sections);
    }

    /** The whole cleaned text, sections separated by blank lines. */
    public String fullText() {
        StringBuilder b = new StringBuilder();
        for (Section s : sections) {
            if (!s.heading().isEmpty()) {
                b.append(s.heading()).append("\n\n");
            }
            b.append(s.text()).append("\n\n");
        }
        return b.toString().strip();
    }

    /** The first section whose heading contains one of the words (case-insensitive). */
    public Optional<Section> section(String... words) {
        for (Section s : sections) {
            String h = s.heading().toLowerCase(Locale.ROOT);
            for (String w : words) {
                if (h.contains(w.toLowerCase(Locale.ROOT))) {
                    return Optional.of(s);
                }
            }
        }
        return Optional.empty();
    }
}
