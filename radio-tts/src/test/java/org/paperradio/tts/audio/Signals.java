package org.paperradio.tts.audio;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Test helpers: make test tones and measure audio (pitch, tone power). */
public final class Signals {

    private Signals() {
    }

    public static Pcm sine(double hz, double amplitude, double seconds, int rate) {
        short[] s = new short[(int) Math.round(seconds * rate)];
        for (int i = 0; i < s.length; i++) {
            s[i] = (short) Math.round(amplitude * 32767 * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return new Pcm(s, rate);
    }

    /** Amplitude (0..1) of the component at {@code hz}, by the Goertzel algorithm over the middle of the signal. */
    public static double toneAmplitude(Pcm pcm, double hz) {
        short[] x = pcm.samples();
        int from = x.length / 4;
        int n = x.length / 2;
        double w = 2 * Math.PI * hz / pcm.sampleRate();
        double coeff = 2 * Math.cos(w);
        double s1 = 0;
        double s2 = 0;
        for (int i = from; i < from + n; i++) {
            double s0 = x[i] / 32768.0 + coeff * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        double power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
        return 2 * Math.sqrt(Math.max(0, power)) / n;
    }

    /**
     * Median fundamental frequency of the voiced parts, by normalised autocorrelation on 40 ms
     * frames (search 60 to 400 Hz); NaN when no frame looks voiced.
     */
    public static double medianPitch(Pcm pcm) {
        int rate = pcm.sampleRate();
        short[] x = pcm.samples();
        int frame = rate / 25;
        int minLag = rate / 400;
        int maxLag = rate / 60;
        List<Double> f0 = new ArrayList<>();
        for (int start = 0; start + frame + maxLag < x.length; start += frame / 2) {
            double energy = 0;
            for (int i = start; i < start + frame; i++) {
                energy += (double) x[i] * x[i];
            }
            if (Math.sqrt(energy / frame) / 32768.0 < 0.03) {
                continue;
            }
            double best = 0;
            int bestLag = -1;
            for (int lag = minLag; lag <= maxLag; lag++) {
                double num = 0;
                double e1 = 0;
                double e2 = 0;
                for (int i = start; i < start + frame; i++) {
                    num += (double) x[i] * x[i + lag];
                    e1 += (double) x[i] * x[i];
                    e2 += (double) x[i + lag] * x[i + lag];
                }
                double r = num / Math.sqrt(e1 * e2 + 1e-9);
                if (r > best) {
                    best = r;
                    bestLag = lag;
                }
            }
            if (best > 0.6 && bestLag > 0) {
                f0.add((double) rate / bestLag);
            }
        }
        if (f0.isEmpty()) {
            return Double.NaN;
        }
        Collections.sort(f0);
        return f0.get(f0.size() / 2);
    }

    /**
     * Mean spectral centroid (Hz) of the frames louder than -30 dBFS, from 2048-point FFTs with a
     * Hann window: where the energy of the voice sits (formants, brightness).
     */
    public static double spectralCentroid(Pcm pcm) {
        int n = 2048;
        short[] x = pcm.samples();
        double sum = 0;
        int frames = 0;
        double[] re = new double[n];
        double[] im = new double[n];
        for (int start = 0; start + n <= x.length; start += n / 2) {
            double energy = 0;
            for (int i = 0; i < n; i++) {
                double w = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / (n - 1));
                re[i] = x[start + i] / 32768.0 * w;
                im[i] = 0;
                energy += (x[start + i] / 32768.0) * (x[start + i] / 32768.0);
            }
            if (Math.sqrt(energy / n) < 0.03) {
                continue;
            }
            fft(re, im);
            double num = 0;
            double den = 0;
            for (int k = 1; k < n / 2; k++) {
                double mag = Math.hypot(re[k], im[k]);
                num += mag * k * pcm.sampleRate() / (double) n;
                den += mag;
            }
            if (den > 0) {
                sum += num / den;
                frames++;
            }
        }
        return frames == 0 ? Double.NaN : sum / frames;
    }

    /** In-place radix-2 FFT; the length must be a power of two. */
    static void fft(double[] re, double[] im) {
        int n = re.length;
        for (int i = 1, j = 0; i < n; i++) {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) {
                j ^= bit;
            }
            j ^= bit;
            if (i < j) {
                double t = re[i];
                re[i] = re[j];
                re[j] = t;
                t = im[i];
                im[i] = im[j];
                im[j] = t;
            }
        }
        for (int len = 2; len <= n; len <<= 1) {
            double ang = -2 * Math.PI / len;
            for (int i = 0; i < n; i += len) {
                for (int k = 0; k < len / 2; k++) {
                    double wr = Math.cos(ang * k);
                    double wi = Math.sin(ang * k);
                    double ur = re[i + k];
                    double ui = im[i + k];
                    double vr = re[i + k + len / 2] * wr - im[i + k + len / 2] * wi;
                    double vi = re[i + k + len / 2] * wi + im[i + k + len / 2] * wr;
                    re[i + k] = ur + vr;
                    im[i + k] = ui + vi;
                    re[i + k + len / 2] = ur - vr;
                    im[i + k + len / 2] = ui - vi;
                }
            }
        }
    }
}
