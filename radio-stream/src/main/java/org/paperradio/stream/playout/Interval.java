package org.paperradio.stream.playout;

import java.util.Objects;
import org.paperradio.tts.audio.Pcm;

/** A soft interval signal that fills the air of a fresh station that has nothing to air yet. */
public record Interval(String title, Pcm pcm) implements Jingle {

    public Interval {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(pcm, "pcm");
        if (pcm.isEmpty()) {
            throw new IllegalArgumentException("an empty interval cannot fill the air");
        }
    }

    /** A synthesized music-box pattern of about ten seconds, soft enough to loop for hours. */
    public static Interval chimes(int sampleRate) {
        return new Interval("Interval signal", Tones.intervalChimes(sampleRate));
    }

    @Override
    public Kind kind() {
        return Kind.INTERVAL;
    }
}
