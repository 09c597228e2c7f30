package org.paperradio.tts.sound;

import java.time.Duration;
import java.util.SplittableRandom;
import org.paperradio.core.config.StationConfig;
import org.paperradio.tts.audio.Pcm;

/**
 * The station's sting: a short ({@value #MILLIS} ms) two-note chime over a soft whoosh, for the
 * playout to put between items. Made by the station (no file to ship), the same every time, and
 * mastered like everything else on air ({@link Mastering}: the station loudness, under the
 * true-peak ceiling, click-free edges).
 */
public final class Sting {

    static final int MILLIS = 1300;
    /** The notes: E5 then B5, a rising fifth. */
    private static final double[] NOTES = {659.26, 987.77};
    private static final double NOTE_SPACING = 0.12;
    /** Bell partials (ratio to the note, amplitude, decay time in seconds). */
    private static final double[][] PARTIALS = {{1, 1, 0.45}, {2, 0.45, 0.3}, {3, 0.2, 0.2}, {4.2, 0.1, 0.12}};

    private Sting() {
    }

    /** The sting at {@code sampleRate}, at {@code sound}'s loudness and ceiling. */
    public static Pcm make(int sampleRate, StationConfig.Sound sound) {
        if (sampleRate < 8_000 || sampleRate > 192_000) {
            throw new IllegalArgumentException("sample rate out of range: " + sampleRate);
        }
        int n = Pcm.samplesFor(Duration.ofMillis(MILLIS), sampleRate);
        double[] x = new double[n];
        for (int k = 0; k < NOTES.length; k++) {
            int begin = (int) Math.round(k * NOTE_SPACING * sampleRate);
            for (double[] p : PARTIALS) {
                double f = NOTES[k] * p[0];
                if (f >= sampleRate / 2.0 * 0.9) {
                    continue; // no aliasing at low station rates
                }
                for (int i = begin; i < n; i++) {
                    double t = (double) (i - begin) / sampleRate;
                    double attack = Fades.rise(t, 0.004);
                    x[i] += 0.3 * p[1] * attack * Math.exp(-t / p[2]) * Math.sin(2 * Math.PI * f * t);
                }
            }
        }
        // the whoosh: noise through a low-pass whose corner sweeps up and back, swelling and fading
        SplittableRandom random = new SplittableRandom(20261124L); // fixed: the same sting every time
        double y = 0;
        for (int i = 0; i < n; i++) {
            double t = (double) i / n;
            double corner = 300 + 3500 * Math.sin(Math.PI * t);
            double a = Math.exp(-2 * Math.PI * corner / sampleRate);
            y = (1 - a) * (random.nextDouble() * 2 - 1) + a * y;
            double swell = Math.sin(Math.PI * t);
            x[i] += 0.25 * swell * swell * y;
        }
        double peak = 0;
        for (double v : x) {
            peak = Math.max(peak, Math.abs(v));
        }
        short[] s = new short[n];
        for (int i = 0; i < n; i++) {
            double tail = Fades.rise(n - 1 - i, n / 8.0); // the last eighth rings out to silence
            s[i] = (short) Math.round(x[i] / peak * 0.5 * 32767 * tail);
        }
        return new Mastering(sound).master(new Pcm(s, sampleRate));
    }
}
