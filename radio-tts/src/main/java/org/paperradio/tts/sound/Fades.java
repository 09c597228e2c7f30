package org.paperradio.tts.sound;

import java.time.Duration;
import org.paperradio.tts.audio.Pcm;

/**
 * Raised-cosine fades at the edges of a clip: audio that starts or stops on a non-zero sample
 * clicks, and a short, smooth ramp removes the click without audibly shortening a word.
 */
public final class Fades {

    private Fades() {
    }

    /**
     * A copy of {@code pcm} that rises from silence over {@code in} and falls to silence over
     * {@code out} (each at most half the clip, so a short clip gets a shorter fade, never none).
     */
    public static Pcm edges(Pcm pcm, Duration in, Duration out) {
        short[] s = pcm.samples().clone();
        int n = s.length;
        int a = Math.min(Pcm.samplesFor(in, pcm.sampleRate()), n / 2);
        int b = Math.min(Pcm.samplesFor(out, pcm.sampleRate()), n / 2);
        for (int i = 0; i < a; i++) {
            s[i] = (short) Math.round(s[i] * rise(i, a));
        }
        for (int i = 0; i < b; i++) {
            int k = n - 1 - i;
            s[k] = (short) Math.round(s[k] * rise(i, b));
        }
        return new Pcm(s, pcm.sampleRate());
    }

    /** Both edges with the same length. */
    public static Pcm edges(Pcm pcm, Duration fade) {
        return edges(pcm, fade, fade);
    }

    /**
     * The gain at step {@code i} of a rise over {@code length} steps: 0 at the first step, 1 just
     * past the last, half a cosine between (no corner at either end, so no click).
     */
    static double rise(double i, double length) {
        if (length <= 0 || i >= length) {
            return 1.0;
        }
        if (i <= 0) {
            return 0.0;
        }
        return 0.5 - 0.5 * Math.cos(Math.PI * i / length);
    }
}
