package org.paperradio.tts.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.ShowAudio;

/** ID3 tags written in front of real MP3 audio, read back by this class, by ffprobe and by ffmpeg. */
class Id3TagsTest {

    private static final int RATE = 44_100;

    @TempDir
    Path dir;

    @Test
    void tagWithChaptersIsReadBackHereAndByFfprobeAndTheAudioStillDecodes() throws Exception {
        Path mp3 = sineMp3(6.0);
        byte[] audioBefore = Files.readAllBytes(mp3);
        List<Id3Tags.ChapterEntry> chapters = List.of(
                new Id3Tags.ChapterEntry("Opening", Duration.ZERO, Duration.ofMillis(1500), null),
                new Id3Tags.ChapterEntry("Über, 模型 — and 🎧", Duration.ofMillis(1500), Duration.ofMillis(4250),
                        "https://arxiv.org/abs/2501.10120v1"),
                new Id3Tags.ChapterEntry("Closing", Duration.ofMillis(4250), Duration.ofMillis(6000), null));
        Instant recorded = Instant.parse("2026-11-24T07:00:00Z");
        Id3Tags.write(mp3, new Id3Tags.Tag("Daily: Ünïcode", "Paper Radio", "Paper Radio daily", recorded, "Podcast",
                "Three papers today.", chapters));

        // the audio after the tag is byte for byte what was there
        byte[] tagged = Files.readAllBytes(mp3);
        long tagLength = Id3Tags.tagLength(Arrays.copyOf(tagged, 10));
        assertThat(tagLength).isGreaterThan(100);
        assertThat(Arrays.copyOfRange(tagged, (int) tagLength, tagged.length)).isEqualTo(audioBefore);

        Id3Tags.Tag back = Id3Tags.read(mp3).orElseThrow();
        assertThat(back.title()).isEqualTo("Daily: Ünïcode");
        assertThat(back.artist()).isEqualTo("Paper Radio");
        assertThat(back.album()).isEqualTo("Paper Radio daily");
        assertThat(back.recorded()).isEqualTo(recorded);
        assertThat(back.genre()).isEqualTo("Podcast");
        assertThat(back.comment()).isEqualTo("Three papers today.");
        assertThat(back.chapters()).isEqualTo(chapters);
        assertThat(Id3Tags.readChapters(mp3).get(1).paper()).contains(ArxivId.parse("2501.10120v1"));
        assertThat(Id3Tags.readChapters(mp3).get(1).toMark())
                .isEqualTo(new ShowAudio.ChapterMark("Über, 模型 — and 🎧", ArxivId.parse("2501.10120v1"),
                        Duration.ofMillis(1500), Duration.ofMillis(4250)));

        JsonNode probe = ffprobe(mp3);
        JsonNode ch = probe.get("chapters");
        assertThat(ch).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(ch.get(i).get("tags").get("title").asText()).isEqualTo(chapters.get(i).title());
            assertThat(ch.get(i).get("start_time").asDouble()).isCloseTo(chapters.get(i).start().toMillis() / 1000.0, within(0.001));
            assertThat(ch.get(i).get("end_time").asDouble()).isCloseTo(chapters.get(i).end().toMillis() / 1000.0, within(0.001));
        }
        JsonNode tags = probe.get("format").get("tags");
        assertThat(tags.get("title").asText()).isEqualTo("Daily: Ünïcode");
        assertThat(tags.get("artist").asText()).isEqualTo("Paper Radio");
        assertThat(tags.get("album").asText()).isEqualTo("Paper Radio daily");
        assertThat(tags.get("genre").asText()).isEqualTo("Podcast");
        assertThat(tags.get("date").asText()).startsWith("2026-11-24");
        assertThat(probe.get("format").get("duration").asDouble()).isCloseTo(6.0, within(0.15));

