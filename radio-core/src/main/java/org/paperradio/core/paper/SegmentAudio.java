package org.paperradio.core.paper;

import java.time.Duration;
import java.util.List;

/**
 * A voiced segment as stored in a paper's {@code audio/} folder: its length, the audio format of
 * {@code segment.wav} (16-bit signed little-endian PCM) and each line's timing.
 */
public record SegmentAudio(ArxivId paper, Duration length, int sampleRate, int channels, List<LineTiming> lines) {
    public SegmentAudio {
        lines = List.copyOf(lines);
    }
}
