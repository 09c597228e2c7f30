package org.paperradio.stream.playout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.paperradio.stream.playout.AirFixtures.RATE;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperradio.core.config.StationConfig;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.PaperRecord;
import org.paperradio.core.paper.Stage;
import org.paperradio.core.store.AppendLog;
import org.paperradio.core.store.PaperStore;

class PlayoutClockTest {

    @TempDir
    Path data;

    private PaperStore store;
    private ReadyQueue ready;
    private PlayoutClock clock;
    private final RecordingOutput out = new RecordingOutput();
    private final List<StationConfig.Host> hosts = List.of(
            new StationConfig.Host("ada", "Ada", null, null), new StationConfig.Host("ben", "Ben", null, null));

    @BeforeEach
    void setUp() throws Exception {
        store = new PaperStore(data, Clock.systemUTC());
        ready = new ReadyQueue(store, Duration.ofMinutes(10));
    }

    @AfterEach
    void tearDown() {
        if (clock != null) {
            clock.stop();
        }
    }

    private PlayoutClock newClock(Duration identEvery) {
        return new PlayoutClock(store, ready, new StationConfig.Playout(Duration.ofMinutes(10), 5, identEvery),
                new StationConfig.Audio(RATE, 96), hosts, new Ident("Test Radio", AirFixtures.pcm(0.5, 880)),
                new Interval("Interval", AirFixtures.pcm(1.0, 660)), List.of(out), Clock.systemUTC());
    }

    @Test
    void airsAPaperAtRealTimePaceThenMarksItAiredAndRerunsIt() throws Exception {
        PaperRecord rec = AirFixtures.voicedPaper(store, "2501.00001v1", "Attention Is Most of What You Need", 2.0, 440);
        ready.accept(rec);
        clock = newClock(Duration.ofMinutes(15));
        clock.start();

        // while the paper is on air, now-playing names it and the host speaking
        await(() -> "2501.00001v1".equals(clock.nowPlaying().paperId()) && clock.nowPlaying().speaker() != null,
                Duration.ofSeconds(5));
        NowPlaying now = clock.nowPlaying();
        assertThat(now.kind()).isEqualTo(Segment.Kind.PAPER);
        assertThat(now.title()).isEqualTo("Attention Is Most of What You Need");
        assertThat(now.authors()).containsExactly("Ada Lovelace", "Alan Turing");
        assertThat(now.absUrl()).hasToString("https://arxiv.org/abs/2501.00001v1");
        assertThat(now.speaker()).isIn("Ada", "Ben");
        assertThat(now.length()).isEqualTo(Duration.ofSeconds(2));

        // ident, paper, then (queue dry) ident again, then a rerun of the paper
        out.awaitStarts(4, Duration.ofSeconds(10));
        List<RecordingOutput.Start> s = out.starts;
        assertThat(s.get(0).segment()).isInstanceOf(Ident.class);
        assertThat(s.get(1).segment()).isInstanceOf(PaperSegment.class);
        assertThat(s.get(2).segment()).isInstanceOf(Ident.class);
        assertThat(s.get(3).segment()).isInstanceOfSatisfying(Rerun.class,
                r -> assertThat(r.original().id()).isEqualTo(rec.id()));

        // two seconds of audio took two seconds of wall time, and every sample of it went out
        long paperSamples = s.get(2).atSample() - s.get(1).atSample();
        assertThat(paperSamples).isEqualTo(2L * RATE);
        double wall = (s.get(2).atNanos() - s.get(1).atNanos()) / 1e9;
        assertThat(wall).isBetween(1.75, 2.3);

        await(() -> stage(rec.id()) == Stage.AIRED, Duration.ofSeconds(5));
        List<AppendLog.Entry> log = new AppendLog(data.resolve("aired.log"), Clock.systemUTC()).read();
        assertThat(log).extracting(AppendLog.Entry::subject).startsWith("ident", "2501.00001v1", "ident");
        assertThat(log.get(1).event()).isEqualTo("aired");
        assertThat(log.get(1).detail()).isEqualTo("paper Attention Is Most of What You Need");
    }

