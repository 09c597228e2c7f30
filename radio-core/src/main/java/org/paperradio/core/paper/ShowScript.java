package org.paperradio.core.paper;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The script of a daily or weekly show: chapters in airing order (an opening, one per paper or
 * theme, a round-up, a closing), each voiced in turn and marked in the show's mp3.
 *
 * @param id        stable id of the show, e.g. {@code daily-2026-11-24}: also its archive folder name
 * @param airsAt    the slot it was written for
 * @param writtenBy the writer, model and prompt version that produced it
 */
public record ShowScript(String id, Show.Kind kind, String title, Instant airsAt, List<Chapter> chapters,
                         String writtenBy) {
    public ShowScript {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        chapters = List.copyOf(chapters);
    }

    /** The papers the show covers, in chapter order, each once. */
    public List<ArxivId> papers() {
        return chapters.stream().map(Chapter::paper).filter(Objects::nonNull).distinct().toList();
    }
}
