package org.paperradio.tts.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperradio.core.config.StationConfig;
import org.paperradio.core.kernel.BadInputException;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.LineTiming;
import org.paperradio.core.paper.PaperMeta;
import org.paperradio.core.paper.PaperRecord;
import org.paperradio.core.paper.Script;
import org.paperradio.core.paper.ScriptLine;
import org.paperradio.core.paper.SegmentAudio;
import org.paperradio.core.paper.Stage;
import org.paperradio.core.store.PaperFiles;
import org.paperradio.core.store.PaperStore;
import org.paperradio.tts.audio.Mp3Decoder;
import org.paperradio.tts.audio.Pcm;
import org.paperradio.tts.audio.WavFiles;
import org.paperradio.tts.loudness.Ffmpeg;
import org.paperradio.tts.sound.MusicBed;
import org.paperradio.tts.text.SpeechNormalizer;
import org.paperradio.tts.voice.MaryVoice;
import org.paperradio.tts.voice.Voice;
import org.paperradio.tts.voice.VoiceException;
import org.paperradio.tts.voice.Voices;
import static org.paperradio.tts.testing.FlakyVoices.failingOn;
import static org.paperradio.tts.testing.AudioChecks.longestSilence;

/** The voice stage with real MaryTTS voices on a real paper store; the files it writes are read back and measured. */
class VoiceStageTest {

    private static final ArxivId ID = ArxivId.parse("2501.10120v1");
    private static Voices voices;

    @TempDir
    Path root;
    private PaperStore store;
    private final StationConfig.Audio audio = new StationConfig.Audio(44_100, 96);

    @BeforeAll
    static void startMary() throws VoiceException {
        voices = Voices.mary(List.of(
                new StationConfig.Host("ada", "Ada", null, null, null),
                new StationConfig.Host("ben", "Ben", null, MaryVoice.LOWER_HOST_EFFECTS, null)));
    }

