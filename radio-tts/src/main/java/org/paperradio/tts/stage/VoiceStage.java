package org.paperradio.tts.stage;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.paperradio.core.config.StationConfig;
import org.paperradio.core.kernel.BadInputException;
import org.paperradio.core.kernel.PaperStage;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.LineTiming;
import org.paperradio.core.paper.PaperRecord;
import org.paperradio.core.paper.Script;
import org.paperradio.core.paper.ScriptLine;
import org.paperradio.core.paper.SegmentAudio;
import org.paperradio.core.paper.Stage;
import org.paperradio.core.store.AtomicFiles;
import org.paperradio.core.store.PaperFiles;
import org.paperradio.core.store.PaperStore;
import org.paperradio.tts.audio.Mp3Encoder;
import org.paperradio.tts.audio.Pcm;
import org.paperradio.tts.audio.PcmBuilder;
import org.paperradio.tts.audio.Resampler;
import org.paperradio.tts.audio.WavFiles;
import org.paperradio.tts.text.SpeechNormalizer;
import org.paperradio.tts.voice.Voice;
import org.paperradio.tts.voice.VoiceException;
import org.paperradio.tts.voice.Voices;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WRITTEN to VOICED: speaks a paper's {@code script.json} with the hosts' voices and stores the
 * segment as {@code audio/segment.wav} (16-bit mono at the station rate), {@code
 * audio/segment.mp3} and {@code audio/timing.json} (a {@link SegmentAudio} with each voiced
 * line's start and end), each written atomically, in that order: {@code timing.json} present
 * means the segment is complete, so a paper that has it is not voiced again.
 *
 * <p>Lines are separated by a short gap, a longer one when the speaker changes; pause lines
 * add silence. A line the engine fails on is logged and skipped (one bad sentence must not cost
 * the segment); only when no line at all could be voiced does the stage fail.
 */
public final class VoiceStage implements PaperStage {

    private static final Logger log = LoggerFactory.getLogger(VoiceStage.class);

    static final Duration LINE_GAP = Duration.ofMillis(350);
    static final Duration SPEAKER_CHANGE_GAP = Duration.ofMillis(600);
    /** A script comes from a language model: a pause longer than this is a mistake. */
    static final Duration MAX_PAUSE = Duration.ofSeconds(10);
    /** Lines past this much audio are dropped (a runaway script must not fill the disk). */
    static final Duration MAX_SEGMENT = Duration.ofMinutes(60);
    static final int MAX_LINES = 5_000;

    private final PaperStore store;
    private final Voices voices;
    private final StationConfig.Audio audio;
    private final SpeechNormalizer normalizer;

    public VoiceStage(PaperStore store, Voices voices, StationConfig.Audio audio) {
        this(store, voices, audio, new SpeechNormalizer());
    }

    public VoiceStage(PaperStore store, Voices voices, StationConfig.Audio audio, SpeechNormalizer normalizer) {
        this.store = store;
        this.voices = voices;
        this.audio = audio;
        this.normalizer = normalizer;
    }

    @Override
    public String name() {
        return "voice";
    }

    @Override
    public Stage input() {
        return Stage.WRITTEN;
    }

    @Override
    public Stage output() {
        return Stage.VOICED;
    }

    @Override
    public void process(PaperRecord paper) throws Exception {
        ArxivId id = paper.id();
        if (Files.exists(store.file(id, PaperFiles.TIMING))) {
            log.info("paper={} already voiced ({} exists), nothing to do", id, PaperFiles.TIMING);
            return;
        }
        Script script = readScript(id);
        long t0 = System.nanoTime();
        Voiced voiced = voice(id, script);
        Pcm segment = voiced.audio();
        AtomicFiles.write(store.file(id, PaperFiles.WAV), temp -> WavFiles.write(temp, segment));
        AtomicFiles.write(store.file(id, PaperFiles.MP3), temp -> writeMp3(temp, segment));
        store.writeJson(id, PaperFiles.TIMING, new SegmentAudio(id, segment.duration(), segment.sampleRate(), 1, voiced.lines()));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        log.info("paper={} voiced {} of {} lines: {} s of audio in {} ms ({}x real time)", id, voiced.lines().size(),
                script.spokenLines().size(), segment.duration().toSeconds(), ms,
                String.format("%.1f", segment.duration().toMillis() / (double) Math.max(1, ms)));
    }

    private Script readScript(ArxivId id) throws IOException, BadInputException {
        if (!Files.isRegularFile(store.file(id, PaperFiles.SCRIPT))) {
            throw new BadInputException("no " + PaperFiles.SCRIPT + " to voice");
        }
        try {
            Script s = store.readJson(id, PaperFiles.SCRIPT, Script.class);
            if (s == null || s.lines() == null) {
                throw new BadInputException(PaperFiles.SCRIPT + " is empty");
            }
            return s;
        } catch (JsonProcessingException e) {
            throw new BadInputException(PaperFiles.SCRIPT + " is not a valid script: " + e.getOriginalMessage(), e);
        }
    }

    /** The voiced segment at the station rate and the timing of each line in it. */
    record Voiced(Pcm audio, List<LineTiming> lines) {
    }

    private Voiced voice(ArxivId id, Script script) throws BadInputException, VoiceException, InterruptedException {
        int rate = audio.sampleRate();
        PcmBuilder out = new PcmBuilder(rate);
        List<LineTiming> timings = new ArrayList<>();
        Map<Integer, Resampler> resamplers = new HashMap<>();
        List<ScriptLine> lines = script.lines();
        if (lines.size() > MAX_LINES) {
            log.warn("paper={} script has {} lines, only the first {} are voiced", id, lines.size(), MAX_LINES);
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
                continue;
            }
            spoken++;
            if (out.duration().compareTo(MAX_SEGMENT) > 0) {
                log.warn("paper={} segment reached {} min, line {} and later dropped", id, MAX_SEGMENT.toMinutes(), i);
                break;
            }
            String host = voices.resolve(s.speaker());
            if (!voices.knows(s.speaker())) {
                log.warn("paper={} line {} speaker '{}' is not a host, spoken by {}", id, i, s.speaker(), host);
            }
            String text = normalizer.normalize(s.text());
            if (text.isBlank()) {
                log.info("paper={} line {} has nothing speakable, skipped", id, i);
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
                log.warn("paper={} line {} could not be voiced by {}, skipped: {}", id, i, v.name(), e.toString());
                continue;
            }
            if (pcm.isEmpty()) {
                log.info("paper={} line {} gave no audio, skipped", id, i);
                continue;
            }
            if (pcm.sampleRate() != rate) {
                pcm = resamplers.computeIfAbsent(pcm.sampleRate(), r -> new Resampler(r, rate)).process(pcm);
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
        if (timings.isEmpty()) {
            if (failed > 0) {
                throw new VoiceException("none of the " + failed + " lines the voices tried could be voiced: "
                        + firstFailure.getMessage(), firstFailure);
            }
            throw new BadInputException("script has nothing to say (" + spoken + " spoken lines, none speakable)");
        }
        if (pendingPause.isPositive()) {
            out.appendSilence(pendingPause);
        }
        if (failed > 0) {
            log.warn("paper={} {} of {} spoken lines could not be voiced", id, failed, spoken);
        }
        return new Voiced(out.build(), timings);
    }

    private void writeMp3(Path temp, Pcm segment) throws IOException {
        try (Mp3Encoder enc = new Mp3Encoder(segment.sampleRate(), audio.mp3Bitrate());
             OutputStream os = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16)) {
            int block = segment.sampleRate(); // a second at a time keeps the encoder's buffers small
            short[] s = segment.samples();
            for (int off = 0; off < s.length; off += block) {
                os.write(enc.encode(s, off, Math.min(block, s.length - off)));
            }
            os.write(enc.finish());
        }
    }

    private static Duration clampPause(Duration d) {
        if (d == null || d.isNegative()) {
            return Duration.ZERO;
        }
        return d.compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : d;
    }
}
