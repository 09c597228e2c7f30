package org.paperradio.core.paper;

import java.time.Duration;
import java.util.List;

/**
 * A voiced show as stored next to its {@code show.mp3}: length, the audio format of
 * {@code show.wav}, where each chapter starts and ends, and each line's timing.
 */
public record ShowAudio(String show, Duration length, int sampleRate, int channels, List<ChapterMark> chapters,
                        List<LineTiming> lines) {
    public ShowAudio {
        chapters = List.copyOf(chapters);
        lines = List.copyOf(lines);
    }

    /** Where a chapter sits in the show's audio; {@code paper} is null for chapters about no single paper. */
    public record ChapterMark(String title, ArxivId paper, Duration start, Duration end) {
    }
}
