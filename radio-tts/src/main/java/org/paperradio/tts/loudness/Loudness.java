package org.paperradio.tts.loudness;

import java.time.Duration;

/**
 * What {@link LoudnessMeter} found. Loudness values are LUFS (LKFS), ranges LU; a value that
 * could not be measured is {@link #SILENCE} (negative infinity), never NaN.
 *
 * @param integratedLufs   gated integrated loudness (BS.1770-4: 400 ms blocks, absolute gate
 *                         -70 LUFS, relative gate -10 LU); {@link #SILENCE} when no block passes
 *                         the gates, including audio shorter than one 400 ms block
 * @param ungatedLufs      K-weighted loudness of all the audio, without blocks or gates: the
 *                         only estimate for a clip shorter than one block
 * @param shortTermMaxLufs loudest 3 s window, {@link #SILENCE} when shorter than 3 s
 * @param loudnessRangeLu  EBU Tech 3342 loudness range (10th to 95th percentile of the gated
 *                         short-term loudness); 0 when there are too few windows
 * @param duration         how much audio was measured
 */
public record Loudness(double integratedLufs, double ungatedLufs, double shortTermMaxLufs, double loudnessRangeLu,
                       Duration duration) {

    /** The value of a loudness that cannot be measured: silence, or too little audio. */
    public static final double SILENCE = Double.NEGATIVE_INFINITY;
    /** Blocks quieter than this take no part in integrated loudness. */
    public static final double ABSOLUTE_GATE_LUFS = -70.0;

    /** True when nothing in the audio reaches the absolute gate, even taken as a whole. */
    public boolean isSilent() {
        return !(effectiveLufs() >= ABSOLUTE_GATE_LUFS);
    }

    /**
     * The integrated loudness, or for audio too short for a gated block, the ungated loudness
     * when that reaches the absolute gate; otherwise {@link #SILENCE}.
     */
    public double effectiveLufs() {
        if (integratedLufs > SILENCE) {
            return integratedLufs;
        }
        return ungatedLufs >= ABSOLUTE_GATE_LUFS ? ungatedLufs : SILENCE;
    }
}
