package org.paperradio.tts.testing;

import java.time.Duration;
import org.paperradio.tts.audio.Pcm;

/** Measurements tests make on audio the station produced. */
public final class AudioChecks {

    private AudioChecks() {
    }

    /** The longest run of 50 ms windows whose RMS is under -50 dBFS. */
    public static Duration longestSilence(Pcm pcm) {
        int w = pcm.sampleRate() / 20;
        int run = 0;
        int longest = 0;
        for (int off = 0; off + w <= pcm.length(); off += w) {
            if (pcm.slice(off, off + w).rms() < Math.pow(10, -50 / 20.0)) {
                longest = Math.max(longest, ++run);
            } else {
                run = 0;
            }
        }
        return Duration.ofMillis(longest * 50L);
    }
}
