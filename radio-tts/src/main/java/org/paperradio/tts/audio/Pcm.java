package org.paperradio.tts.audio;

import java.time.Duration;

/**
 * Mono 16-bit PCM audio in memory. The array is shared, not copied (audio is large): treat a
 * {@code Pcm} as immutable once made; every method here returns a new one.
 */
public record Pcm(short[] samples, int sampleRate) {

    public Pcm {
        if (samples == null) {
            throw new IllegalArgumentException("samples must not be null");
        }
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sample rate must be positive: " + sampleRate);
        }
    }

    public static Pcm silence(Duration length, int sampleRate) {
        return new Pcm(new short[samplesFor(length, sampleRate)], sampleRate);
    }

    /** Empty audio (no samples) at the given rate. */
    public static Pcm empty(int sampleRate) {
        return new Pcm(new short[0], sampleRate);
    }

    /** How many samples {@code length} is at {@code sampleRate} (rounded down, never negative). */
    public static int samplesFor(Duration length, int sampleRate) {
        if (length == null || length.isNegative()) {
            return 0;
        }
        long n = length.toNanos() / 1000 * sampleRate / 1_000_000L;
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("too long for one PCM buffer: " + length);
        }
        return (int) n;
    }

    /** The time at which sample number {@code index} starts. */
    public static Duration timeOf(long index, int sampleRate) {
        return Duration.ofNanos(index * 1_000_000_000L / sampleRate);
    }

    public Duration duration() {
        return Duration.ofNanos(samples.length * 1_000_000_000L / sampleRate);
    }

    public int length() {
        return samples.length;
    }

    public boolean isEmpty() {
        return samples.length == 0;
    }

    /** Root-mean-square level, 0 for silence, 1 for a full-scale square wave. */
    public double rms() {
        if (samples.length == 0) {
            return 0;
        }
        double sum = 0;
        for (short s : samples) {
            sum += (double) s * s;
        }
        return Math.sqrt(sum / samples.length) / 32768.0;
    }

    /** Largest absolute sample value, 0..1 (full scale). */
    public double peak() {
        int max = 0;
        for (short s : samples) {
            int a = Math.abs((int) s);
            if (a > max) {
                max = a;
            }
        }
        return max / 32768.0;
    }

    /**
     * RMS of the 20 ms frames louder than {@code floor} (0..1): the level of the speech itself,
     * not diluted by pauses. 0 when nothing is that loud.
     */
    public double activeRms(double floor) {
        int frame = Math.max(1, sampleRate / 50);
        double sum = 0;
        long count = 0;
        double floorSq = floor * floor * 32768.0 * 32768.0;
        for (int start = 0; start < samples.length; start += frame) {
            int end = Math.min(samples.length, start + frame);
            double f = 0;
            for (int i = start; i < end; i++) {
                f += (double) samples[i] * samples[i];
            }
            if (f / (end - start) > floorSq) {
                sum += f;
                count += end - start;
            }
        }
        return count == 0 ? 0 : Math.sqrt(sum / count) / 32768.0;
    }

    /** A copy scaled by {@code gain}, saturating at full scale rather than wrapping. */
    public Pcm withGain(double gain) {
        short[] out = new short[samples.length];
        for (int i = 0; i < samples.length; i++) {
            out[i] = clip(Math.round(samples[i] * gain));
        }
        return new Pcm(out, sampleRate);
    }

    /** Samples {@code from} (inclusive) to {@code to} (exclusive), clamped to the audio. */
    public Pcm slice(int from, int to) {
        int a = Math.max(0, Math.min(from, samples.length));
        int b = Math.max(a, Math.min(to, samples.length));
        short[] out = new short[b - a];
        System.arraycopy(samples, a, out, 0, out.length);
        return new Pcm(out, sampleRate);
    }

    /**
     * Cuts leading and trailing silence (samples quieter than {@code threshold}, 0..1), keeping
     * {@code pad} of it on each side so word onsets and decays are not clipped.
     */
    public Pcm trimmed(double threshold, Duration pad) {
        int limit = (int) Math.round(threshold * 32768.0);
        int first = -1;
        int last = -1;
        for (int i = 0; i < samples.length; i++) {
            if (Math.abs((int) samples[i]) > limit) {
                if (first < 0) {
                    first = i;
                }
                last = i;
            }
        }
        if (first < 0) {
            return empty(sampleRate);
        }
        int keep = samplesFor(pad, sampleRate);
        return slice(first - keep, last + 1 + keep);
    }

    static short clip(long v) {
        if (v > Short.MAX_VALUE) {
            return Short.MAX_VALUE;
        }
        if (v < Short.MIN_VALUE) {
            return Short.MIN_VALUE;
        }
        return (short) v;
    }
}
