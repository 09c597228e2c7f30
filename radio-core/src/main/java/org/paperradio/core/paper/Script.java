package org.paperradio.core.paper;

import java.util.List;

/** A show script for one paper: lines in airing order, and who wrote it (writer and version). */
public record Script(ArxivId paper, String title, List<ScriptLine> lines, String writtenBy) {
    public Script {
        lines = List.copyOf(lines);
    }

    public List<ScriptLine.Spoken> spokenLines() {
        return lines.stream()
                .filter(ScriptLine.Spoken.class::isInstance)
                .map(ScriptLine.Spoken.class::cast)
                .toList();
    }
}
