package org.paperradio.stream.playout;

import org.paperradio.tts.audio.Pcm;

/** Synthesized chimes: soft bell-like notes (a sine with a little overtone and a long decay). */
final class Tones {

    private Tones() {
    }

    /** Three rising notes of a major chord, then the chord rings out: about 3 s. */
    static Pcm identChime(int rate) {
        double[] mix = new double[(int) (3.2 * rate)];
        double[] notes = {523.25, 659.25, 783.99};
        for (int i = 0; i < notes.length; i++) {
            bell(mix, rate, 0.05 + 0.35 * i, notes[i], 2.4, 0.22);
        }
        bell(mix, rate, 1.1, 1046.50, 2.0, 0.10);
        return toPcm(mix, rate);
    }

    /**
     * A slow pentatonic phrase and its answer, about 10 s; looping it sounds like a continuous
     * signal because each loop begins while nothing is silent yet (a quiet drone under it).
     */
    static Pcm intervalChimes(int rate) {
        double seconds = 10.0;
        double[] mix = new double[(int) (seconds * rate)];
        double[] phrase = {392.00, 440.00, 523.25, 587.33, 523.25, 440.00, 392.00, 329.63,
            392.00, 523.25, 440.00, 392.00};
        double step = 0.7;
        for (int i = 0; i < phrase.length; i++) {
            bell(mix, rate, 0.1 + i * step, phrase[i], 1.6, 0.16);
        }
        // a faint drone whose period divides the loop, so loops join without a click
        double cycles = Math.round(130.81 * seconds);
        for (int n = 0; n < mix.length; n++) {
            mix[n] += 0.015 * Math.sin(2 * Math.PI * cycles * n / mix.length);
        }
        return toPcm(mix, rate);
    }

    /** Adds a bell note: 10 ms attack, exponential decay over {@code ring} seconds. */
    private static void bell(double[] mix, int rate, double at, double freq, double ring, double level) {
        int start = (int) (at * rate);
        int len = Math.min(mix.length - start, (int) (ring * rate));
        int attack = rate / 100;
        for (int i = 0; i < len; i++) {
            double t = (double) i / rate;
            double env = Math.exp(-4.0 * t / ring) * Math.min(1.0, (double) i / attack);
            // fade the very end so a note cut by the buffer's end does not click
            env *= Math.min(1.0, (double) (len - i) / attack);
            double s = Math.sin(2 * Math.PI * freq * t) + 0.25 * Math.sin(2 * Math.PI * 2 * freq * t) * Math.exp(-3 * t);
            mix[start + i] += level * env * s;
        }
    }

    private static Pcm toPcm(double[] mix, int rate) {
        short[] out = new short[mix.length];
        for (int i = 0; i < mix.length; i++) {
            double v = Math.max(-1.0, Math.min(1.0, mix[i]));
            out[i] = (short) Math.round(v * 32767);
        }
        return new Pcm(out, rate);
    }
}