        assertDecodesCleanlyWithFfmpeg(mp3);
        // jump3r's decoder needs the frames without the tag
        Pcm decoded = Mp3Decoder.decode(Id3Tags.stripTag(tagged), Duration.ofMinutes(1));
        assertThat(Id3Tags.stripTag(tagged)).isEqualTo(audioBefore);
        assertThat(Id3Tags.stripTag(audioBefore)).isSameAs(audioBefore);
        assertThat(decoded.duration().toMillis()).isCloseTo(6000L, within(100L));
        assertThat(decoded.rms()).isGreaterThan(0.3);
    }

    @Test
    void writingAgainReplacesTheTagInsteadOfStackingTags() throws Exception {
        Path mp3 = sineMp3(2.0);
        long audioBytes = Files.size(mp3);
        Id3Tags.write(mp3, new Id3Tags.Tag("First", null, null, null, null, "x".repeat(3000),
                List.of(new Id3Tags.ChapterEntry("A", Duration.ZERO, Duration.ofSeconds(2), null))));
        Id3Tags.write(mp3, new Id3Tags.Tag("Second", null, null, null, null, null,
                List.of(new Id3Tags.ChapterEntry("B", Duration.ZERO, Duration.ofSeconds(2), null))));

        byte[] b = Files.readAllBytes(mp3);
        assertThat(b.length - Id3Tags.tagLength(Arrays.copyOf(b, 10))).isEqualTo(audioBytes);
        Id3Tags.Tag back = Id3Tags.read(mp3).orElseThrow();
        assertThat(back.title()).isEqualTo("Second");
        assertThat(back.comment()).isNull();
        assertThat(back.chapters()).extracting(Id3Tags.ChapterEntry::title).containsExactly("B");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).hasSize(1); // no temporary left behind
        }
        assertDecodesCleanlyWithFfmpeg(mp3);
    }

    @Test
    void untrustedTextIsCleanedAndCappedAndLargeTagsHaveSyncsafeSizes() throws Exception {
        Path mp3 = sineMp3(3.0);
        List<Id3Tags.ChapterEntry> chapters = new ArrayList<>();
        for (int i = 0; i < Id3Tags.MAX_CHAPTERS; i++) {
            chapters.add(new Id3Tags.ChapterEntry("Chapter " + i + " 模型".repeat(20), Duration.ofMillis(10L * i),
                    Duration.ofMillis(10L * (i + 1)), i % 2 == 0 ? "https://arxiv.org/abs/2501.1012" + i % 10 : "javascript:alert(1)"));
        }
        String longTitle = "\u0000Evil\u0007\r\ntitle " + "é".repeat(1000) + "🎧";
        Id3Tags.write(mp3, new Id3Tags.Tag(longTitle, "Station\u0000Name", null, null, null, null, chapters));

        byte[] b = Files.readAllBytes(mp3);
        // every size byte of the header is syncsafe, and the tag is large enough to need all of them
        for (int i = 6; i < 10; i++) {
            assertThat(b[i] & 0x80).isZero();
        }
        assertThat(b[7]).isNotZero();
        Id3Tags.Tag back = Id3Tags.read(mp3).orElseThrow();
        assertThat(back.title()).startsWith("Evil").doesNotContain("\u0000", "\u0007", "\r", "\n")
                .hasSize(Id3Tags.MAX_TITLE_CHARS);
        assertThat(back.artist()).isEqualTo("Station Name");
        assertThat(back.chapters()).hasSize(Id3Tags.MAX_CHAPTERS);
        assertThat(back.chapters().get(1).url()).isNull();
        assertThat(back.chapters().get(2).url()).isEqualTo("https://arxiv.org/abs/2501.10122");
        assertThat(back.chapters().get(200).title()).isEqualTo(("Chapter 200" + " 模型".repeat(20)));
        assertThat(ffprobe(mp3).get("chapters")).hasSize(Id3Tags.MAX_CHAPTERS);
        assertDecodesCleanlyWithFfmpeg(mp3);

        chapters.add(new Id3Tags.ChapterEntry("one too many", Duration.ZERO, Duration.ZERO, null));
        assertThatThrownBy(() -> Id3Tags.encode(new Id3Tags.Tag("t", null, null, null, null, null, chapters)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Id3Tags.ChapterEntry("x", Duration.ofSeconds(2), Duration.ofSeconds(1), null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 4})
    void readsATagWithChaptersWrittenByFfmpeg(int version) throws Exception {
        Path mp3 = sineMp3(4.0);
        Path meta = dir.resolve("meta.txt");
        Files.writeString(meta, """
                ;FFMETADATA1
                title=Weekly Über
                artist=Someone
                [CHAPTER]
                TIMEBASE=1/1000
                START=0
                END=1500
                title=Erste Über 模型
                [CHAPTER]
                TIMEBASE=1/1000
                START=1500
                END=4000
                title=Second
                """, StandardCharsets.UTF_8);
        Path out = dir.resolve("ffmpeg.mp3");
        run(List.of("ffmpeg", "-v", "error", "-y", "-i", mp3.toString(), "-i", meta.toString(), "-map", "0:a",
                "-map_metadata", "1", "-map_chapters", "1", "-c", "copy", "-id3v2_version", String.valueOf(version), out.toString()));
        assertThat(Files.readAllBytes(out)[3]).isEqualTo((byte) version);

        Id3Tags.Tag back = Id3Tags.read(out).orElseThrow();
        assertThat(back.title()).isEqualTo("Weekly Über");
        assertThat(back.artist()).isEqualTo("Someone");
        assertThat(back.chapters()).containsExactly(
                new Id3Tags.ChapterEntry("Erste Über 模型", Duration.ZERO, Duration.ofMillis(1500), null),
                new Id3Tags.ChapterEntry("Second", Duration.ofMillis(1500), Duration.ofMillis(4000), null));
    }

    @Test
    void aFileWithoutTagHasNoChaptersAndGarbageIsRefused() throws Exception {
        Path mp3 = sineMp3(1.0);
        assertThat(Id3Tags.read(mp3)).isEmpty();
        assertThat(Id3Tags.readChapters(mp3)).isEmpty();

        Path bad = dir.resolve("bad.mp3");
        // a header claiming a 2 MB tag, then a frame whose size runs past the end of the tag
        byte[] header = {'I', 'D', '3', 4, 0, 0, 0, 0, 1, 0};
        byte[] frame = {'T', 'I', 'T', '2', 0x7F, 0x7F, 0x7F, 0x7F, 0, 0};
        byte[] body = new byte[128];
        System.arraycopy(frame, 0, body, 0, frame.length);
        Files.write(bad, concat(header, body));
        assertThatThrownBy(() -> Id3Tags.read(bad)).isInstanceOf(IOException.class).hasMessageContaining("overruns");

        Files.write(bad, new byte[] {'I', 'D', '3', 4, 0, 0, 0x7F, 0x7F, 0x7F, 0x7F});
        assertThatThrownBy(() -> Id3Tags.read(bad)).isInstanceOf(IOException.class).hasMessageContaining("too large");
        assertThatThrownBy(() -> Id3Tags.write(bad, new Id3Tags.Tag("t", null, null, null, null, null, List.of())))
                .isInstanceOf(IOException.class).hasMessageContaining("no audio");
    }

    private Path sineMp3(double seconds) throws IOException {
        Pcm pcm = Signals.sine(440, 0.5, seconds, RATE);
        Path mp3 = dir.resolve("tone.mp3");
        try (Mp3Encoder enc = new Mp3Encoder(RATE, 96)) {
            Files.write(mp3, concat(enc.encode(pcm), enc.finish()));
        }
        return mp3;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static JsonNode ffprobe(Path mp3) throws Exception {
        String out = run(List.of("ffprobe", "-v", "error", "-show_chapters", "-show_format", "-of", "json", mp3.toString()));
        return new ObjectMapper().readTree(out);
    }

    static void assertDecodesCleanlyWithFfmpeg(Path mp3) throws Exception {
        assertThat(run(List.of("ffmpeg", "-v", "error", "-i", mp3.toString(), "-f", "null", "-"))).isEmpty();
    }

    /** Runs a command; fails unless it exits 0 with nothing on stderr. Returns its stdout. */
    static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        var out = p.getInputStream().readAllBytes();
        var err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(err, StandardCharsets.UTF_8)).as("stderr of %s", command).isEmpty();
        assertThat(p.exitValue()).as("exit code of %s", command).isZero();
        return new String(out, StandardCharsets.UTF_8);
    }
}
