package org.paperradio.tts.loudness;

import java.util.Random;
import org.paperradio.tts.audio.Pcm;

/** Test signals for loudness: tones, pink-ish noise, speech-like harmonics with pauses. */
final class TestAudio {

    private TestAudio() {
    }

    /** A sine of the given peak amplitude (1.0 = full scale, clipped to the 16-bit range). */
    static double[] sine(double hz, double amplitude, double seconds, int rate) {
        double[] x = new double[(int) Math.round(seconds * rate)];
        for (int i = 0; i < x.length; i++) {
            x[i] = amplitude * Math.sin(2 * Math.PI * hz * i / rate);
        }
        return x;
    }

    /** Pink-ish noise (Paul Kellet's filter on white noise) scaled to the given RMS. */
    static double[] pink(double rms, double seconds, int rate, long seed) {
        Random random = new Random(seed);
        double[] x = new double[(int) Math.round(seconds * rate)];
        double b0 = 0;
        double b1 = 0;
        double b2 = 0;
        double b3 = 0;
        double b4 = 0;
        double b5 = 0;
        double b6 = 0;
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            double w = random.nextGaussian();
            b0 = 0.99886 * b0 + w * 0.0555179;
            b1 = 0.99332 * b1 + w * 0.0750759;
            b2 = 0.96900 * b2 + w * 0.1538520;
            b3 = 0.86650 * b3 + w * 0.3104856;
            b4 = 0.55000 * b4 + w * 0.5329522;
            b5 = -0.7616 * b5 - w * 0.0168980;
            x[i] = b0 + b1 + b2 + b3 + b4 + b5 + b6 + w * 0.5362;
            b6 = w * 0.115926;
            sum += x[i] * x[i];
        }
        double k = rms / Math.sqrt(sum / x.length);
        for (int i = 0; i < x.length; i++) {
            x[i] *= k;
        }
        return x;
    }

    /**
     * Speech-like: a gliding 100-220 Hz fundamental with harmonics falling off at 1/k (in phase,
     * so peaky like a voice), syllables at about 4 Hz and pauses between phrases. Peak about {@code peak}.
     */
    static double[] speech(double peak, double seconds, int rate, long seed) {
        Random random = new Random(seed);
        double[] x = new double[(int) Math.round(seconds * rate)];
        double phase = 0;
        int i = 0;
        while (i < x.length) {
            int phrase = (int) (rate * (1.5 + 2 * random.nextDouble()));
            double f0 = 100 + 120 * random.nextDouble();
            for (int j = 0; j < phrase && i < x.length; j++, i++) {
                double t = (double) j / rate;
                double f = f0 * (1 + 0.15 * Math.sin(2 * Math.PI * 0.7 * t));
                phase += 2 * Math.PI * f / rate;
                double v = 0;
                for (int k = 1; k * f < Math.min(4000, rate / 2.0); k++) {
                    v += Math.sin(k * phase) / k;
                }
                double syllable = Math.pow(Math.sin(Math.PI * 4.1 * t), 2);
                x[i] = 0.35 * peak * v * syllable + 0.002 * random.nextGaussian();
            }
            int pause = (int) (rate * (0.2 + 0.5 * random.nextDouble()));
            for (int j = 0; j < pause && i < x.length; j++, i++) {
                x[i] = 0.0005 * random.nextGaussian();
            }
        }
        return x;
    }

    static double[] concat(double[]... parts) {
        int n = 0;
        for (double[] p : parts) {
            n += p.length;
        }
        double[] out = new double[n];
        int pos = 0;
        for (double[] p : parts) {
            System.arraycopy(p, 0, out, pos, p.length);
            pos += p.length;
        }
        return out;
    }

    static double[] scale(double[] x, double gain) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] * gain;
        }
        return out;
    }

    /** To 16-bit PCM (32767 = 1.0, as a WAV of a full-scale sine holds it), saturating. */
    static Pcm pcm(double[] x, int rate) {
        short[] s = new short[x.length];
        for (int i = 0; i < x.length; i++) {
            s[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(x[i] * 32767)));
        }
        return new Pcm(s, rate);
    }

    /** Largest sample-to-sample step, full scale 1.0. */
    static double maxJump(Pcm pcm) {
        short[] s = pcm.samples();
        int max = 0;
        for (int i = 1; i < s.length; i++) {
            max = Math.max(max, Math.abs(s[i] - s[i - 1]));
        }
        return max / 32768.0;
    }
}
