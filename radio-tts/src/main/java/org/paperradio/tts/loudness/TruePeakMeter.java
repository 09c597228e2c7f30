package org.paperradio.tts.loudness;

import org.paperradio.tts.audio.Pcm;

/**
 * True peak (dBTP) by ITU-R BS.1770-4 Annex 2: the signal is oversampled four times with the
 * Annex's 48-tap polyphase FIR (four phases of 12 taps) and the largest absolute value, or the
 * largest sample if that is larger, is the true peak. Catches the peaks between samples that a
 * DAC or a lossy encoder will produce. Streaming like {@link LoudnessMeter}; not thread-safe.
 */
public final class TruePeakMeter {

    static final int TAPS = 12;
    /** Phase k's output at input n estimates the signal at time n - DELAY + k/4 (in samples). */
    static final int DELAY = 6;
    /** BS.1770-4 Annex 2, by phase; tap 0 multiplies the newest sample. */
    static final double[][] PHASES = {
        {0.0017089843750, 0.0109863281250, -0.0196533203125, 0.0332031250000, -0.0594482421875, 0.1373291015625,
            0.9721679687500, -0.1022949218750, 0.0476074218750, -0.0266113281250, 0.0148925781250, -0.0083007812500},
        {-0.0291748046875, 0.0292968750000, -0.0517578125000, 0.0891113281250, -0.1665039062500, 0.4650878906250,
            0.7797851562500, -0.2003173828125, 0.1015625000000, -0.0582275390625, 0.0330810546875, -0.0189208984375},
        {-0.0189208984375, 0.0330810546875, -0.0582275390625, 0.1015625000000, -0.2003173828125, 0.7797851562500,
            0.4650878906250, -0.1665039062500, 0.0891113281250, -0.0517578125000, 0.0292968750000, -0.0291748046875},
        {-0.0083007812500, 0.0148925781250, -0.0266113281250, 0.0476074218750, -0.1022949218750, 0.9721679687500,
            0.1373291015625, -0.0594482421875, 0.0332031250000, -0.0196533203125, 0.0109863281250, 0.0017089843750},
    };

    /** The last TAPS samples, written twice (at i and i + TAPS) so a window is always contiguous. */
    private final double[] history = new double[2 * TAPS];
    private int pos;
    private double peak;

    /** True peak of a whole clip, dBTP ({@link Loudness#SILENCE} for digital silence). */
    public static double measure(Pcm pcm) {
        TruePeakMeter meter = new TruePeakMeter();
        meter.accept(pcm.samples(), 0, pcm.length());
        return meter.truePeakDbtp();
    }

    /** Adds samples {@code from} (inclusive) to {@code to} (exclusive) of {@code samples}. */
    public void accept(short[] samples, int from, int to) {
        if (from < 0 || to > samples.length || from > to) {
            throw new IndexOutOfBoundsException("range " + from + ".." + to + " of " + samples.length);
        }
        for (int i = from; i < to; i++) {
            push(samples[i] / 32768.0);
        }
    }

    private void push(double x) {
        peak = Math.max(peak, Math.abs(x));
        pos = pos == 0 ? TAPS - 1 : pos - 1; // newest sample at the lowest index of the window
        history[pos] = x;
        history[pos + TAPS] = x;
        peak = Math.max(peak, windowPeak(history, pos));
    }

    /** Largest absolute interpolated value of the window starting at {@code from} (newest first). */
    private static double windowPeak(double[] x, int from) {
        double max = 0;
        for (double[] h : PHASES) {
            double y = 0;
            for (int t = 0; t < TAPS; t++) {
                y += h[t] * x[from + t];
            }
            max = Math.max(max, Math.abs(y));
        }
        return max;
    }

    /** True peak of everything accepted so far, counting the filter's tail after the last sample. */
    public double truePeakDbtp() {
        TruePeakMeter tail = new TruePeakMeter();
        System.arraycopy(history, 0, tail.history, 0, history.length);
        tail.pos = pos;
        tail.peak = peak;
        for (int i = 0; i < TAPS; i++) {
            tail.push(0);
        }
        return dB(tail.peak);
    }

    /**
     * Per sample {@code m} of {@code x} (full scale 1.0): the largest absolute value of the
     * signal between samples {@code m - 1} and {@code m + 1}, samples and 4x interpolation
     * included. A gain at or below {@code ceiling / envelope[m]} on samples m-1..m+1 keeps the
     * interpolated signal there under the ceiling.
     */
    static double[] peakEnvelope(double[] x) {
        int n = x.length;
        double[] padded = new double[n + 2 * TAPS];
        // reversed so that a window "newest first" is a plain ascending run
        for (int i = 0; i < n; i++) {
            padded[n - 1 - i + TAPS] = x[i];
        }
        double[] between = new double[n]; // between[m]: peak over times m .. m + 3/4
        for (int m = 0; m < n; m++) {
            int newest = m + DELAY; // input index whose phases cover time m
            int from = n - 1 - newest + TAPS; // its place in the reversed, padded copy
            between[m] = Math.max(Math.abs(x[m]), windowPeak(padded, from));
        }
        double[] env = new double[n];
        for (int m = 0; m < n; m++) {
            double e = between[m];
            if (m > 0) {
                e = Math.max(e, between[m - 1]);
            }
            if (m + 1 < n) {
                e = Math.max(e, Math.abs(x[m + 1]));
            }
            env[m] = e;
        }
        return env;
    }

    static double dB(double linear) {
        return linear <= 0 ? Loudness.SILENCE : 20 * Math.log10(linear);
    }
}
