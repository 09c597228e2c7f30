package org.paperradio.tts.sound;

import java.time.Duration;
import java.util.Objects;
import org.paperradio.core.config.StationConfig;
import org.paperradio.tts.audio.Pcm;
import org.paperradio.tts.loudness.LoudnessNormalizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings audio to the station's loudness ({@link StationConfig.Sound#loudness()} LUFS under a
 * {@link StationConfig.Sound#truePeak()} dBTP ceiling), so everything on air (segments, shows,
 * stings, jingles) sits at one level and a listener never reaches for the volume knob.
 *
 * <p>{@link #master} is the last step of a finished piece: loudness, then short fades at the very
 * start and end ({@link StationConfig.Sound#fade()}) so no piece starts or stops with a click.
 * {@link #level} is the same for one spoken line inside a piece (shorter fades, the piece is
 * mastered again as a whole). Stateless and thread-safe.
 */
public final class Mastering {

    private static final Logger log = LoggerFactory.getLogger(Mastering.class);
    /** Line edges: long enough to remove a click, short enough not to soften a consonant. */
    static final Duration LINE_FADE = Duration.ofMillis(8);

    private final StationConfig.Sound sound;
    private final LoudnessNormalizer normalizer;

    public Mastering(StationConfig.Sound sound) {
        this.sound = Objects.requireNonNull(sound, "sound");
        this.normalizer = new LoudnessNormalizer(LoudnessNormalizer.Settings.defaults()
                .withTarget(sound.loudness()).withCeiling(sound.truePeak()));
    }

    public StationConfig.Sound sound() {
        return sound;
    }

    /**
     * A finished piece or a jingle (ident, interval signal) at the target loudness under the
     * ceiling, faded in and out over {@link StationConfig.Sound#fade()}. Silence comes back as it is.
     */
    public Pcm master(Pcm pcm) {
        if (pcm.isEmpty()) {
            return pcm;
        }
        LoudnessNormalizer.Result r = normalizer.normalize(pcm);
        LoudnessNormalizer.Report rep = r.report();
        log.debug("mastered {} s: {} -> {} LUFS, true peak {} dBTP ({})", pcm.duration().toMillis() / 1000.0,
                rep.inputLufs(), rep.outputLufs(), rep.outputTruePeakDbtp(), rep.outcome());
        return Fades.edges(r.pcm(), sound.fade());
    }

    /** One spoken line at the target loudness, with click-free edges ({@link #LINE_FADE}). */
    public Pcm level(Pcm line) {
        if (line.isEmpty()) {
            return line;
        }
        return Fades.edges(normalizer.normalize(line).pcm(), LINE_FADE);
    }

    /** The report of bringing {@code pcm} to the target, without fades (for checks and logs). */
    public LoudnessNormalizer.Result normalize(Pcm pcm) {
        return normalizer.normalize(pcm);
    }
}
