package org.paperradio.tts.loudness;

import java.util.Arrays;

/**
 * A look-ahead gain limiter on whole buffers: keeps the 4x-interpolated signal under a linear
 * threshold without clicks. The gain that each sample needs is held at its minimum over the
 * look-ahead window, released exponentially, then smoothed by two moving averages that together
 * span the window. The smoothing is the attack ramp: it starts falling one window before a peak
 * and has reached the needed gain at the peak (every value averaged there is at most that gain),
 * so attack is smooth and never late. Works in place.
 */
final class TruePeakLimiter {

    private final int lookahead;
    private final double releaseCoef;

    /**
     * @param lookaheadSamples attack ramp length, at least 1
     * @param releaseSamples   time constant of the recovery after a peak
     */
    TruePeakLimiter(int lookaheadSamples, double releaseSamples) {
        this.lookahead = Math.max(1, lookaheadSamples);
        this.releaseCoef = releaseSamples <= 0 ? 1.0 : 1.0 - Math.exp(-1.0 / releaseSamples);
    }

    /** Limits {@code x} in place; returns the smallest gain applied (1 when nothing was over). */
    double limit(double[] x, double threshold) {
        int n = x.length;
        double[] env = TruePeakMeter.peakEnvelope(x);
        double[] need = new double[n];
        boolean any = false;
        for (int i = 0; i < n; i++) {
            need[i] = env[i] > threshold ? threshold / env[i] : 1.0;
            any |= need[i] < 1.0;
        }
        if (!any) {
            return 1.0;
        }
        // minimum of need[i .. i + lookahead - 1], by a monotonic deque of indices
        double[] gain = new double[n];
        int[] window = new int[n]; // each index enters once, so a plain array serves as the deque
        int head = 0;
        int tail = 0;
        int next = 0;
        double g = 1.0;
        for (int i = 0; i < n; i++) {
            while (next < n && next < i + lookahead) {
                while (tail > head && need[window[tail - 1]] >= need[next]) {
                    tail--;
                }
                window[tail++] = next++;
            }
            while (window[head] < i) {
                head++;
            }
            double hold = need[window[head]];
            g = Math.min(hold, g + (1.0 - g) * releaseCoef); // instant down, exponential back up
            gain[i] = g;
        }
        // two moving averages whose lengths add up to the look-ahead plus one: an S-shaped ramp
        // (no corner in the gain curve, so no click), still reaching the held gain by the peak
        int first = Math.max(1, (lookahead + 1) / 2);
        int second = lookahead + 1 - first;
        movingAverage(gain, first);
        movingAverage(gain, second);
        double min = 1.0;
        for (int i = 0; i < n; i++) {
            double smooth = Math.min(1.0, gain[i]);
            x[i] *= smooth;
            min = Math.min(min, smooth);
        }
        return min;
    }

    /** In place: each value becomes the mean of itself and the {@code length - 1} before it (1 before the start). */
    private static void movingAverage(double[] g, int length) {
        double[] ring = new double[length];
        Arrays.fill(ring, 1.0);
        double sum = length;
        for (int i = 0; i < g.length; i++) {
            int slot = i % length;
            sum += g[i] - ring[slot];
            ring[slot] = g[i];
            g[i] = sum / length;
        }
    }
}
