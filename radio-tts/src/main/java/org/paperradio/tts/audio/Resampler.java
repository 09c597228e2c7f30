package org.paperradio.tts.audio;

/**
 * Sample-rate conversion by windowed-sinc interpolation (Kaiser window, polyphase table).
 * The low-pass sits just below the lower of the two Nyquist frequencies, so 48 kHz to 44.1 kHz
 * does not fold the band between 22.05 and 24 kHz back into the audible range. Each phase is
 * normalised to unity gain at DC. Thread-safe once built (the table is read-only).
 */
public final class Resampler {

    /** Zero crossings of the sinc on each side: quality versus cost (about 38 taps at 48k to 44.1k). */
    private static final int ZERO_CROSSINGS = 16;
    /** Kaiser window shape: about 80 dB stop-band attenuation. */
    private static final double BETA = 8.0;
    /** Cut-off as a fraction of the lower Nyquist frequency: leaves room for the transition band. */
    private static final double ROLLOFF = 0.92;
    /** Above this many phases the table would be large: coefficients are computed per sample instead. */
    private static final int MAX_TABLE_PHASES = 4096;

    private final int fromRate;
    private final int toRate;
    private final long up;
    private final long down;
    private final double cutoff;
    private final int halfWidth;
    private final int taps;
    private final float[][] table;

    public Resampler(int fromRate, int toRate) {
        if (fromRate <= 0 || toRate <= 0) {
            throw new IllegalArgumentException("sample rates must be positive: " + fromRate + " -> " + toRate);
        }
        this.fromRate = fromRate;
        this.toRate = toRate;
        long g = gcd(fromRate, toRate);
        this.up = toRate / g;
        this.down = fromRate / g;
        // cut-off in cycles per input sample (0.5 = input Nyquist)
        this.cutoff = 0.5 * Math.min(1.0, (double) toRate / fromRate) * ROLLOFF;
        this.halfWidth = (int) Math.ceil(ZERO_CROSSINGS / (2 * cutoff));
        this.taps = 2 * halfWidth;
        if (up <= MAX_TABLE_PHASES && fromRate != toRate) {
            table = new float[(int) up][];
            for (int p = 0; p < up; p++) {
                table[p] = coefficients((double) p / up);
            }
        } else {
            table = null;
        }
    }

    /** Convenience: converts {@code in} to {@code toRate} (returns {@code in} when already there). */
    public static Pcm resample(Pcm in, int toRate) {
        if (in.sampleRate() == toRate) {
            return in;
        }
        return new Resampler(in.sampleRate(), toRate).process(in);
    }

    public int fromRate() {
        return fromRate;
    }

    public int toRate() {
        return toRate;
    }

    public Pcm process(Pcm in) {
        if (in.sampleRate() != fromRate) {
            throw new IllegalArgumentException("expected " + fromRate + " Hz input, got " + in.sampleRate());
        }
        if (fromRate == toRate) {
            return in;
        }
        short[] x = in.samples();
        long outLen = x.length * up / down;
        if (outLen > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("output too long for one buffer");
        }
        short[] y = new short[(int) outLen];
        for (int n = 0; n < y.length; n++) {
            long pos = n * down;
            int ip = (int) (pos / up);
            int phase = (int) (pos % up);
            float[] c = table != null ? table[phase] : coefficients((double) phase / up);
            // taps cover input samples ip-halfWidth+1 .. ip+halfWidth
            int first = ip - halfWidth + 1;
            double acc = 0;
            int k0 = Math.max(0, -first);
            int k1 = Math.min(taps, x.length - first);
            for (int k = k0; k < k1; k++) {
                acc += c[k] * x[first + k];
            }
            y[n] = Pcm.clip(Math.round(acc));
        }
        return new Pcm(y, toRate);
    }

    /** Taps for an output instant {@code frac} (0..1) input samples after input sample ip. */
    private float[] coefficients(double frac) {
        double[] h = new double[taps];
        double sum = 0;
        for (int k = 0; k < taps; k++) {
            // distance from the output instant to input sample (ip - halfWidth + 1 + k)
            double d = frac + halfWidth - 1 - k;
            h[k] = kernel(d);
            sum += h[k];
        }
        float[] out = new float[taps];
        for (int k = 0; k < taps; k++) {
            out[k] = (float) (sum != 0 ? h[k] / sum : 0);
        }
        return out;
    }

    private double kernel(double d) {
        double w = halfWidth;
        if (Math.abs(d) >= w) {
            return 0;
        }
        double x = 2 * cutoff * d;
        double sinc = x == 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
        double r = d / w;
        double window = besselI0(BETA * Math.sqrt(1 - r * r)) / besselI0(BETA);
        return 2 * cutoff * sinc * window;
    }

    /** Modified Bessel function of the first kind, order 0 (series; converges fast for beta ~ 8). */
    private static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        double half = x / 2;
        for (int k = 1; k < 50; k++) {
            term *= (half / k) * (half / k);
            sum += term;
            if (term < 1e-12 * sum) {
                break;
            }
        }
        return sum;
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
