package org.paperradio.tts.show;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.paperradio.core.config.StationConfig;
import org.paperradio.core.kernel.BadInputException;
import org.paperradio.core.paper.Chapter;
import org.paperradio.core.paper.LineTiming;
import org.paperradio.core.paper.ShowAudio;
import org.paperradio.core.paper.ShowScript;
import org.paperradio.core.store.AtomicFiles;
import org.paperradio.core.store.Json;
import org.paperradio.tts.audio.Id3Tags;
import org.paperradio.tts.audio.Mp3Encoder;
import org.paperradio.tts.audio.Pcm;
import org.paperradio.tts.audio.PcmBuilder;
import org.paperradio.tts.audio.WavFiles;
import org.paperradio.tts.text.SpeechNormalizer;
import org.paperradio.tts.voice.ScriptVoicer;
import org.paperradio.tts.voice.VoiceException;
import org.paperradio.tts.voice.Voices;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Voices a daily or weekly show into one file set in the show's folder: {@value #WAV} (16-bit
 * mono at the station rate), {@value #MP3} (with an ID3 tag carrying the show's title and its
 * chapters) and {@value #JSON} (the {@link ShowAudio}: length, chapter marks, line timings),
 * each written atomically, in that order: {@value #JSON} present means the show is complete, so
 * a folder that has it is not voiced again.
 *
 * <p>Chapters are voiced in order with a {@link #CHAPTER_GAP} between them. Each chapter mark
 * runs from where the chapter's speech starts to where the next chapter's starts (the gap
 * belongs to the chapter before it, so skipping to a chapter lands on speech); the marks are
 * contiguous, in whole milliseconds, and cover the whole audio. A chapter with nothing voiced gets no mark; only when
 * no line of the whole show could be voiced does voicing fail.
 */
public final class ShowVoicer {

    private static final Logger log = LoggerFactory.getLogger(ShowVoicer.class);

    public static final String WAV = "show.wav";
    public static final String MP3 = "show.mp3";
    public static final String JSON = "show.json";
    public static final Duration CHAPTER_GAP = Duration.ofMillis(1200);
    /** Chapters past this much audio are dropped (a runaway script must not fill the disk). */
    public static final Duration MAX_SHOW = Duration.ofHours(3);
    /** Chapters past this many are dropped (the ID3 table of contents holds no more). */
    public static final int MAX_CHAPTERS = Id3Tags.MAX_CHAPTERS;
    static final String GENRE = "Podcast";

    private final Voices voices;
    private final StationConfig.Audio audio;
    private final String stationName;
    private final SpeechNormalizer normalizer;
    private final ObjectMapper json = Json.mapper();

    public ShowVoicer(Voices voices, StationConfig.Audio audio, String stationName) {
        this(voices, audio, stationName, new SpeechNormalizer());
    }

    public ShowVoicer(Voices voices, StationConfig.Audio audio, String stationName, SpeechNormalizer normalizer) {
        this.voices = Objects.requireNonNull(voices, "voices");
        this.audio = Objects.requireNonNull(audio, "audio");
        this.stationName = Objects.requireNonNull(stationName, "stationName");
        this.normalizer = Objects.requireNonNull(normalizer, "normalizer");
    }

    /**
     * Voices {@code script} into {@code folder} (an existing directory, not a symbolic link),
     * or returns the stored result when {@value #JSON} is already there.
     *
     * @throws IllegalArgumentException when {@code folder} is not an existing plain directory
     * @throws VoiceException           when the voices failed on every line they tried
     * @throws BadInputException        when the script has no speakable line at all
     * @throws InterruptedException     when the thread is interrupted while voicing
     */
    public ShowAudio voice(ShowScript script, Path folder)
            throws IOException, VoiceException, BadInputException, InterruptedException {
        checkFolder(folder);
        Path done = folder.resolve(JSON);
        if (Files.isRegularFile(done, LinkOption.NOFOLLOW_LINKS)) {
            log.info("show={} already voiced ({} exists), nothing to do", script.id(), JSON);
            return json.readValue(done.toFile(), ShowAudio.class);
        }
        long t0 = System.nanoTime();
        Voiced voiced = voiceChapters(script);
        Pcm show = voiced.audio();
        ShowAudio result = new ShowAudio(script.id(), show.duration(), show.sampleRate(), 1, voiced.marks(),
                voiced.lines());
        AtomicFiles.write(folder.resolve(WAV), temp -> WavFiles.write(temp, show));
        Id3Tags.Tag tag = tag(script, voiced.marks());
        AtomicFiles.write(folder.resolve(MP3), temp -> writeMp3(temp, tag, show));
        AtomicFiles.write(done, json.writeValueAsBytes(result));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        log.info("show={} voiced: {} chapters, {} lines, {} s of audio in {} ms", script.id(), voiced.marks().size(),
                voiced.lines().size(), show.duration().toSeconds(), ms);
        return result;
    }

    private record Voiced(Pcm audio, List<ShowAudio.ChapterMark> marks, List<LineTiming> lines) {
    }

    private Voiced voiceChapters(ShowScript script) throws VoiceException, BadInputException, InterruptedException {
        ScriptVoicer voicer = new ScriptVoicer(voices, audio.sampleRate(), normalizer);
        PcmBuilder out = new PcmBuilder(audio.sampleRate());
        List<LineTiming> lines = new ArrayList<>();
        List<Chapter> chapters = script.chapters();
        if (chapters.size() > MAX_CHAPTERS) {
            log.warn("show={} has {} chapters, only the first {} are voiced", script.id(), chapters.size(), MAX_CHAPTERS);
            chapters = chapters.subList(0, MAX_CHAPTERS);
        }
        List<Chapter> voicedChapters = new ArrayList<>();
        List<Duration> starts = new ArrayList<>();
        int lineBase = 0; // line numbers run through the whole show, chapter after chapter
        int spoken = 0;
        int failed = 0;
        VoiceException firstFailure = null;
        for (int c = 0; c < chapters.size(); c++) {
            Chapter chapter = chapters.get(c);
            Duration left = MAX_SHOW.minus(out.duration());
            if (!left.isPositive()) {
                log.warn("show={} reached {} h, chapter {} and later dropped", script.id(), MAX_SHOW.toHours(), c);
                break;
            }
            ScriptVoicer.Voiced v = voicer.voice("show=" + script.id() + " chapter=" + c, chapter.lines(), left);
            spoken += v.spoken();
            failed += v.failed();
            firstFailure = firstFailure == null ? v.firstFailure() : firstFailure;
            if (v.isEmpty()) {
                log.warn("show={} chapter {} ('{}') has no voiced line, left out", script.id(), c, chapter.title());
            } else {
                if (out.length() > 0) {
                    out.appendSilence(CHAPTER_GAP);
                }
                Duration offset = out.duration();
                starts.add(offset);
                voicedChapters.add(chapter);
                out.append(v.audio());
                for (LineTiming t : v.lines()) {
                    lines.add(new LineTiming(lineBase + t.line(), t.speaker(), t.text(), offset.plus(t.start()),
                            offset.plus(t.end())));
                }
            }
            lineBase += chapter.lines().size();
        }
        if (lines.isEmpty()) {
            if (failed > 0) {
                throw new VoiceException("show " + script.id() + ": none of the " + failed
                        + " lines the voices tried could be voiced: " + firstFailure.getMessage(), firstFailure);
            }
            throw new BadInputException("show " + script.id() + " has nothing to say (" + spoken
                    + " spoken lines, none speakable)");
        }
        Pcm pcm = out.build();
        List<ShowAudio.ChapterMark> marks = new ArrayList<>();
        for (int i = 0; i < voicedChapters.size(); i++) {
            Chapter ch = voicedChapters.get(i);
            // whole milliseconds: what the ID3 tag can hold, so show.json and the tag agree exactly
            Duration start = i == 0 ? Duration.ZERO : starts.get(i).truncatedTo(ChronoUnit.MILLIS);
            Duration end = (i + 1 < starts.size() ? starts.get(i + 1) : pcm.duration()).truncatedTo(ChronoUnit.MILLIS);
            // cleaned as the tag stores it, so show.json and the tag give the same titles
            String title = Id3Tags.clean(ch.title(), Id3Tags.MAX_TITLE_CHARS);
            title = title.isEmpty() ? "Chapter " + (i + 1) : title;
            marks.add(new ShowAudio.ChapterMark(title, ch.paper(), start, end));
        }
        return new Voiced(pcm, marks, lines);
    }

    private Id3Tags.Tag tag(ShowScript script, List<ShowAudio.ChapterMark> marks) {
        String title = script.title() == null || script.title().isBlank() ? script.id() : script.title();
        String album = stationName + " " + script.kind().label();
        String comment = title + ". Chapters: "
                + String.join("; ", marks.stream().map(ShowAudio.ChapterMark::title).toList()) + ".";
        return new Id3Tags.Tag(title, stationName, album, script.airsAt(), GENRE, comment,
                marks.stream().map(Id3Tags.ChapterEntry::of).toList());
    }

    private void writeMp3(Path temp, Id3Tags.Tag tag, Pcm show) throws IOException {
        try (Mp3Encoder enc = new Mp3Encoder(show.sampleRate(), audio.mp3Bitrate());
             OutputStream os = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16)) {
            Id3Tags.write(os, tag);
            int block = show.sampleRate(); // a second at a time keeps the encoder's buffers small
            short[] s = show.samples();
            for (int off = 0; off < s.length; off += block) {
                os.write(enc.encode(s, off, Math.min(block, s.length - off)));
            }
            os.write(enc.finish());
        }
    }

    private static void checkFolder(Path folder) {
        if (folder == null || !Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException("show folder must be an existing directory (not a link): " + folder);
        }
    }
}
