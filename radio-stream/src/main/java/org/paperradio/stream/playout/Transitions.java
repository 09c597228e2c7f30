package org.paperradio.stream.playout;

import java.time.Duration;
import java.util.Objects;
import org.paperradio.tts.audio.Pcm;

/**
 * What happens at the joins between items on air: every item fades in over {@code fade}, an item
 * cut short (skipped) fades out over it, and between two programme items (papers, reruns, shows)
 * a short {@code sting} plays, when there is one. Jingles need no sting: they are one.
 *
 * @param sting the sting at the air's sample rate, or null for none
 * @param fade  the fade at every join (zero: none)
 */
public record Transitions(Pcm sting, Duration fade) {

    public Transitions {
        Objects.requireNonNull(fade, "fade");
        if (fade.isNegative()) {
            throw new IllegalArgumentException("fade must not be negative: " + fade);
        }
    }

    /** Plain joins: no sting, no fades. */
    public static Transitions none() {
        return new Transitions(null, Duration.ZERO);
    }

    /** Whether the sting plays between these two items. */
    boolean stingBetween(Segment previous, Segment next) {
        return sting != null && !sting.isEmpty() && isProgramme(previous) && isProgramme(next);
    }

    int fadeSamples(int sampleRate) {
        return (int) Math.min(Integer.MAX_VALUE, fade.toNanos() * sampleRate / 1_000_000_000L);
    }

    private static boolean isProgramme(Segment s) {
        return s instanceof PaperSegment || s instanceof Rerun || s instanceof ShowSegment;
    }
}
