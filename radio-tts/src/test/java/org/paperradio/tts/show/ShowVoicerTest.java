package org.paperradio.tts.show;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperradio.core.config.StationConfig;
import org.paperradio.core.kernel.BadInputException;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.Chapter;
import org.paperradio.core.paper.LineTiming;
import org.paperradio.core.paper.ScriptLine;
import org.paperradio.core.paper.Show;
import org.paperradio.core.paper.ShowAudio;
import org.paperradio.core.paper.ShowScript;
import org.paperradio.core.store.Json;
import org.paperradio.tts.audio.Id3Tags;
import org.paperradio.tts.audio.Pcm;
import org.paperradio.tts.audio.WavFiles;
import org.paperradio.tts.loudness.Ffmpeg;
import org.paperradio.tts.loudness.LoudnessMeter;
import org.paperradio.tts.sound.MusicBed;
import org.paperradio.tts.text.SpeechNormalizer;
import org.paperradio.core.config.ConfigLoader;
import org.paperradio.tts.voice.MaryVoice;
import org.paperradio.tts.voice.ScriptVoicer;
import org.paperradio.tts.voice.Voice;
import org.paperradio.tts.voice.VoiceException;
import org.paperradio.tts.voice.Voices;
import static org.paperradio.tts.testing.FlakyVoices.failingOn;
import static org.paperradio.tts.testing.AudioChecks.longestSilence;

/**
 * A show voiced with real MaryTTS voices; the wav, the tagged mp3 and show.json are read back,
 * decoded and measured, and the chapters are checked with ffprobe and ffmpeg as well.
 */
class ShowVoicerTest {

    private static final ArxivId PAPER = ArxivId.parse("2501.10120v1");
    private static final String UNICODE_TITLE = "Über, 模型";
    private static Voices voices;

    @TempDir
    Path folder;
    /** ffmpeg's temporary files, apart from the show's folder. */
    @TempDir
    Path scratch;
    private final StationConfig.Audio audio = new StationConfig.Audio(44_100, 96);
    private final ObjectMapper json = Json.mapper();

    @BeforeAll
    static void startMary() throws VoiceException {
        voices = Voices.mary(List.of(
                new StationConfig.Host("ada", "Ada", null, null, null),
                new StationConfig.Host("ben", "Ben", null, MaryVoice.LOWER_HOST_EFFECTS, null)));
    }

