package org.paperradio.stream.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperradio.core.config.ConfigLoader;
import org.paperradio.core.config.StationConfig;
import org.paperradio.core.library.MiniLmEmbedder;
import org.paperradio.core.library.PaperLibrary;
import org.paperradio.core.paper.PaperMeta;
import org.paperradio.core.paper.Show;
import org.paperradio.core.paper.Stage;
import org.paperradio.core.show.ShowPlanner;
import org.paperradio.core.show.ShowWriter;
import org.paperradio.core.store.Json;
import org.paperradio.core.store.PaperFiles;
import org.paperradio.core.store.PaperStore;
import org.paperradio.core.summary.PaperSummary;
import org.paperradio.core.testing.Await;
import org.paperradio.core.testing.MutableClock;
import org.paperradio.core.testing.TestMeta;
import org.paperradio.stream.playout.AudioOutput;
import org.paperradio.stream.playout.Ident;
import org.paperradio.stream.playout.Interval;
import org.paperradio.stream.playout.PlayoutClock;
import org.paperradio.stream.playout.ReadyQueue;
import org.paperradio.stream.playout.Segment;
import org.paperradio.stream.playout.ShowSegment;
import org.paperradio.tts.audio.Id3Tags;
import org.paperradio.tts.show.ShowVoicer;
import org.paperradio.tts.voice.Voices;

/**
 * The schedule with a clock the test moves: the daily and weekly shows are produced ahead of
 * their slots, announced, and aired at the first segment boundary after their slot, each kept as
 * one mp3 whose ID3 chapter marks (read back by ffprobe and by our reader) name its papers.
 */
class ShowScheduleTest {

    /** Monday 2026-11-23, 17:30 UTC. */
    private static final Instant START = Instant.parse("2026-11-23T17:30:00Z");

    @TempDir
    static Path dir;

    private static StationConfig config;
    private static Voices voices;
    private static PaperStore store;
    private static PaperLibrary library;
    private static final MutableClock clock = new MutableClock(START);

    @BeforeAll
    static void setUp() throws Exception {
        config = new ConfigLoader().parse("""
                station: {name: Test Radio}
                schedule:
                  timezone: UTC
                  shows:
                    - {show: daily, cron: "0 18 * * *"}
                    - {show: weekly, cron: "30 18 * * MON"}
                  prepareAhead: 40m
                  announceAhead: 10m
                  dailyMinutes: 2.5
                  weeklyMinutes: 4
                """, "test");
        voices = Voices.mary(config.hosts());
        store = new PaperStore(dir.resolve("data"), clock);
        library = PaperLibrary.open(dir.resolve("index"), new MiniLmEmbedder());
        paper("2511.00001v1", "Protein folding with diffusion", "We fold proteins with a diffusion model.", 9, Stage.AIRED);
        paper("2511.00002v1", "Faster protein structure sampling", "Protein structures are sampled faster.", 7,
                Stage.AIRED);
        paper("2511.00003v1", "Speech recognition on small devices", "A tiny speech recogniser for phones.", 6,
                Stage.AIRED);
        paper("2511.00004v1", "Yet another benchmark", "A benchmark of benchmarks.", 2, Stage.PASSED_OVER);
        library.commit();
    }

    @AfterAll
    static void tearDown() throws IOException {
        library.close();
    }

    private static void paper(String id, String title, String abstractText, int interest, Stage stage) throws IOException {
        PaperMeta meta = TestMeta.paper(id, "cs.LG", 20, title, abstractText);
        store.add(meta);
        store.writeJson(meta.id(), PaperFiles.SUMMARY, new PaperSummary(meta.id(), abstractText, "", "", "",
                List.of(), "", "", interest, "", null, new PaperSummary.Provenance("extractive", "", Map.of()), false,
                START.minus(Duration.ofHours(5))));
        store.advance(meta.id(), stage);
        library.add(meta, abstractText + " " + title);
    }

