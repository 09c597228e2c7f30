package org.paperradio.tts.loudness;

import java.time.Duration;
import java.util.Arrays;
import org.paperradio.tts.audio.Pcm;

/**
 * ITU-R BS.1770-4 / EBU R128 loudness of mono PCM. The signal is K-weighted, its mean square
 * taken over 400 ms blocks that start every 100 ms (75% overlap), and blocks are gated: an
 * absolute gate at -70 LUFS, then a relative gate 10 LU below the mean of the blocks that passed
 * it. A mono channel has weight 1.0, as in ffmpeg's {@code ebur128} filter and libebur128, so a
 * full-scale 1 kHz sine reads -3.01 LUFS.
 *
 * <p>Streaming: feed audio in pieces with {@link #accept} and ask for {@link #result} at any
 * time; only one mean square per 100 ms is kept (36,000 doubles for an hour), so memory does not
 * grow with the samples. Not thread-safe. For a whole clip use {@link #measure(Pcm)}.
 */
public final class LoudnessMeter {

    public static final int MIN_SAMPLE_RATE = 8_000;
    public static final int MAX_SAMPLE_RATE = 384_000;
    /** BS.1770's offset: makes a 1 kHz sine read its RMS level in dB (K-weighting adds ~0.69 dB there). */
    private static final double OFFSET_DB = -0.691;
    private static final double RELATIVE_GATE_LU = -10.0;
    private static final double LRA_RELATIVE_GATE_LU = -20.0;
    private static final int SEGMENTS_PER_BLOCK = 4;
    private static final int SEGMENTS_PER_SHORT_TERM = 30;

    private final int sampleRate;
    /** Samples per 100 ms segment; rounded as libebur128 does so block edges match it. */
    private final int hop;
    private final KWeighting filter;
    private double[] segments = new double[64];
    private int segmentCount;
    private double segmentSum;
    private int segmentFill;
    private double totalSum;
    private long totalSamples;

    public LoudnessMeter(int sampleRate) {
        if (sampleRate < MIN_SAMPLE_RATE || sampleRate > MAX_SAMPLE_RATE) {
            throw new IllegalArgumentException("sample rate out of range " + MIN_SAMPLE_RATE + ".." + MAX_SAMPLE_RATE
                    + ": " + sampleRate);
        }
        this.sampleRate = sampleRate;
        this.hop = (sampleRate + 5) / 10;
        this.filter = new KWeighting(sampleRate);
    }

    /** Integrated loudness (and the rest of {@link Loudness}) of a whole clip. */
    public static Loudness measure(Pcm pcm) {
        LoudnessMeter meter = new LoudnessMeter(pcm.sampleRate());
        meter.accept(pcm.samples(), 0, pcm.length());
        return meter.result();
    }

    /** Adds the audio of {@code pcm}, which must be at this meter's sample rate. */
    public void accept(Pcm pcm) {
        if (pcm.sampleRate() != sampleRate) {
            throw new IllegalArgumentException("meter runs at " + sampleRate + " Hz, audio is " + pcm.sampleRate());
        }
        accept(pcm.samples(), 0, pcm.length());
    }

    /** Adds samples {@code from} (inclusive) to {@code to} (exclusive) of {@code samples}. */
    public void accept(short[] samples, int from, int to) {
        if (from < 0 || to > samples.length || from > to) {
            throw new IndexOutOfBoundsException("range " + from + ".." + to + " of " + samples.length);
        }
        for (int i = from; i < to; i++) {
            double y = filter.next(samples[i] / 32768.0);
            segmentSum += y * y;
            if (++segmentFill == hop) {
                endSegment();
            }
        }
    }

    /** Adds full-scale-1.0 samples (for callers that work in floating point). */
    void accept(double[] samples) {
        for (double s : samples) {
            double y = filter.next(s);
            segmentSum += y * y;
            if (++segmentFill == hop) {
                endSegment();
            }
        }
    }

    private void endSegment() {
        if (segmentCount == segments.length) {
            segments = Arrays.copyOf(segments, segments.length * 2);
        }
        segments[segmentCount++] = segmentSum;
        totalSum += segmentSum;
        totalSamples += hop;
        segmentSum = 0;
        segmentFill = 0;
        filter.flushTiny();
    }

    /** The loudness of everything accepted so far (a trailing part-segment counts only in the ungated value). */
    public Loudness result() {
        double[] blocks = windows(SEGMENTS_PER_BLOCK);
        double[] shortTerm = windows(SEGMENTS_PER_SHORT_TERM);
        long n = totalSamples + segmentFill;
        double ungated = n == 0 ? Loudness.SILENCE : lufs((totalSum + segmentSum) / n);
        double stMax = Loudness.SILENCE;
        for (double e : shortTerm) {
            stMax = Math.max(stMax, lufs(e));
        }
        return new Loudness(integrated(blocks), ungated, stMax, range(shortTerm),
                Duration.ofNanos(n * 1_000_000_000L / sampleRate));
    }

    /** Mean squares of the windows of {@code size} segments that start at each segment. */
    private double[] windows(int size) {
        int count = Math.max(0, segmentCount - size + 1);
        double[] out = new double[count];
        double samplesPerWindow = (double) size * hop;
        for (int w = 0; w < count; w++) {
            double sum = 0;
            for (int s = w; s < w + size; s++) {
                sum += segments[s]; // summed afresh, not a running sum: no drift over hours
            }
            out[w] = sum / samplesPerWindow;
        }
        return out;
    }

    private static double integrated(double[] blocks) {
        double absGate = energy(Loudness.ABSOLUTE_GATE_LUFS);
        double sum = 0;
        int n = 0;
        for (double e : blocks) {
            if (e >= absGate) {
                sum += e;
                n++;
            }
        }
        if (n == 0) {
            return Loudness.SILENCE;
        }
        double relGate = Math.max(absGate, sum / n * Math.pow(10, RELATIVE_GATE_LU / 10));
        double gated = 0;
        int m = 0;
        for (double e : blocks) {
            if (e >= relGate) {
                gated += e;
                m++;
            }
        }
        return lufs(gated / m);
    }

    /** EBU Tech 3342 loudness range, with percentiles picked as libebur128 does. */
    private static double range(double[] shortTerm) {
        double absGate = energy(Loudness.ABSOLUTE_GATE_LUFS);
        double sum = 0;
        int n = 0;
        for (double e : shortTerm) {
            if (e >= absGate) {
                sum += e;
                n++;
            }
        }
        if (n < 2) {
            return 0;
        }
        double relGate = Math.max(absGate, sum / n * Math.pow(10, LRA_RELATIVE_GATE_LU / 10));
        double[] kept = Arrays.stream(shortTerm).filter(e -> e >= relGate).sorted().toArray();
        if (kept.length < 2) {
            return 0;
        }
        int low = (int) ((kept.length - 1) * 0.10 + 0.5);
        int high = (int) ((kept.length - 1) * 0.95 + 0.5);
        return lufs(kept[high]) - lufs(kept[low]);
    }

    static double lufs(double meanSquare) {
        return meanSquare <= 0 ? Loudness.SILENCE : OFFSET_DB + 10 * Math.log10(meanSquare);
    }

    private static double energy(double lufs) {
        return Math.pow(10, (lufs - OFFSET_DB) / 10);
    }
}