    @BeforeEach
    void newStore() throws IOException {
        store = new PaperStore(root, Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC));
        store.add(new PaperMeta(ID, "Counting with Transformers", List.of("A. Smith", "B. Jones"), "We count.",
                List.of("cs.LG"), Instant.parse("2025-01-17T00:00:00Z"), null, null, null));
    }

    @Test
    void voicesAScriptIntoWavMp3AndTiming() throws Exception {
        writeScript(
                new ScriptLine.Spoken("ada", "Welcome to Paper Radio. Today: arXiv 2501.10120v1 by Smith et al.", 1),
                new ScriptLine.Spoken("ben", "Thanks, Ada. They train an LLM on 10-20% of the data, $\\alpha = 0.5$.", 2),
                new ScriptLine.Pause(Duration.ofMillis(800)),
                new ScriptLine.Spoken("ben", "@#$%^*()_+{}|<>?~ ### ***", 0),
                new ScriptLine.Spoken("ben", "It works on a GPU.", 3),
                new ScriptLine.Spoken("hostB", "That is all for today.", 0));
        VoiceStage stage = new VoiceStage(store, voices, audio);
        assertThat(stage.name()).isEqualTo("voice");
        assertThat(stage.input()).isEqualTo(Stage.WRITTEN);
        assertThat(stage.output()).isEqualTo(Stage.VOICED);

        stage.process(record());

        Pcm wav = WavFiles.read(store.file(ID, PaperFiles.WAV));
        SegmentAudio timing = store.readJson(ID, PaperFiles.TIMING, SegmentAudio.class);
        assertThat(wav.sampleRate()).isEqualTo(44_100);
        assertThat(timing.paper()).isEqualTo(ID);
        assertThat(timing.sampleRate()).isEqualTo(44_100);
        assertThat(timing.channels()).isEqualTo(1);
        assertThat(timing.length().toMillis()).isCloseTo(wav.duration().toMillis(), within(1L));

        // the symbols-only line is skipped, the unknown speaker falls back to the first host
        List<LineTiming> lines = timing.lines();
        assertThat(lines).extracting(LineTiming::line).containsExactly(0, 1, 4, 5);
        assertThat(lines).extracting(LineTiming::speaker).containsExactly("ada", "ben", "ben", "ada");
        assertThat(lines.get(0).text()).startsWith("Welcome to Paper Radio. Today: arXiv 2501.10120v1");

        // the bed leads in before the first word
        assertThat(lines.get(0).start()).isEqualTo(MusicBed.LEAD_IN);
        assertThat(span(wav, Duration.ofMillis(750), MusicBed.LEAD_IN).rms()).as("bed lead-in").isGreaterThan(0.001);
        Duration previousEnd = null;
        String previousSpeaker = null;
        int index = 0;
        for (LineTiming t : lines) {
            assertThat(t.end()).isGreaterThan(t.start().plusMillis(500));
            assertThat(t.end()).isLessThanOrEqualTo(timing.length());
            if (previousEnd != null) {
                Duration gap = t.start().minus(previousEnd);
                Duration min = t.speaker().equals(previousSpeaker) ? VoiceStage.LINE_GAP : VoiceStage.SPEAKER_CHANGE_GAP;
                assertThat(gap).isGreaterThanOrEqualTo(min.minusMillis(1));
                Pcm between = span(wav, previousEnd.plusMillis(30), t.start().minusMillis(30));
                if (index == 1 || index == lines.size() - 1) {
                    // after the intro the bed fades out, before the outro it fades in
                    assertThat(between.rms()).as("bed in gap before line %s", index).isGreaterThan(0.0005);
                } else {
                    // the voiced span is sound, the gap before it in the body silence
                    assertThat(between.peak()).as("gap before line %s", index).isLessThan(0.001);
                }
            }
            index++;
            assertThat(span(wav, t.start(), t.end()).activeRms(0.01)).isGreaterThan(0.05);
            previousEnd = t.end();
            previousSpeaker = t.speaker();
        }
        // the pause line adds its length to the gap before the next voiced line
        Duration afterPause = lines.get(2).start().minus(lines.get(1).end());
        assertThat(afterPause).isGreaterThanOrEqualTo(VoiceStage.LINE_GAP.plusMillis(800).minusMillis(1));
        // 5 voiced lines of about 30 words in all, plus pauses
        assertThat(timing.length()).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(40));

        byte[] mp3 = Files.readAllBytes(store.file(ID, PaperFiles.MP3));
        Pcm decoded = Mp3Decoder.decode(mp3, Duration.ofMinutes(10));
        assertThat(decoded.sampleRate()).isEqualTo(44_100);
        assertThat(decoded.duration().minus(wav.duration()).abs()).isLessThan(Duration.ofMillis(100));
        assertThat(decoded.rms()).isCloseTo(wav.rms(), within(wav.rms() * 0.15));
        // 96 kbit/s constant bitrate
        assertThat((double) mp3.length).isCloseTo(96_000 / 8.0 * wav.duration().toMillis() / 1000.0,
                within(96_000 / 8.0 * 0.5));
        try (Stream<Path> audioFiles = Files.list(store.folder(ID).resolve("audio"))) {
            assertThat(audioFiles.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("segment.wav", "segment.mp3", "timing.json");
        }

        // idempotent: a second run finds timing.json and rewrites nothing
        Map<String, FileTime> before = mtimes();
        stage.process(record());
        assertThat(mtimes()).isEqualTo(before);
    }

    @Test
    void theSegmentIsMasteredToTheStationLoudnessAndWithoutABedHasNone() throws Exception {
        writeScript(
                new ScriptLine.Spoken("ada", "Welcome back to Paper Radio, the station that reads the papers.", 0),
                new ScriptLine.Spoken("ben", "Today a paper on counting with transformers, from January.", 1),
                new ScriptLine.Pause(Duration.ofSeconds(8)),
                new ScriptLine.Spoken("ada", "They count to ten and then a little further.", 2),
                new ScriptLine.Spoken("ben", "That was all, see you tomorrow.", 0));
        StationConfig.Sound sound = new StationConfig.Sound(-16.0, -1.0, Duration.ofMillis(2000), "none", null, null, null);
        new VoiceStage(store, voices, audio, new SpeechNormalizer(), sound, MusicBed.none(audio.sampleRate()))
                .process(record());

        // ffmpeg's ebur128 on the mp3 as written: within 1 LU of -16 LUFS, true peak under -1 dBTP
        Ffmpeg.Measurement m = Ffmpeg.measure(store.file(ID, PaperFiles.MP3), root);
        assertThat(m.integratedLufs()).isCloseTo(-16.0, within(1.0));
        assertThat(m.truePeakDbtp()).isLessThan(-1.0);

        SegmentAudio timing = store.readJson(ID, PaperFiles.TIMING, SegmentAudio.class);
        Pcm wav = WavFiles.read(store.file(ID, PaperFiles.WAV));
        List<LineTiming> lines = timing.lines();
        // no bed: speech starts at once (the line's quiet pad only), every gap is silent
        assertThat(lines.get(0).start()).isEqualTo(Duration.ZERO);
        for (int i = 1; i < lines.size(); i++) {
            assertThat(span(wav, lines.get(i - 1).end().plusMillis(30), lines.get(i).start().minusMillis(30)).peak())
                    .isLessThan(0.001);
        }
        // the 8 s pause is cut down to maxSilence: the longest silence in the decoded mp3 is no longer
        Pcm decoded = Mp3Decoder.decode(Files.readAllBytes(store.file(ID, PaperFiles.MP3)), Duration.ofMinutes(10));
        assertThat(longestSilence(decoded)).isBetween(Duration.ofMillis(1500), sound.maxSilence());
    }

    @Test
    void aLineTheEngineFailsOnIsSkippedNotFatal() throws Exception {
        // MARY is robust to every text tried, so the failure is injected around the real voices
        Voices flaky = failingOn("explode", voices);
        writeScript(
                new ScriptLine.Spoken("ada", "First line.", 0),
                new ScriptLine.Spoken("ben", "This one will explode.", 0),
                new ScriptLine.Spoken("ben", "Last line.", 0));

        new VoiceStage(store, flaky, new StationConfig.Audio(22_050, 64)).process(record());

        SegmentAudio timing = store.readJson(ID, PaperFiles.TIMING, SegmentAudio.class);
        assertThat(timing.lines()).extracting(LineTiming::line).containsExactly(0, 2);
        assertThat(timing.sampleRate()).isEqualTo(22_050);
        assertThat(WavFiles.read(store.file(ID, PaperFiles.WAV)).sampleRate()).isEqualTo(22_050);
    }

    @Test
    void aShutdownThatCutsTheLastLineShortLeavesThePaperUnvoiced() throws Exception {
        // seen in a soak: MARY turned the interrupt into a failed sentence, and the segment was
        // stored as whole without it
        writeScript(new ScriptLine.Spoken("ada", "First line.", 0), new ScriptLine.Spoken("ben", "Cut off here.", 0));
        VoiceStage stage = new VoiceStage(store, org.paperradio.tts.testing.FlakyVoices.interruptedOn("cut off", voices),
                audio);
        try {
            assertThatThrownBy(() -> stage.process(record())).isInstanceOf(InterruptedException.class);
        } finally {
            Thread.interrupted(); // whatever is left, not for the next test
        }
        assertThat(store.file(ID, PaperFiles.TIMING)).doesNotExist();
        assertThat(store.file(ID, PaperFiles.WAV)).doesNotExist();
        assertThat(store.file(ID, PaperFiles.MP3)).doesNotExist();
    }

    @Test
    void whenEveryLineFailsTheStageFailsAndWritesNothing() throws Exception {
        writeScript(new ScriptLine.Spoken("ada", "One.", 0), new ScriptLine.Spoken("ben", "Two.", 0));
        VoiceStage stage = new VoiceStage(store, failingOn("", voices), audio);

        assertThatThrownBy(() -> stage.process(record()))
                .isInstanceOf(VoiceException.class).hasMessageContaining("none of the 2 lines");
        assertThat(store.file(ID, PaperFiles.TIMING)).doesNotExist();
        assertThat(store.file(ID, PaperFiles.WAV)).doesNotExist();
    }

    @Test
    void scriptsWithNothingToSayOrNoScriptAreBadInput() throws Exception {
        VoiceStage stage = new VoiceStage(store, voices, audio);
        assertThatThrownBy(() -> stage.process(record())).isInstanceOf(BadInputException.class)
                .hasMessageContaining("script.json");

        writeScript(new ScriptLine.Spoken("ada", "*** ### ~~~", 0), new ScriptLine.Pause(Duration.ofSeconds(1)));
        assertThatThrownBy(() -> stage.process(record())).isInstanceOf(BadInputException.class)
                .hasMessageContaining("nothing to say");

        Files.writeString(store.file(ID, PaperFiles.SCRIPT), "{\"lines\": [ {\"kind\": \"shout\"} ]");
        assertThatThrownBy(() -> stage.process(record())).isInstanceOf(BadInputException.class);
    }

    private PaperRecord record() throws IOException {
        return store.load(ID);
    }

    private void writeScript(ScriptLine... lines) throws IOException {
        store.writeJson(ID, PaperFiles.SCRIPT, new Script(ID, "Counting with Transformers", List.of(lines), "test"));
    }

    private Map<String, FileTime> mtimes() throws IOException {
        Map<String, FileTime> m = new LinkedHashMap<>();
        for (String f : List.of(PaperFiles.WAV, PaperFiles.MP3, PaperFiles.TIMING)) {
            m.put(f, Files.getLastModifiedTime(store.file(ID, f)));
        }
        return m;
    }

    private static Pcm span(Pcm pcm, Duration from, Duration to) {
        return pcm.slice(Pcm.samplesFor(from, pcm.sampleRate()), Pcm.samplesFor(to, pcm.sampleRate()));
    }

}