    /** Records what started on air, with the (test) time it started. */
    private record Started(Segment.Kind kind, String title, Instant at) {
    }

    private static final class Recorder implements AudioOutput {
        final List<Started> started = new CopyOnWriteArrayList<>();

        @Override
        public void segmentStarted(Segment segment) {
            started.add(new Started(segment.kind(), segment.title(), clock.instant()));
        }

        @Override
        public void write(short[] pcm, int offset, int length) {
        }

        @Override
        public void close() {
        }

        boolean has(Segment.Kind kind) {
            return started.stream().anyMatch(s -> s.kind() == kind);
        }

        List<Started> of(Segment.Kind kind) {
            return started.stream().filter(s -> s.kind() == kind).toList();
        }
    }

    private ShowScheduler scheduler() throws IOException {
        ShowProducer producer = new ShowProducer(new ShowPlanner(store, library, ZoneOffset.UTC),
                new ShowWriter(Optional.empty(), null, config), new ShowVoicer(voices, config.audio(), "Test Radio"),
                voices, config, store.root().resolve("shows"));
        return new ShowScheduler(config.schedule(), producer, clock);
    }

    private PlayoutClock playout(ShowScheduler scheduler, Recorder recorder) {
        int rate = config.audio().sampleRate();
        return new PlayoutClock(store, new ReadyQueue(store, Duration.ofMinutes(1)), config.playout(), config.audio(),
                config.hosts(), Ident.chime("Test Radio", rate), Interval.chimes(rate), List.of(recorder), scheduler,
                clock);
    }

