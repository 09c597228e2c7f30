package org.paperradio.tts.loudness;

import java.time.Duration;
import org.paperradio.tts.audio.Pcm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a clip to a target integrated loudness (EBU R128 style, default -16 LUFS, usual for
 * spoken-word streams) under a true-peak ceiling (default -1 dBTP): one gain for the whole clip,
 * then a look-ahead limiter for the peaks the gain pushed over the ceiling. Made for a segment at
 * a time (a show part, a jingle); stateless and thread-safe.
 *
 * <p>Edge cases: silence (nothing reaches -70 LUFS) is returned as it is; a clip shorter than
 * one 400 ms block is measured ungated; the gain is capped ({@link Settings#maxGainDb}) so that
 * near-silence or hiss is not blown up to programme level.
 */
public final class LoudnessNormalizer {

    private static final Logger log = LoggerFactory.getLogger(LoudnessNormalizer.class);
    /** Limiter threshold below the ceiling: room for 16-bit rounding and other true-peak meters. */
    private static final double HEADROOM_DB = 0.3;
    /** How close to the target the output must come before no further pass is tried. */
    private static final double TOLERANCE_LU = 0.1;
    private static final int MAX_PASSES = 4;

    private final Settings settings;

    public LoudnessNormalizer(Settings settings) {
        this.settings = settings;
    }

    /** With {@link Settings#defaults()}. */
    public LoudnessNormalizer() {
        this(Settings.defaults());
    }

    /**
     * Targets and limits.
     *
     * @param targetLufs  integrated loudness to reach
     * @param ceilingDbtp true peak the output must stay under
     * @param maxGainDb   the most gain applied (quiet input stays quieter than the target)
     * @param lookahead   limiter attack ramp: longer is smoother, shorter pumps less
     * @param release     limiter recovery time constant
     */
    public record Settings(double targetLufs, double ceilingDbtp, double maxGainDb, Duration lookahead,
                           Duration release) {
        public Settings {
            if (!(targetLufs >= -70 && targetLufs <= 0)) {
                throw new IllegalArgumentException("target must be -70..0 LUFS: " + targetLufs);
            }
            if (!(ceilingDbtp >= -20 && ceilingDbtp <= 0)) {
                throw new IllegalArgumentException("ceiling must be -20..0 dBTP: " + ceilingDbtp);
            }
            if (!(maxGainDb >= 0 && maxGainDb <= 60)) {
                throw new IllegalArgumentException("max gain must be 0..60 dB: " + maxGainDb);
            }
            if (lookahead == null || lookahead.isNegative() || lookahead.compareTo(Duration.ofMillis(100)) > 0) {
                throw new IllegalArgumentException("lookahead must be 0..100 ms: " + lookahead);
            }
            if (release == null || release.isNegative() || release.compareTo(Duration.ofSeconds(5)) > 0) {
                throw new IllegalArgumentException("release must be 0..5 s: " + release);
            }
        }

        /** -16 LUFS, -1 dBTP, at most +20 dB, 5 ms look-ahead, 100 ms release. */
        public static Settings defaults() {
            return new Settings(-16, -1, 20, Duration.ofMillis(5), Duration.ofMillis(100));
        }

        public Settings withTarget(double lufs) {
            return new Settings(lufs, ceilingDbtp, maxGainDb, lookahead, release);
        }

        public Settings withCeiling(double dbtp) {
            return new Settings(targetLufs, dbtp, maxGainDb, lookahead, release);
        }

        public Settings withMaxGain(double db) {
            return new Settings(targetLufs, ceilingDbtp, db, lookahead, release);
        }
    }

    /** What happened to a clip. */
    public enum Outcome {
        /** Brought to the target (within a fraction of an LU). */
        NORMALIZED,
        /** Needed more gain than {@link Settings#maxGainDb}: quieter than the target. */
        GAIN_CAPPED,
        /** Nothing reaches -70 LUFS: returned unchanged. */
        SILENCE
    }

    /**
     * The numbers of one normalisation.
     *
     * @param inputLufs          loudness measured before ({@link Loudness#effectiveLufs()})
     * @param gainDb             gain applied before the limiter
     * @param outputLufs         loudness of the result
     * @param inputTruePeakDbtp  true peak before
     * @param outputTruePeakDbtp true peak of the result
     * @param limitingDb         the deepest limiter gain reduction, 0 or negative
     * @param outcome            normalised, capped or left alone
     */
    public record Report(double inputLufs, double gainDb, double outputLufs, double inputTruePeakDbtp,
                         double outputTruePeakDbtp, double limitingDb, Outcome outcome) {
    }

    /** The normalised audio and its report. */
    public record Result(Pcm pcm, Report report) {
    }

    public Settings settings() {
        return settings;
    }

    /** Normalises {@code pcm} (any rate {@link LoudnessMeter} accepts); the input is not modified. */
    public Result normalize(Pcm pcm) {
        Loudness before = LoudnessMeter.measure(pcm);
        double inputPeak = TruePeakMeter.measure(pcm);
        double input = before.effectiveLufs();
        if (before.isSilent()) {
            return new Result(pcm, new Report(input, 0, input, inputPeak, inputPeak, 0, Outcome.SILENCE));
        }
        int rate = pcm.sampleRate();
        TruePeakLimiter limiter = new TruePeakLimiter(Pcm.samplesFor(settings.lookahead(), rate),
                settings.release().toNanos() * 1e-9 * rate);
        double wanted = settings.targetLufs() - input;
        double gainDb = Math.min(wanted, settings.maxGainDb());
        double thresholdDb = settings.ceilingDbtp() - HEADROOM_DB;
        Pcm out = pcm;
        double outLufs = input;
        double outPeak = inputPeak;
        double limitingDb = 0;
        for (int pass = 0; pass < MAX_PASSES; pass++) {
            double[] x = scaled(pcm.samples(), Math.pow(10, gainDb / 20));
            limitingDb = TruePeakMeter.dB(limiter.limit(x, Math.pow(10, thresholdDb / 20)));
            out = new Pcm(quantised(x), rate);
            outLufs = LoudnessMeter.measure(out).effectiveLufs();
            outPeak = TruePeakMeter.measure(out);
            if (outPeak > settings.ceilingDbtp() - 0.05) {
                thresholdDb -= outPeak - settings.ceilingDbtp() + 0.1; // rounding pushed it over: limit harder
                continue;
            }
            double shortfall = settings.targetLufs() - outLufs;
            if (limitingDb < 0 && shortfall > TOLERANCE_LU && gainDb < settings.maxGainDb()) {
                // the limiter took loudness away: make it up with more gain (and more limiting)
                gainDb = Math.min(gainDb + shortfall, settings.maxGainDb());
                continue;
            }
            break;
        }
        Outcome outcome = wanted > settings.maxGainDb() ? Outcome.GAIN_CAPPED : Outcome.NORMALIZED;
        log.debug("loudness {} -> {} LUFS, gain {} dB, true peak {} -> {} dBTP, limiting {} dB", input, outLufs,
                gainDb, inputPeak, outPeak, limitingDb);
        return new Result(out, new Report(input, gainDb, outLufs, inputPeak, outPeak, limitingDb, outcome));
    }

    private static double[] scaled(short[] s, double gain) {
        double[] x = new double[s.length];
        double k = gain / 32768.0;
        for (int i = 0; i < s.length; i++) {
            x[i] = s[i] * k;
        }
        return x;
    }

    /** Back to 16 bits, rounding and saturating (the limiter keeps it in range; this is the last guard). */
    private static short[] quantised(double[] x) {
        short[] out = new short[x.length];
        for (int i = 0; i < x.length; i++) {
            long v = Math.round(x[i] * 32768.0);
            out[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v));
        }
        return out;
    }
}
