package org.paperradio.tts.voice;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.paperradio.core.config.StationConfig;
import org.paperradio.core.paper.LineTiming;
import org.paperradio.core.paper.ScriptLine;
import org.paperradio.tts.audio.Pcm;
import org.paperradio.tts.audio.PcmBuilder;
import org.paperradio.tts.audio.Resampler;
import org.paperradio.tts.sound.Mastering;
import org.paperradio.tts.text.SpeechNormalizer;
import org.paperradio.tts.text.Utterance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Speaks a list of script lines with the hosts' voices into one piece of mono PCM at the
 * station rate, with the timing of each voiced line. Shared by a paper's segment and the
 * chapters of a summary show, so both sound alike.
 *
 * <p>Each voiced line is levelled: the engine's leading and trailing silence is cut (keeping
 * {@link #EDGE_PAD} so no onset or decay is lost), the line is brought to the station loudness
 * ({@link StationConfig.Sound#loudness()}), so both hosts sit at one level whatever their voice
 * effects do, and its edges get short fades (no clicks where lines meet the gaps).
 *
 * <p>Lines are separated by {@link #LINE_GAP}, or {@link #SPEAKER_CHANGE_GAP} when the speaker
 * changes; pause lines add their length to the next gap, and a trailing pause is kept at the end.
 * No gap with its pauses is longer than {@link #maxGap}: with the lines' quiet edges, the silence
 * stays under {@link StationConfig.Sound#maxSilence()} (dead air is what a station must never play).
 *
 * <p>A line the engine fails on is logged and skipped (one bad sentence must not cost
 * the whole piece); the result says how many failed, and the caller decides whether an empty
 * result is an error. Not thread-safe (it keeps resamplers): one owner at a time.
 */
public final class ScriptVoicer {

    private static final Logger log = LoggerFactory.getLogger(ScriptVoicer.class);

    public static final Duration LINE_GAP = Duration.ofMillis(350);
    public static final Duration SPEAKER_CHANGE_GAP = Duration.ofMillis(600);
    /** A script comes from a language model: a pause longer than this is a mistake (maxSilence caps it further). */
    public static final Duration MAX_PAUSE = Duration.ofSeconds(10);
    /** Quiet kept at each end of a trimmed line, so a soft onset (an f, an s) is not cut. */
    public static final Duration EDGE_PAD = Duration.ofMillis(25);
    /** Below this (about -50 dBFS) a sample at a line's edge counts as the engine's silence. */
    static final double TRIM_THRESHOLD = 0.003;
    /** Room left under maxSilence for the quiet ends of the engine's own audio. */
    static final Duration SILENCE_MARGIN = Duration.ofMillis(100);
    /** Lines past this index are not voiced (a runaway script must not run for hours). */
    public static final int MAX_LINES = 5_000;

    private final Voices voices;
    private final int sampleRate;
    private final SpeechNormalizer normalizer;
    private final Mastering mastering;
    private final Duration maxGap;
    private final Map<Integer, Resampler> resamplers = new HashMap<>();

    /** With the default {@link StationConfig.Sound} (-16 LUFS, at most 2.5 s of silence). */
    public ScriptVoicer(Voices voices, int sampleRate, SpeechNormalizer normalizer) {
        this(voices, sampleRate, normalizer, new StationConfig.Sound(null, null, null, null, null, null, null));
    }

    public ScriptVoicer(Voices voices, int sampleRate, SpeechNormalizer normalizer, StationConfig.Sound sound) {
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sample rate must be positive: " + sampleRate);
        }
        this.voices = voices;
        this.sampleRate = sampleRate;
        this.normalizer = normalizer;
        this.mastering = new Mastering(sound);
        this.maxGap = maxGap(sound);
    }

    /**
     * The longest gap between two lines, pauses included: maxSilence less the quiet pads of both
     * lines and a margin for a soft onset or decay that measures as silence.
     */
    public static Duration maxGap(StationConfig.Sound sound) {
        Duration max = sound.maxSilence().minus(EDGE_PAD.multipliedBy(2)).minus(SILENCE_MARGIN);
        max = max.compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : max;
        return max.compareTo(LINE_GAP) < 0 ? LINE_GAP : max;
    }

    /**
     * What came out of {@link #voice}: the audio at the station rate (empty when nothing was
     * voiced), one timing per voiced line ({@code line} is the index in the input list),
     * how many spoken lines there were, how many the engine failed on, and the first failure.
     */
    public record Voiced(Pcm audio, List<LineTiming> lines, int spoken, int failed, VoiceException firstFailure) {
        public Voiced {
            lines = List.copyOf(lines);
        }

        public boolean isEmpty() {
            return lines.isEmpty();
        }
    }

    /**
     * Voices {@code lines} in order.
     *
     * @param label     what is voiced, for logs ({@code segment} in a paper's log scope, {@code show=daily-2026-11-24 chapter=2})
     * @param maxLength once this much audio is made, later lines are dropped
     * @throws InterruptedException when the thread is interrupted between lines
     */
    public Voiced voice(String label, List<ScriptLine> lines, Duration maxLength) throws InterruptedException {
        return voice(label, lines, maxLength, List.of());
    }

    /**
     * As above, saying each of {@code titles} with emphasis wherever a line quotes it (the
     * paper's title in its intro and outro).
     */
    public Voiced voice(String label, List<ScriptLine> lines, Duration maxLength, Collection<String> titles)
            throws InterruptedException {
        PcmBuilder out = new PcmBuilder(sampleRate);
        List<LineTiming> timings = new ArrayList<>();
        if (lines.size() > MAX_LINES) {
            log.warn("{} script has {} lines, only the first {} are voiced", label, lines.size(), MAX_LINES);
            lines = lines.subList(0, MAX_LINES);
        }
        Duration pendingPause = Duration.ZERO;
        String previousSpeaker = null;
        int spoken = 0;
        int failed = 0;
        VoiceException firstFailure = null;
        for (int i = 0; i < lines.size(); i++) {
            if (Thread.interrupted()) {
                throw new InterruptedException("voicing interrupted");
            }
            ScriptLine line = lines.get(i);
            if (line instanceof ScriptLine.Pause p) {
                pendingPause = pendingPause.plus(clampPause(p.length()));
                continue;
            }
            if (!(line instanceof ScriptLine.Spoken s)) {
                continue; // null entries from a hand-edited file
            }
            spoken++;
            if (out.duration().compareTo(maxLength) > 0) {
                log.warn("{} reached {} s of audio, line {} and later dropped", label, maxLength.toSeconds(), i);
                break;
            }
            String host = voices.resolve(s.speaker());
            if (!voices.knows(s.speaker())) {
                log.warn("{} line {} speaker '{}' is not a host, spoken by {}", label, i, s.speaker(), host);
            }
            Utterance text = Utterance.emphasising(s.text(), titles).map(normalizer::normalize);
            if (text.isBlank()) {
                log.info("{} line {} has nothing speakable, skipped", label, i);
                continue;
            }
            Voice v = voices.forHost(host);
            Pcm pcm;
            try {
                pcm = v.speak(text);
            } catch (VoiceException | RuntimeException e) {
                failed++;
                VoiceException ve = e instanceof VoiceException x ? x : new VoiceException(e.toString(), e);
                firstFailure = firstFailure == null ? ve : firstFailure;
                log.warn("{} line {} could not be voiced by {}, skipped: {}", label, i, v.name(), e.toString());
                continue;
            }
            if (pcm.isEmpty()) {
                log.info("{} line {} gave no audio, skipped", label, i);
                continue;
            }
            if (pcm.sampleRate() != sampleRate) {
                pcm = resamplers.computeIfAbsent(pcm.sampleRate(), r -> new Resampler(r, sampleRate)).process(pcm);
            }
            pcm = pcm.trimmed(TRIM_THRESHOLD, EDGE_PAD);
            if (pcm.isEmpty()) {
                log.info("{} line {} gave only silence, skipped", label, i);
                continue;
            }
            pcm = mastering.level(pcm);
            Duration gap = out.length() == 0 ? Duration.ZERO
                    : host.equals(previousSpeaker) ? LINE_GAP : SPEAKER_CHANGE_GAP;
            out.appendSilence(capped(gap.plus(pendingPause)));
            pendingPause = Duration.ZERO;
            Duration start = out.duration();
            out.append(pcm);
            timings.add(new LineTiming(i, host, s.text(), start, out.duration()));
            previousSpeaker = host;
        }
        if (!timings.isEmpty() && pendingPause.isPositive()) {
            out.appendSilence(capped(pendingPause));
        }
        if (failed > 0) {
            log.warn("{} {} of {} spoken lines could not be voiced", label, failed, spoken);
        }
        Pcm audio = timings.isEmpty() ? Pcm.empty(sampleRate) : out.build();
        return new Voiced(audio, timings, spoken, failed, firstFailure);
    }

    private Duration capped(Duration gap) {
        return gap.compareTo(maxGap) > 0 ? maxGap : gap;
    }

    private static Duration clampPause(Duration d) {
        if (d == null || d.isNegative()) {
            return Duration.ZERO;
        }
        return d.compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : d;
    }
}