    @Test
    void anEmptyStationAirsIdentAndIntervalWithoutAGap() throws Exception {
        clock = newClock(Duration.ofSeconds(2));
        long startedAt = System.nanoTime();
        clock.start();
        out.awaitStarts(5, Duration.ofSeconds(10));
        long now = System.nanoTime();
        long samples = out.samples.get();

        assertThat(out.starts).extracting(st -> st.segment().kind()).startsWith(
                Segment.Kind.IDENT, Segment.Kind.INTERVAL, Segment.Kind.INTERVAL, Segment.Kind.IDENT,
                Segment.Kind.INTERVAL);
        // segments follow each other sample for sample: 0.5 s ident, 1 s intervals
        assertThat(out.starts.get(1).atSample()).isEqualTo(RATE / 2);
        assertThat(out.starts.get(4).atSample()).isEqualTo(3L * RATE);
        // and the air keeps pace with the wall clock, a fixed lead ahead
        double airSeconds = (double) samples / RATE;
        double wallSeconds = (now - out.firstWriteNanos.get()) / 1e9 + PlayoutClock.LEAD.toMillis() / 1000.0;
        assertThat(airSeconds).isCloseTo(wallSeconds, org.assertj.core.data.Offset.offset(0.3));
        assertThat(out.firstWriteNanos.get() - startedAt).isLessThan(Duration.ofSeconds(1).toNanos());
        assertThat(out.energy.get()).isPositive();
        assertThat(clock.nowPlaying().kind()).isIn(Segment.Kind.INTERVAL, Segment.Kind.IDENT);
        assertThat(clock.nowPlaying().paperId()).isNull();
    }

    @Test
    void aBrokenSegmentIsSkippedAndTheAirGoesOn() throws Exception {
        PaperRecord broken = AirFixtures.voicedPaper(store, "2501.00002v1", "Broken", 1.0, 440);
        Files.write(store.file(broken.id(), PaperSegment.WAV), "this is not a wav file".getBytes());
        PaperRecord good = AirFixtures.voicedPaper(store, "2501.00003v1", "Good", 1.0, 440);
        ready.accept(broken);
        ready.accept(good);
        clock = newClock(Duration.ofMinutes(15));
        clock.start();

        await(() -> stage(good.id()) == Stage.AIRED, Duration.ofSeconds(8));
        assertThat(stage(broken.id())).isEqualTo(Stage.VOICED);
        assertThat(clock.isRunning()).isTrue();
        assertThat(out.starts).extracting(st -> st.segment().title()).doesNotContain("Broken").contains("Good");
        // the air had no hole where the broken segment would have been
        assertThat(out.starts.get(1).atSample()).isEqualTo(RATE / 2);
    }

    @Test
    void aWavAtAnotherSampleRateIsConvertedToTheAirRate() throws Exception {
        PaperRecord rec = AirFixtures.voicedPaper(store, "2501.00006v1", "Recorded at 22 kHz", 1.0, 440);
        short[] half = new short[22050];
        for (int i = 0; i < half.length; i++) {
            half[i] = (short) (8000 * Math.sin(2 * Math.PI * 440 * i / 22050.0));
        }
        AirFixtures.writeWav(store.file(rec.id(), PaperSegment.WAV), half, 22050);
        ready.accept(rec);
        clock = newClock(Duration.ofMinutes(15));
        clock.start();

        out.awaitStarts(3, Duration.ofSeconds(5));
        assertThat(out.starts.get(1).segment().title()).isEqualTo("Recorded at 22 kHz");
        long samples = out.starts.get(2).atSample() - out.starts.get(1).atSample();
        assertThat((double) samples / RATE).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void reRunsComeFromPapersAiredBeforeTheStart() throws Exception {
        PaperRecord old = AirFixtures.voicedPaper(store, "2501.00004v1", "Aired Yesterday", 1.0, 440);
        store.advance(old.id(), Stage.AIRED);
        PaperRecord gone = AirFixtures.voicedPaper(store, "2501.00005v1", "Audio Deleted", 1.0, 440);
        store.advance(gone.id(), Stage.AIRED);
        Files.delete(store.file(gone.id(), PaperSegment.WAV));
        clock = newClock(Duration.ofMinutes(15));
        clock.start();

        out.awaitStarts(2, Duration.ofSeconds(5));
        assertThat(out.starts.get(1).segment()).isInstanceOfSatisfying(Rerun.class,
                r -> assertThat(r.title()).isEqualTo("Aired Yesterday"));
        assertThat(clock.rerunPool()).extracting(PaperSegment::id).containsExactly(old.id());
    }

    @Test
    void stopEndsTheClockPromptly() throws Exception {
        clock = newClock(Duration.ofMinutes(15));
        clock.start();
        out.awaitStarts(1, Duration.ofSeconds(5));
        long t = System.nanoTime();
        clock.stop();
        assertThat(System.nanoTime() - t).isLessThan(Duration.ofSeconds(2).toNanos());
        assertThat(clock.isRunning()).isFalse();
        long after = out.samples.get();
        Thread.sleep(300);
        assertThat(out.samples.get()).isEqualTo(after);
    }

    private Stage stage(ArxivId id) {
        try {
            return store.load(id).stage();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    static void await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout);
            }
            Thread.sleep(10);
        }
    }
}
