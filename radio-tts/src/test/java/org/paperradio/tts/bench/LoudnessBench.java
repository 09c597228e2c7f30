package org.paperradio.tts.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Random;
import org.paperradio.tts.audio.Pcm;
import org.paperradio.tts.loudness.LoudnessMeter;
import org.paperradio.tts.loudness.LoudnessNormalizer;
import org.paperradio.tts.loudness.TruePeakMeter;

/**
 * CPU cost of loudness work per minute of 44.1 kHz mono audio: measuring (integrated loudness,
 * true peak) and normalising (measure, gain, limiter, re-measure). Run:
 * {@code java -cp target/classes:target/test-classes:$(cat cp.txt) org.paperradio.tts.bench.LoudnessBench [minutes] [rounds]}.
 */
public final class LoudnessBench {

    private static final int RATE = 44_100;

    private LoudnessBench() {
    }

    public static void main(String[] args) {
        double minutes = args.length > 0 ? Double.parseDouble(args[0]) : 2;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Pcm pcm = speechLike(minutes);
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        LoudnessNormalizer normalizer = new LoudnessNormalizer();
        normalizer.normalize(pcm.slice(0, RATE * 10)); // warm up the JIT
        long bestLoudness = Long.MAX_VALUE;
        long bestPeak = Long.MAX_VALUE;
        long bestNormalize = Long.MAX_VALUE;
        LoudnessNormalizer.Report report = null;
        for (int r = 0; r < rounds; r++) {
            long t0 = cpu.getCurrentThreadCpuTime();
            LoudnessMeter.measure(pcm);
            long t1 = cpu.getCurrentThreadCpuTime();
            TruePeakMeter.measure(pcm);
            long t2 = cpu.getCurrentThreadCpuTime();
            report = normalizer.normalize(pcm).report();
            long t3 = cpu.getCurrentThreadCpuTime();
            bestLoudness = Math.min(bestLoudness, t1 - t0);
            bestPeak = Math.min(bestPeak, t2 - t1);
            bestNormalize = Math.min(bestNormalize, t3 - t2);
        }
        System.out.printf("%.1f min of 44.1 kHz mono, best of %d, CPU ms per audio minute:%n", minutes, rounds);
        System.out.printf("  integrated loudness  %7.1f%n", bestLoudness / 1e6 / minutes);
        System.out.printf("  true peak            %7.1f%n", bestPeak / 1e6 / minutes);
        System.out.printf("  normalise (all)      %7.1f%n", bestNormalize / 1e6 / minutes);
        System.out.println("  " + report);
    }

    /** Harmonic bursts with pauses, roughly the level and crest factor of synthetic speech. */
    private static Pcm speechLike(double minutes) {
        Random random = new Random(1);
        short[] s = new short[(int) (minutes * 60 * RATE)];
        double phase = 0;
        for (int i = 0; i < s.length; i++) {
            double t = (double) i / RATE;
            phase += 2 * Math.PI * (140 + 40 * Math.sin(2 * Math.PI * 0.5 * t)) / RATE;
            double v = Math.sin(phase) + 0.5 * Math.sin(2 * phase) + 0.33 * Math.sin(3 * phase) + 0.25 * Math.sin(5 * phase);
            double syllable = Math.max(0, Math.sin(Math.PI * 4 * t)) * (Math.sin(Math.PI * 0.3 * t) > -0.3 ? 1 : 0);
            s[i] = (short) Math.round(6000 * v * syllable + 30 * random.nextGaussian());
        }
        return new Pcm(s, RATE);
    }
}
