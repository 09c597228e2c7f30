package org.paperradio.tts.voice;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.paperradio.core.paper.LineTiming;
import org.paperradio.core.paper.ScriptLine;
import org.paperradio.tts.audio.Pcm;
import org.paperradio.tts.audio.PcmBuilder;
import org.paperradio.tts.audio.Resampler;
import org.paperradio.tts.text.SpeechNormalizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Speaks a list of script lines with the hosts' voices into one piece of mono PCM at the
 * station rate, with the timing of each voiced line. Shared by a paper's segment and the
 * chapters of a summary show, so both sound alike.
 *
 * <p>Lines are separated by {@link #LINE_GAP}, or {@link #SPEAKER_CHANGE_GAP} when the speaker
 * changes; pause lines add their (capped) length to the next gap, and a trailing pause is kept
 * at the end. A line the engine fails on is logged and skipped (one bad sentence must not cost
 * the whole piece); the result says how many failed, and the caller decides whether an empty
 * result is an error. Not thread-safe (it keeps resamplers): one owner at a time.
 */
public final class ScriptVoicer {

    private static final Logger log = LoggerFactory.getLogger(ScriptVoicer.class);

    public static final Duration LINE_GAP = Duration.ofMillis(350);
    public static final Duration SPEAKER_CHANGE_GAP = Duration.ofMillis(600);
    /** A script comes from a language model: a pause longer than this is a mistake. */
    public static final Duration MAX_PAUSE = Duration.ofSeconds(10);
    /** Lines past this index are not voiced (a runaway script must not run for hours). */
    public static final int MAX_LINES = 5_000;

    private final Voices voices;
    private final int sampleRate;
    private final SpeechNormalizer normalizer;
    private final Map<Integer, Resampler> resamplers = new HashMap<>();

    public ScriptVoicer(Voices voices, int sampleRate, SpeechNormalizer normalizer) {
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sample rate must be positive: " + sampleRate);
        }
        this.voices = voices;
        this.sampleRate = sampleRate;
        this.normalizer = normalizer;
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
     * @param label     what is voiced, for logs ({@code paper=2501.10120v1}, {@code show=daily-2026-11-24 chapter=2})
     * @param maxLength once this much audio is made, later lines are dropped
     * @throws InterruptedException when the thread is interrupted between lines
     */
    public Voiced voice(String label, List<ScriptLine> lines, Duration maxLength) throws InterruptedException {
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
            String text = normalizer.normalize(s.text());
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
            Duration gap = out.length() == 0 ? Duration.ZERO
                    : host.equals(previousSpeaker) ? LINE_GAP : SPEAKER_CHANGE_GAP;
            out.appendSilence(gap.plus(pendingPause));
            pendingPause = Duration.ZERO;
            Duration start = out.duration();
            out.append(pcm);
            timings.add(new LineTiming(i, host, s.text(), start, out.duration()));
            previousSpeaker = host;
        }
        if (!timings.isEmpty() && pendingPause.isPositive()) {
            out.appendSilence(pendingPause);
        }
        if (failed > 0) {
            log.warn("{} {} of {} spoken lines could not be voiced", label, failed, spoken);
        }
        Pcm audio = timings.isEmpty() ? Pcm.empty(sampleRate) : out.build();
        return new Voiced(audio, timings, spoken, failed, firstFailure);
    }

    private static Duration clampPause(Duration d) {
        if (d == null || d.isNegative()) {
            return Duration.ZERO;
        }
        return d.compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : d;
    }
}
