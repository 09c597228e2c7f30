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
import org.paperradio.tts.sound.Mastering;
import org.paperradio.tts.sound.MusicBed;
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
 *
 * <p>The show sounds like the station: lines are levelled by the {@link ScriptVoicer}, no gap
 * (a chapter's trailing pause and the chapter gap together) is longer than the station's
 * maxSilence allows, the {@link MusicBed} plays under the first chapter (the welcome) and the
 * last (the goodbye), with a lead-in before the first word that belongs to the first chapter,
 * and the whole show is mastered ({@link Mastering}) before the files are written.
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
    private static final StationConfig.Sound DEFAULT_SOUND = new StationConfig.Sound(null, null, null, null, null, null, null);

    private final Voices voices;
    private final StationConfig.Audio audio;
    private final String stationName;
    private final SpeechNormalizer normalizer;
    private final StationConfig.Sound sound;
    private final MusicBed bed;
    private final Mastering mastering;
    private final ObjectMapper json = Json.mapper();

    /** With the default sound (-16 LUFS, -1 dBTP, the synthesised bed). */
    public ShowVoicer(Voices voices, StationConfig.Audio audio, String stationName) {
        this(voices, audio, stationName, new SpeechNormalizer());
    }

    /** With the default sound (-16 LUFS, -1 dBTP, the synthesised bed). */
    public ShowVoicer(Voices voices, StationConfig.Audio audio, String stationName, SpeechNormalizer normalizer) {
        this(voices, audio, stationName, normalizer, DEFAULT_SOUND, MusicBed.synth(DEFAULT_SOUND, audio.sampleRate()));
    }

    /**
     * @param sound the station's sound settings
     * @param bed   the music bed at the station rate ({@link MusicBed#load}; {@link MusicBed#none} for none)
     */
    public ShowVoicer(Voices voices, StationConfig.Audio audio, String stationName, SpeechNormalizer normalizer,
                      StationConfig.Sound sound, MusicBed bed) {
        this.voices = Objects.requireNonNull(voices, "voices");
        this.audio = Objects.requireNonNull(audio, "audio");
        this.stationName = Objects.requireNonNull(stationName, "stationName");
        this.normalizer = Objects.requireNonNull(normalizer, "normalizer");
        this.sound = Objects.requireNonNull(sound, "sound");
        this.bed = Objects.requireNonNull(bed, "bed");
        if (bed.sampleRate() != audio.sampleRate()) {
            throw new IllegalArgumentException("music bed is at " + bed.sampleRate() + " Hz, the station at "
                    + audio.sampleRate());
        }
        this.mastering = new Mastering(sound);
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
        ScriptVoicer voicer = new ScriptVoicer(voices, audio.sampleRate(), normalizer, sound);
        Duration maxGap = ScriptVoicer.maxGap(sound);
        PcmBuilder out = new PcmBuilder(audio.sampleRate());
        List<LineTiming> lines = new ArrayList<>();
        List<Chapter> chapters = script.chapters();
        if (chapters.size() > MAX_CHAPTERS) {
            log.warn("show={} has {} chapters, only the first {} are voiced", script.id(), chapters.size(), MAX_CHAPTERS);
            chapters = chapters.subList(0, MAX_CHAPTERS);
        }
        // every paper's title is stressed wherever it is said (the show's opening lists them all)
        List<String> titles = chapters.stream().filter(ch -> ch.paper() != null).map(Chapter::title).toList();
        List<Chapter> voicedChapters = new ArrayList<>();
        List<Duration> starts = new ArrayList<>();
        List<LineTiming[]> spans = new ArrayList<>(); // first and last line of each voiced chapter
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
            ScriptVoicer.Voiced v = voicer.voice("show=" + script.id() + " chapter=" + c, chapter.lines(), left, titles);
            spoken += v.spoken();
            failed += v.failed();
            firstFailure = firstFailure == null ? v.firstFailure() : firstFailure;
            if (v.isEmpty()) {
                log.warn("show={} chapter {} ('{}') has no voiced line, left out", script.id(), c, chapter.title());
            } else {
                if (out.length() > 0) {
                    // the previous chapter may end on a pause: together with the gap, no longer than maxGap
                    Duration trailing = out.duration().minus(lines.get(lines.size() - 1).end());
                    Duration gap = maxGap.minus(trailing);
                    out.appendSilence(gap.compareTo(CHAPTER_GAP) > 0 ? CHAPTER_GAP : gap);
                }
                Duration offset = out.duration();
                starts.add(offset);
                voicedChapters.add(chapter);
                out.append(v.audio());
                int before = lines.size();
                for (LineTiming t : v.lines()) {
                    lines.add(new LineTiming(lineBase + t.line(), t.speaker(), t.text(), offset.plus(t.start()),
                            offset.plus(t.end())));
                }
                spans.add(new LineTiming[] {lines.get(before), lines.get(lines.size() - 1)});
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
        MusicBed.Bedded bedded = bed.mix(out.build(), cues(spans, lines));
        Pcm pcm = mastering.master(bedded.audio());
        Duration lead = bedded.offset();
        lines = MusicBed.shifted(lines, lead);
        List<ShowAudio.ChapterMark> marks = new ArrayList<>();
        for (int i = 0; i < voicedChapters.size(); i++) {
            Chapter ch = voicedChapters.get(i);
            // whole milliseconds: what the ID3 tag can hold, so show.json and the tag agree exactly
            Duration start = i == 0 ? Duration.ZERO : starts.get(i).plus(lead).truncatedTo(ChronoUnit.MILLIS);
            Duration end = (i + 1 < starts.size() ? starts.get(i + 1).plus(lead) : pcm.duration())
                    .truncatedTo(ChronoUnit.MILLIS);
            // cleaned as the tag stores it, so show.json and the tag give the same titles
            String title = Id3Tags.clean(ch.title(), Id3Tags.MAX_TITLE_CHARS);
            title = title.isEmpty() ? "Chapter " + (i + 1) : title;
            marks.add(new ShowAudio.ChapterMark(title, ch.paper(), start, end));
        }
        return new Voiced(pcm, marks, lines);
    }

    /** The bed under the first chapter (the welcome) and the last (the goodbye); one chapter: its first and last line. */
    private static List<MusicBed.Cue> cues(List<LineTiming[]> spans, List<LineTiming> lines) {
        if (spans.size() < 2) {
            return MusicBed.introAndOutro(lines);
        }
        LineTiming[] first = spans.get(0);
        LineTiming[] second = spans.get(1);
        LineTiming[] beforeLast = spans.get(spans.size() - 2);
        LineTiming[] last = spans.get(spans.size() - 1);
        return List.of(MusicBed.Cue.intro(first[0].start(), first[1].end(), second[0].start()),
                MusicBed.Cue.outro(beforeLast[1].end(), last[0].start(), last[1].end()));
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
