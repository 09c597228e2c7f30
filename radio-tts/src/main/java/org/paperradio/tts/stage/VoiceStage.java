package org.paperradio.tts.stage;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.paperradio.core.config.StationConfig;
import org.paperradio.core.kernel.BadInputException;
import org.paperradio.core.kernel.PaperStage;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.LineTiming;
import org.paperradio.core.paper.PaperRecord;
import org.paperradio.core.paper.Script;
import org.paperradio.core.paper.SegmentAudio;
import org.paperradio.core.paper.Stage;
import org.paperradio.core.store.AtomicFiles;
import org.paperradio.core.store.PaperFiles;
import org.paperradio.core.store.PaperStore;
import org.paperradio.tts.audio.Mp3Encoder;
import org.paperradio.tts.audio.Pcm;
import org.paperradio.tts.audio.WavFiles;
import org.paperradio.tts.sound.Mastering;
import org.paperradio.tts.sound.MusicBed;
import org.paperradio.tts.text.SpeechNormalizer;
import org.paperradio.tts.voice.ScriptVoicer;
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
 * <p>The lines are spoken by a {@link ScriptVoicer} (gaps between lines, pauses, a line the
 * engine fails on skipped, each line levelled); only when no line at all could be voiced does
 * the stage fail. The {@link MusicBed} goes under the first line (the intro) and the last (the
 * outro), with a lead-in before the first word (the timings include it), and the whole segment
 * is then mastered ({@link Mastering}: station loudness, true-peak ceiling, fades at both ends)
 * before the files are written.
 */
public final class VoiceStage implements PaperStage {

    private static final Logger log = LoggerFactory.getLogger(VoiceStage.class);

    static final Duration LINE_GAP = ScriptVoicer.LINE_GAP;
    static final Duration SPEAKER_CHANGE_GAP = ScriptVoicer.SPEAKER_CHANGE_GAP;
    /** Lines past this much audio are dropped (a runaway script must not fill the disk). */
    static final Duration MAX_SEGMENT = Duration.ofMinutes(60);
    private static final StationConfig.Sound DEFAULT_SOUND = new StationConfig.Sound(null, null, null, null, null, null, null);

    private final PaperStore store;
    private final Voices voices;
    private final StationConfig.Audio audio;
    private final SpeechNormalizer normalizer;
    private final StationConfig.Sound sound;
    private final MusicBed bed;
    private final Mastering mastering;

    /** With the default sound (-16 LUFS, -1 dBTP, the synthesised bed). */
    public VoiceStage(PaperStore store, Voices voices, StationConfig.Audio audio) {
        this(store, voices, audio, new SpeechNormalizer());
    }

    /** With the default sound (-16 LUFS, -1 dBTP, the synthesised bed). */
    public VoiceStage(PaperStore store, Voices voices, StationConfig.Audio audio, SpeechNormalizer normalizer) {
        this(store, voices, audio, normalizer, DEFAULT_SOUND, MusicBed.synth(DEFAULT_SOUND, audio.sampleRate()));
    }

    /**
     * @param sound the station's sound settings
     * @param bed   the music bed at the station rate ({@link MusicBed#load}; {@link MusicBed#none} for none)
     */
    public VoiceStage(PaperStore store, Voices voices, StationConfig.Audio audio, SpeechNormalizer normalizer,
                      StationConfig.Sound sound, MusicBed bed) {
        if (bed.sampleRate() != audio.sampleRate()) {
            throw new IllegalArgumentException("music bed is at " + bed.sampleRate() + " Hz, the station at "
                    + audio.sampleRate());
        }
        this.store = store;
        this.voices = voices;
        this.audio = audio;
        this.normalizer = normalizer;
        this.sound = sound;
        this.bed = bed;
        this.mastering = new Mastering(sound);
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
            log.info("already voiced ({} exists), nothing to do", PaperFiles.TIMING);
            return;
        }
        Script script = readScript(id);
        long t0 = System.nanoTime();
        ScriptVoicer.Voiced voiced = voice(id, script);
        if (Thread.interrupted()) {
            // a line cut short by shutdown must not be stored as a whole segment: voice it again next start
            throw new InterruptedException("voicing interrupted");
        }
        MusicBed.Bedded bedded = bed.mix(voiced.audio(), MusicBed.introAndOutro(voiced.lines()));
        Pcm segment = mastering.master(bedded.audio());
        List<LineTiming> lines = MusicBed.shifted(voiced.lines(), bedded.offset());
        AtomicFiles.write(store.file(id, PaperFiles.WAV), temp -> WavFiles.write(temp, segment));
        AtomicFiles.write(store.file(id, PaperFiles.MP3), temp -> writeMp3(temp, segment));
        store.writeJson(id, PaperFiles.TIMING, new SegmentAudio(id, segment.duration(), segment.sampleRate(), 1, lines));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        log.info("voiced {} of {} lines: {} s of audio in {} ms ({}x real time)", voiced.lines().size(),
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

    private ScriptVoicer.Voiced voice(ArxivId id, Script script) throws BadInputException, VoiceException, InterruptedException {
        ScriptVoicer.Voiced voiced = new ScriptVoicer(voices, audio.sampleRate(), normalizer, sound)
                .voice("segment", script.lines(), MAX_SEGMENT, // the log scope adds the paper id
                        script.title() == null ? List.of() : List.of(script.title()));
        if (voiced.isEmpty()) {
            if (voiced.failed() > 0) {
                throw new VoiceException("none of the " + voiced.failed() + " lines the voices tried could be voiced: "
                        + voiced.firstFailure().getMessage(), voiced.firstFailure());
            }
            throw new BadInputException("script has nothing to say (" + voiced.spoken() + " spoken lines, none speakable)");
        }
        return voiced;
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
}