    @Test
    void dailyAndWeeklyShowsAreProducedAnnouncedAndAiredAtTheirSlots() throws Exception {
        ShowScheduler scheduler = scheduler();
        Recorder air = new Recorder();
        PlayoutClock playout = playout(scheduler, air);
        playout.start();
        try {
            // 17:30: the daily slot (18:00) is within prepareAhead, the weekly one (18:30) is not yet
            scheduler.tick();
            Path daily = store.root().resolve("shows/daily-2026-11-23");
            Path weekly = store.root().resolve("shows/weekly-2026-W48");
            assertThat(daily.resolve("show.json")).exists();
            assertThat(weekly).doesNotExist();
            Thread.sleep(1_500);
            assertThat(air.has(Segment.Kind.ANNOUNCEMENT)).isFalse();
            assertThat(air.has(Segment.Kind.SHOW)).isFalse();

            // 17:52: within announceAhead, the show is announced at the next boundary, once
            clock.set(Instant.parse("2026-11-23T17:52:00Z"));
            Await.until("the daily show announced", Duration.ofSeconds(30), () -> air.has(Segment.Kind.ANNOUNCEMENT));
            Thread.sleep(3_000);
            assertThat(air.of(Segment.Kind.ANNOUNCEMENT)).hasSize(1);
            assertThat(air.has(Segment.Kind.SHOW)).isFalse();

            // 18:00: the slot; the show pre-empts what runs at the next segment boundary
            clock.set(Instant.parse("2026-11-23T18:00:00Z"));
            Await.until("the daily show on air", Duration.ofSeconds(30), () -> air.has(Segment.Kind.SHOW));
            Started dailyOnAir = air.of(Segment.Kind.SHOW).get(0);
            assertThat(dailyOnAir.title()).isEqualTo("Test Radio daily: Monday, November 23");
            assertThat(dailyOnAir.at()).isAfterOrEqualTo(Instant.parse("2026-11-23T18:00:00Z"));
            assertThat(playout.nowPlaying().kind()).isEqualTo(Segment.Kind.SHOW);

            // 18:05: the weekly show is produced; announced at 18:21; airs at 18:30 (after the daily, which
            // this test cuts short by moving the clock: the daily's remaining minute would only cost time)
            clock.set(Instant.parse("2026-11-23T18:05:00Z"));
            scheduler.tick();
            assertThat(weekly.resolve("show.json")).exists();
        } finally {
            playout.stop();
        }
        Recorder air2 = new Recorder();
        PlayoutClock again = playout(scheduler, air2);
        again.start();
        try {
            clock.set(Instant.parse("2026-11-23T18:21:00Z"));
            Await.until("the weekly show announced", Duration.ofSeconds(30), () -> air2.has(Segment.Kind.ANNOUNCEMENT));
            assertThat(air2.of(Segment.Kind.ANNOUNCEMENT).get(0).title()).contains("Coming up at 6:30 PM")
                    .contains("the weekly show");
            clock.set(Instant.parse("2026-11-23T18:30:00Z"));
            Await.until("the weekly show on air", Duration.ofSeconds(30), () -> air2.has(Segment.Kind.SHOW));
            assertThat(air2.of(Segment.Kind.SHOW).get(0).title()).startsWith("Test Radio weekly: the week to");
        } finally {
            again.stop();
        }

        // each show is one mp3 with a chapter per paper: as ffprobe reads it, and as our reader does
        for (String id : List.of("daily-2026-11-23", "weekly-2026-W48")) {
            Path mp3 = store.root().resolve("shows").resolve(id).resolve("show.mp3");
            JsonNode probe = ffprobeChapters(mp3);
            List<String> titles = probe.findValuesAsText("title");
            // best rated first; the daily (2.5 minutes) has room for two papers, the weekly (4) for three
            boolean daily = id.startsWith("daily");
            assertThat(titles.subList(0, 3)).containsExactly("Welcome", "Protein folding with diffusion",
                    "Faster protein structure sampling");
            assertThat(titles.contains("Speech recognition on small devices")).isEqualTo(!daily);
            assertThat(titles.subList(titles.size() - 2, titles.size())).containsExactly("Also new", "Goodbye");
            // the papers without a chapter are named in the round-up
            String script = Files.readString(store.root().resolve("shows").resolve(id).resolve("script.json"));
            assertThat(script).contains("Yet another benchmark");
            List<Id3Tags.ChapterEntry> chapters = Id3Tags.readChapters(mp3);
            assertThat(chapters).extracting(Id3Tags.ChapterEntry::title).containsExactlyElementsOf(titles);
            assertThat(chapters).filteredOn(c -> c.paper().isPresent()).hasSize(daily ? 2 : 3);
            double ffStart = probe.path("chapters").get(1).path("start_time").asDouble();
            assertThat(ffStart).isCloseTo(chapters.get(1).start().toMillis() / 1000.0, org.assertj.core.data.Offset.offset(0.05));
        }
    }

    @Test
    void anAiredShowIsNotAiredAgainAfterARestartButACutOneIs() throws Exception {
        clock.set(Instant.parse("2026-11-24T17:45:00Z"));
        ShowScheduler first = scheduler();
        first.tick();
        Path folder = store.root().resolve("shows/daily-2026-11-24");
        assertThat(folder.resolve("show.json")).exists();
        clock.set(Instant.parse("2026-11-24T18:01:00Z"));
        Segment due = first.due(clock.instant());
        assertThat(due).isInstanceOf(ShowSegment.class);

        // cut by a restart before it ended: a new scheduler finds it and airs it
        ShowScheduler restarted = scheduler();
        assertThat(restarted.due(clock.instant())).isInstanceOf(ShowSegment.class);

        // aired to its end: marked, and never handed out again, nor made again
        restarted.aired(due);
        assertThat(folder.resolve(ShowScheduler.AIRED_MARK)).exists();
        ShowScheduler later = scheduler();
        later.tick();
        assertThat(later.due(clock.instant())).isNull();
        assertThat(Show.Kind.DAILY.label()).isEqualTo("daily");
    }

    private static JsonNode ffprobeChapters(Path mp3) throws Exception {
        Process p = new ProcessBuilder("ffprobe", "-v", "error", "-show_chapters", "-of", "json", mp3.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return Json.mapper().readTree(out);
    }
}