    @Test
    void voicesAShowIntoWavTaggedMp3WithChaptersAndShowJson() throws Exception {
        ShowScript script = new ShowScript("daily-2026-11-24", Show.Kind.DAILY, "Paper Radio daily, 24 November",
                Instant.parse("2026-11-24T07:00:00Z"), List.of(
                new Chapter("Opening", null, List.of(
                        new ScriptLine.Spoken("ada", "Good morning, this is Paper Radio.", 0),
                        new ScriptLine.Spoken("ben", "Two papers today.", 0))),
                new Chapter(UNICODE_TITLE, PAPER, List.of(
                        new ScriptLine.Spoken("ada", "First, counting with transformers.", 1),
                        new ScriptLine.Pause(Duration.ofMillis(500)),
                        new ScriptLine.Spoken("ben", "They count to ten.", 2))),
                new Chapter("Closing", null, List.of(
                        new ScriptLine.Spoken("ben", "That is all.", 0),
                        new ScriptLine.Spoken("ada", "See you tomorrow.", 0)))), "test");

        ShowVoicer voicer = new ShowVoicer(voices, audio, "Paper Radio");
        ShowAudio show = voicer.voice(script, folder);

        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("show.wav", "show.mp3", "show.json");
        }
        assertThat(json.readValue(folder.resolve("show.json").toFile(), ShowAudio.class)).isEqualTo(show);
        assertThat(show.show()).isEqualTo("daily-2026-11-24");
        assertThat(show.sampleRate()).isEqualTo(44_100);
        assertThat(show.channels()).isEqualTo(1);
        Pcm wav = WavFiles.read(folder.resolve("show.wav"));
        assertThat(wav.sampleRate()).isEqualTo(44_100);
        assertThat(wav.duration()).isEqualTo(show.length());
        assertThat(show.length()).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(40));

        // chapter marks: in order, contiguous, cover the whole audio
        List<ShowAudio.ChapterMark> marks = show.chapters();
        assertThat(marks).extracting(ShowAudio.ChapterMark::title).containsExactly("Opening", UNICODE_TITLE, "Closing");
        assertThat(marks).extracting(ShowAudio.ChapterMark::paper).containsExactly(null, PAPER, null);
        assertThat(marks.get(0).start()).isEqualTo(Duration.ZERO);
        for (int i = 0; i < marks.size(); i++) {
            assertThat(marks.get(i).end()).isGreaterThan(marks.get(i).start().plusSeconds(1));
            if (i > 0) {
                assertThat(marks.get(i).start()).isEqualTo(marks.get(i - 1).end());
            }
        }
        assertThat(show.length().minus(marks.get(2).end())).isBetween(Duration.ZERO, Duration.ofMillis(1));

        // line numbers run through the show; each line lies inside its chapter; chapters are apart by the gap
        List<LineTiming> lines = show.lines();
        assertThat(lines).extracting(LineTiming::line).containsExactly(0, 1, 2, 4, 5, 6);
        assertThat(lines).extracting(LineTiming::speaker).containsExactly("ada", "ben", "ada", "ben", "ben", "ada");
        int[] chapterOf = {0, 0, 1, 1, 2, 2};
        for (int i = 0; i < lines.size(); i++) {
            ShowAudio.ChapterMark m = marks.get(chapterOf[i]);
            assertThat(lines.get(i).start()).isGreaterThanOrEqualTo(m.start());
            assertThat(lines.get(i).end()).isLessThanOrEqualTo(m.end().plusMillis(1));
            assertThat(span(wav, lines.get(i).start(), lines.get(i).end()).activeRms(0.01)).isGreaterThan(0.05);
        }
        assertThat(lines.get(2).start().minus(lines.get(1).end())).isGreaterThanOrEqualTo(ShowVoicer.CHAPTER_GAP);
        assertThat(lines.get(4).start().minus(lines.get(3).end())).isGreaterThanOrEqualTo(ShowVoicer.CHAPTER_GAP);
        assertThat(lines.get(3).start().minus(lines.get(2).end()))
                .isGreaterThanOrEqualTo(ScriptVoicer.SPEAKER_CHANGE_GAP.plusMillis(500).minusMillis(1));
        // a chapter mark starts right on speech: the gap before it belongs to the chapter before
        assertThat(lines.get(2).start().minus(marks.get(1).start())).isLessThan(Duration.ofMillis(2));

        // the mp3 decodes to the length in show.json, and every chapter in it has sound
        Path mp3 = folder.resolve("show.mp3");
        // (decoded by ffmpeg: jump3r's mpglib, in Mp3Decoder, can drop the last frames of a file that does not end in silence)
        Pcm decoded = Ffmpeg.decode(mp3, scratch);
        assertThat(decoded.sampleRate()).isEqualTo(44_100);
        assertThat(decoded.duration().minus(show.length()).abs()).isLessThan(Duration.ofMillis(100));
        for (ShowAudio.ChapterMark m : marks) {
            Pcm chapter = span(decoded, m.start(), m.end());
            assertThat(chapter.rms()).as("rms of chapter %s", m.title()).isGreaterThan(0.02);
            assertThat(chapter.activeRms(0.01)).isGreaterThan(0.05);
        }
        // the bed leads in under the opening chapter; the body chapter has none: its pause is silent
        assertThat(lines.get(0).start()).isEqualTo(MusicBed.LEAD_IN);
        assertThat(span(decoded, lines.get(2).end().plusMillis(100), lines.get(3).start().minusMillis(100)).peak())
                .as("the pause in the body chapter is silent").isLessThan(0.02);

        // the ID3 tag, read back here: same chapters, same titles (non-ASCII included), arXiv link kept
        Id3Tags.Tag tag = Id3Tags.read(mp3).orElseThrow();
        assertThat(tag.chapters()).extracting(Id3Tags.ChapterEntry::toMark).isEqualTo(marks);
        assertThat(tag.chapters().get(1).url()).isEqualTo("https://arxiv.org/abs/2501.10120v1");
        assertThat(tag.title()).isEqualTo("Paper Radio daily, 24 November");
        assertThat(tag.artist()).isEqualTo("Paper Radio");
        assertThat(tag.album()).isEqualTo("Paper Radio daily");
        assertThat(tag.genre()).isEqualTo("Podcast");
        assertThat(tag.recorded()).isEqualTo(Instant.parse("2026-11-24T07:00:00Z"));
        assertThat(tag.comment()).contains("Opening", UNICODE_TITLE, "Closing");

        // ... and by ffprobe, within 50 ms
        JsonNode probe = json.readTree(run("ffprobe", "-v", "error", "-show_chapters", "-show_format", "-of", "json", mp3.toString()));
        JsonNode chapters = probe.get("chapters");
        assertThat(chapters).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(chapters.get(i).get("tags").get("title").asText()).isEqualTo(marks.get(i).title());
            assertThat(chapters.get(i).get("start_time").asDouble() * 1000).isCloseTo(marks.get(i).start().toMillis(), within(50.0));
            assertThat(chapters.get(i).get("end_time").asDouble() * 1000).isCloseTo(marks.get(i).end().toMillis(), within(50.0));
        }
        assertThat(probe.get("format").get("tags").get("title").asText()).isEqualTo("Paper Radio daily, 24 November");
        assertThat(probe.get("format").get("duration").asDouble() * 1000).isCloseTo(show.length().toMillis(), within(150.0));

        // ffmpeg decodes the tagged file without a single complaint
        assertThat(run("ffmpeg", "-v", "error", "-i", mp3.toString(), "-f", "null", "-")).isEmpty();

        // show.json present means done: a second call reads it back and rewrites nothing
        Map<String, FileTime> before = mtimes();
        assertThat(voicer.voice(script, folder)).isEqualTo(show);
        assertThat(mtimes()).isEqualTo(before);
    }

    /**
     * The acceptance of "sound like a real station", with the shipped config's hosts and sound:
     * loudness and true peak by ffmpeg, both hosts at one level, click-free joins, no dead air,
     * and the bed under the welcome and the goodbye only.
     */
    @Test
    void aShowSoundsLikeAStation() throws Exception {
        StationConfig config = new ConfigLoader().load(Path.of("..", "config", "station.yaml"));
        StationConfig.Sound sound = config.sound();
        Voices shipped = Voices.mary(config.hosts());
        ShowScript script = new ShowScript("daily-2026-11-25", Show.Kind.DAILY, "Paper Radio daily", Instant.EPOCH, List.of(
                new Chapter("Welcome", null, List.of(
                        new ScriptLine.Spoken("ada", "Good morning, and welcome to Paper Radio.", 0),
                        new ScriptLine.Spoken("ben", "Two papers today, both about counting.", 0))),
                new Chapter("Counting", PAPER, List.of(
                        new ScriptLine.Spoken("ada", "The first paper trains a small transformer to count objects.", 1),
                        new ScriptLine.Spoken("ben", "It reaches ninety percent on the hardest test set.", 2),
                        new ScriptLine.Pause(Duration.ofSeconds(6)),
                        new ScriptLine.Spoken("ada", "And what does that mean for people outside the field?", 3),
                        new ScriptLine.Spoken("ben", "Better inventory robots, if the baselines hold up.", 4))),
                new Chapter("Goodbye", null, List.of(
                        new ScriptLine.Spoken("ben", "That is all for this morning.", 0),
                        new ScriptLine.Spoken("ada", "Thanks for listening, see you tomorrow.", 0)))), "test");
        int rate = config.audio().sampleRate();
        ShowAudio show = new ShowVoicer(shipped, config.audio(), "Paper Radio", new SpeechNormalizer(), sound,
                MusicBed.load(sound, rate)).voice(script, folder);

        // 1. loudness: ffmpeg's ebur128 on the mp3 as written
        Path mp3 = folder.resolve(ShowVoicer.MP3);
        Ffmpeg.Measurement m = Ffmpeg.measure(mp3, scratch);
        System.out.printf("show mp3: I %.1f LUFS, true peak %.1f dBTP%n", m.integratedLufs(), m.truePeakDbtp());
        assertThat(m.integratedLufs()).isCloseTo(sound.loudness(), within(1.0));
        assertThat(m.truePeakDbtp()).isLessThan(sound.truePeak());

        // 2. the two hosts at one level, measured by ffmpeg on their lines cut from the voiced show
        Pcm wav = WavFiles.read(folder.resolve(ShowVoicer.WAV));
        Map<String, Double> level = new LinkedHashMap<>();
        for (String host : List.of("ada", "ben")) {
            List<Pcm> parts = show.lines().stream().filter(t -> t.speaker().equals(host))
                    .map(t -> span(wav, t.start(), t.end())).toList();
            level.put(host, Ffmpeg.measure(concat(parts, rate), scratch).integratedLufs());
        }
        System.out.printf("hosts: %s%n", level);
        assertThat(level.get("ada") - level.get("ben")).isCloseTo(0.0, within(1.0));

        // 3. joins: around every line edge and chapter mark the sample-to-sample jump is small,
        // well under what the speech itself does, and nowhere is there more than maxSilence of silence
        Pcm decoded = Ffmpeg.decode(mp3, scratch);
        int speechJump = 0;
        for (LineTiming t : show.lines()) {
            speechJump = Math.max(speechJump, maxJump(span(wav, t.start().plusMillis(50), t.end().minusMillis(50))));
        }
        List<Duration> joins = new ArrayList<>();
        show.lines().forEach(t -> {
            joins.add(t.start());
            joins.add(t.end());
        });
        show.chapters().forEach(c -> joins.add(c.start()));
        joins.add(show.length());
        int joinJump = 0;
        for (Duration at : joins) {
            joinJump = Math.max(joinJump, maxJump(span(wav, at.minusMillis(15), at.plusMillis(15))));
        }
        System.out.printf("largest jump at a join %.4f, in speech %.4f of full scale%n", joinJump / 32768.0,
                speechJump / 32768.0);
        assertThat(joinJump / 32768.0).isLessThan(0.05);
        assertThat(joinJump).isLessThan(speechJump / 4);
        short[] d = decoded.samples();
        assertThat(Math.abs((int) d[0])).isLessThan(100);
        assertThat(Math.abs((int) d[d.length - 1])).isLessThan(100);
        Duration silence = longestSilence(decoded);
        System.out.printf("longest silence %s%n", silence);
        assertThat(silence).isBetween(Duration.ofMillis(1500), sound.maxSilence()); // the 6 s pause, capped

        // 4. the bed: leads in before the welcome, rings under it, gone in the body, back for the goodbye
        LineTiming first = show.lines().get(0);
        assertThat(first.start()).isEqualTo(MusicBed.LEAD_IN);
        double leadIn = LoudnessMeter.measure(span(wav, Duration.ofMillis(1000), first.start())).ungatedLufs();
        System.out.printf("bed lead-in %.1f LUFS%n", leadIn);
        assertThat(leadIn).isBetween(sound.loudness() - sound.bedLevel() - 6, sound.loudness() - sound.bedLevel() + 1);
        List<LineTiming> lines = show.lines();
        // inside the welcome chapter, between its two lines: bed
        assertThat(span(wav, lines.get(0).end().plusMillis(50), lines.get(1).start().minusMillis(50)).rms())
                .isGreaterThan(0.001);
        // in the body chapter, between its lines (the capped pause): digital quiet
        assertThat(span(wav, lines.get(3).end().plusMillis(50), lines.get(4).start().minusMillis(50)).peak())
                .isLessThan(0.001);
        // after the last word the bed rings out for a moment
        assertThat(span(wav, lines.get(lines.size() - 1).end().plusMillis(200),
                lines.get(lines.size() - 1).end().plusMillis(1000)).rms()).isGreaterThan(0.001);
    }

    private static int maxJump(Pcm pcm) {
        short[] s = pcm.samples();
        int max = 0;
        for (int i = 1; i < s.length; i++) {
            max = Math.max(max, Math.abs(s[i] - s[i - 1]));
        }
        return max;
    }

    private static Pcm concat(List<Pcm> parts, int rate) {
        int n = parts.stream().mapToInt(Pcm::length).sum();
        short[] out = new short[n];
        int at = 0;
        for (Pcm p : parts) {
            System.arraycopy(p.samples(), 0, out, at, p.length());
            at += p.length();
        }
        return new Pcm(out, rate);
    }

    @Test
    void aChapterWithNothingVoicedGetsNoMarkAndAShowWithNothingVoicedFails() throws Exception {
        ShowVoicer flaky = new ShowVoicer(failingOn("explode", voices), new StationConfig.Audio(22_050, 64), "Paper Radio");
        ShowScript script = new ShowScript("weekly-2026-w48", Show.Kind.WEEKLY, null, Instant.parse("2026-11-29T09:00:00Z"),
                List.of(new Chapter("Broken", PAPER, List.of(new ScriptLine.Spoken("ada", "This will explode.", 0),
                                new ScriptLine.Spoken("ben", "*** ###", 0))),
                        new Chapter("\u0000Fine\n" + "!".repeat(500), null,
                                List.of(new ScriptLine.Spoken("ben", "Hello there.", 0)))), "test");

        ShowAudio show = flaky.voice(script, folder);

        // a hostile title is cleaned and capped alike in show.json and in the tag
        String title = "Fine " + "!".repeat(Id3Tags.MAX_TITLE_CHARS - 5);
        assertThat(show.chapters()).extracting(ShowAudio.ChapterMark::title).containsExactly(title);
        assertThat(Id3Tags.readChapters(folder.resolve("show.mp3"))).extracting(Id3Tags.ChapterEntry::toMark)
                .isEqualTo(show.chapters());
        assertThat(show.chapters().get(0).start()).isEqualTo(Duration.ZERO);
        assertThat(show.lines()).extracting(LineTiming::line).containsExactly(2);
        assertThat(show.sampleRate()).isEqualTo(22_050);
        assertThat(Id3Tags.read(folder.resolve("show.mp3")).orElseThrow().title()).isEqualTo("weekly-2026-w48");
        assertThat(Id3Tags.read(folder.resolve("show.mp3")).orElseThrow().album()).isEqualTo("Paper Radio weekly");

        Path other = Files.createDirectory(folder.resolve("other"));
        ShowScript allBroken = new ShowScript("daily-x", Show.Kind.DAILY, "x", Instant.EPOCH,
                List.of(new Chapter("A", null, List.of(new ScriptLine.Spoken("ada", "Explode now.", 0)))), "test");
        assertThatThrownBy(() -> flaky.voice(allBroken, other)).isInstanceOf(VoiceException.class)
                .hasMessageContaining("none of the 1 lines");
        ShowScript silent = new ShowScript("daily-y", Show.Kind.DAILY, "y", Instant.EPOCH,
                List.of(new Chapter("A", null, List.of(new ScriptLine.Spoken("ada", "### ***", 0),
                        new ScriptLine.Pause(Duration.ofSeconds(1))))), "test");
        assertThatThrownBy(() -> flaky.voice(silent, other)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("nothing to say");
        try (Stream<Path> files = Files.list(other)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void theFolderMustBeAnExistingPlainDirectory() throws Exception {
        ShowVoicer voicer = new ShowVoicer(voices, audio, "Paper Radio");
        ShowScript script = new ShowScript("daily-z", Show.Kind.DAILY, "z", Instant.EPOCH,
                List.of(new Chapter("A", null, List.of(new ScriptLine.Spoken("ada", "Hi.", 0)))), "test");
        Path file = Files.writeString(folder.resolve("a-file"), "x");
        Path link = Files.createSymbolicLink(folder.resolve("a-link"), Files.createDirectory(folder.resolve("real")));

        for (Path bad : List.of(folder.resolve("missing"), file, link)) {
            assertThatThrownBy(() -> voicer.voice(script, bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("existing directory");
        }
        assertThat(folder.resolve("real")).isEmptyDirectory();
    }

    private Map<String, FileTime> mtimes() throws Exception {
        Map<String, FileTime> m = new LinkedHashMap<>();
        for (String f : List.of(ShowVoicer.WAV, ShowVoicer.MP3, ShowVoicer.JSON)) {
            m.put(f, Files.getLastModifiedTime(folder.resolve(f)));
        }
        return m;
    }

    private static Pcm span(Pcm pcm, Duration from, Duration to) {
        return pcm.slice(Pcm.samplesFor(from, pcm.sampleRate()), Pcm.samplesFor(to, pcm.sampleRate()));
    }

    /** Runs a command; fails unless it exits 0 with nothing on stderr. Returns its stdout. */
    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(err, StandardCharsets.UTF_8)).as("stderr of %s", List.of(command)).isEmpty();
        assertThat(p.exitValue()).as("exit code of %s", List.of(command)).isZero();
        return new String(out, StandardCharsets.UTF_8);
    }
}
