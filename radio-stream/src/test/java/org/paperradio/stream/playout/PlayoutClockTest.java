package org.paperradio.stream.playout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.paperradio.stream.playout.AirFixtures.RATE;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperradio.core.config.StationConfig;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.PaperRecord;
import org.paperradio.core.paper.Stage;
import org.paperradio.core.store.AppendLog;
import org.paperradio.core.store.PaperFiles;
import org.paperradio.core.store.PaperStore;
import org.paperradio.core.testing.Await;

class PlayoutClockTest {

    @TempDir
    Path data;

    private PaperStore store;
    private ReadyQueue ready;
    private PlayoutClock clock;
    private final RecordingOutput out = new RecordingOutput();
    private final List<StationConfig.Host> hosts = List.of(
            new StationConfig.Host("ada", "Ada", null, null, null), new StationConfig.Host("ben", "Ben", null, null, null));

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
        return newClock(identEvery, List.of(out));
    }

    private PlayoutClock newClock(Duration identEvery, List<AudioOutput> outputs) {
        return new PlayoutClock(store, ready, new StationConfig.Playout(Duration.ofMinutes(10), 5, identEvery),
                new StationConfig.Audio(RATE, 96), hosts, new Ident("Test Radio", AirFixtures.pcm(0.5, 880)),
                new Interval("Interval", AirFixtures.pcm(1.0, 660)), outputs, Clock.systemUTC());
    }

    private void awaitStarts(int n, Duration timeout) throws InterruptedException {
        Await.until(n + " segments started", timeout, () -> out.starts.size() >= n);
    }

    /**
     * The clock may run ahead of real time by its lead and one block, never more, however loaded
     * the machine: {@code samples} pushed by {@code atNanos} against a clock started at {@code startNanos}.
     */
    private static void assertNotAheadOfRealTime(long samples, long atNanos, long startNanos) {
        double air = (double) samples / RATE;
        double wall = (atNanos - startNanos) / 1e9;
        assertThat(wall).as("wall seconds for %.2f s of air", air)
                .isGreaterThanOrEqualTo(air - PlayoutClock.LEAD.toMillis() / 1000.0 - 0.1 - 0.02);
    }

    @Test
    void airsAPaperAtRealTimePaceThenMarksItAiredAndRerunsIt() throws Exception {
        PaperRecord rec = AirFixtures.voicedPaper(store, "2501.00001v1", "Attention Is Most of What You Need", 2.0, 440);
        ready.accept(rec);
        clock = newClock(Duration.ofMinutes(15));
        long startedAt = System.nanoTime();
        clock.start();

        // while the paper is on air, now-playing names it and the host speaking
        Await.until("the paper on air with a speaker", Duration.ofSeconds(10),
                () -> "2501.00001v1".equals(clock.nowPlaying().paperId()) && clock.nowPlaying().speaker() != null);
        NowPlaying now = clock.nowPlaying();
        assertThat(now.kind()).isEqualTo(Segment.Kind.PAPER);
        assertThat(now.title()).isEqualTo("Attention Is Most of What You Need");
        assertThat(now.authors()).containsExactly("Ada Lovelace", "Alan Turing");
        assertThat(now.absUrl()).hasToString("https://arxiv.org/abs/2501.00001v1");
        assertThat(now.speaker()).isIn("Ada", "Ben");
        assertThat(now.length()).isEqualTo(Duration.ofSeconds(2));

        // ident, paper, then (queue dry) ident again, then a rerun of the paper
        awaitStarts(4, Duration.ofSeconds(20));
        List<RecordingOutput.Start> s = out.starts;
        assertThat(s.get(0).segment()).isInstanceOf(Ident.class);
        assertThat(s.get(1).segment()).isInstanceOf(PaperSegment.class);
        assertThat(s.get(2).segment()).isInstanceOf(Ident.class);
        assertThat(s.get(3).segment()).isInstanceOfSatisfying(Rerun.class,
                r -> assertThat(r.original().id()).isEqualTo(rec.id()));

        // every sample of the paper went out, no faster than real time
        long paperSamples = s.get(2).atSample() - s.get(1).atSample();
        assertThat(paperSamples).isEqualTo(2L * RATE);
        assertNotAheadOfRealTime(s.get(2).atSample(), s.get(2).atNanos(), startedAt);

        Await.until("the paper marked AIRED", Duration.ofSeconds(10), () -> stage(rec.id()) == Stage.AIRED);
        List<AppendLog.Entry> log = new AppendLog(data.resolve("aired.log"), Clock.systemUTC()).read();
        assertThat(log).extracting(AppendLog.Entry::subject).startsWith("ident", "2501.00001v1", "ident");
        assertThat(log.get(1).event()).isEqualTo("aired");
        assertThat(log.get(1).detail()).isEqualTo("paper Attention Is Most of What You Need");
    }

    @Test
    void skipEndsWhatIsOnAirAndTheNextItemFollowsAtOnce() throws Exception {
        // a long interval signal (60 s): without the skip the second item would start a minute later
        clock = new PlayoutClock(store, ready, new StationConfig.Playout(Duration.ofMinutes(10), 5, Duration.ofHours(1)),
                new StationConfig.Audio(RATE, 96), hosts, new Ident("Test Radio", AirFixtures.pcm(0.5, 880)),
                new Interval("Interval", AirFixtures.pcm(60.0, 660)), List.of(out), Clock.systemUTC());
        clock.start();
        awaitStarts(2, Duration.ofSeconds(10));
        assertThat(out.starts.get(1).segment().kind()).isEqualTo(Segment.Kind.INTERVAL);
        Thread.sleep(500);
        clock.skip();
        awaitStarts(3, Duration.ofSeconds(5));
        long intervalSamples = out.starts.get(2).atSample() - out.starts.get(1).atSample();
        assertThat(intervalSamples).as("the interval was cut short").isLessThan(5L * RATE);
        // one skip ends one item only
        Thread.sleep(1_000);
        assertThat(out.starts).hasSize(3);
    }

    @Test
    void aStingGoesBetweenProgrammeItemsAndEveryJoinFadesSoNoneClicks() throws Exception {
        // tones that start and end at full swing: without fades every join would jump
        ready.accept(AirFixtures.voicedPaper(store, "2501.00001v1", "One", 1.0, 440));
        ready.accept(AirFixtures.voicedPaper(store, "2501.00002v1", "Two", 1.0, 550));
        RecordingOutput air = new RecordingOutput(true);
        Duration fade = Duration.ofMillis(20);
        clock = new PlayoutClock(store, ready, new StationConfig.Playout(Duration.ofMinutes(10), 5, Duration.ofHours(1)),
                new StationConfig.Audio(RATE, 96), hosts, new Ident("Test Radio", AirFixtures.pcm(0.5, 880)),
                new Interval("Interval", AirFixtures.pcm(1.0, 660)), List.of(air), Scheduled.NONE,
                new Transitions(AirFixtures.pcm(0.4, 1200), fade), Clock.systemUTC());
        clock.start();
        Await.until("ident, two papers, then the next item", Duration.ofSeconds(15), () -> air.starts.size() >= 4);
        clock.skip(); // cut the fourth item short: it fades out too
        Await.until("the item after the skipped one", Duration.ofSeconds(5), () -> air.starts.size() >= 5);
        Thread.sleep(300);
        clock.stop();

        List<RecordingOutput.Start> s = air.starts;
        assertThat(s.get(1).segment()).isInstanceOf(PaperSegment.class);
        assertThat(s.get(2).segment()).isInstanceOf(PaperSegment.class);
        assertThat(s.get(1).atSample() - s.get(0).atSample()).as("no sting after a jingle").isEqualTo(RATE / 2);
        assertThat(s.get(2).atSample() - s.get(1).atSample()).as("paper, then the 0.4 s sting")
                .isEqualTo(RATE + 4L * RATE / 10);

        short[] audio = air.audio();
        double peak = 0;
        for (short v : audio) {
            peak = Math.max(peak, Math.abs(v));
        }
        // a 1200 Hz tone moves at most 2*pi*1200/RATE of its peak per sample; a join must not jump more
        double maxStep = 2 * Math.PI * 1200 / RATE * peak * 1.05;
        long skippedAt = s.get(3).atSample();
        for (int i = 1; i < Math.min(audio.length, (int) skippedAt + RATE); i++) {
            assertThat((double) Math.abs(audio[i] - audio[i - 1])).as("step at sample %d", i).isLessThanOrEqualTo(maxStep);
        }
        int fadeSamples = (int) (RATE * fade.toMillis() / 1000);
        for (RecordingOutput.Start start : s.subList(1, 4)) {
            int at = (int) start.atSample();
            assertThat(audio[at]).as("an item starts from silence").isZero();
            assertThat(audio[at - 1]).as("and the one before ended in it").isZero();
            assertThat(maxAbs(audio, at + 2 * fadeSamples, at + 3 * fadeSamples)).as("then plays at full level")
                    .isGreaterThan(0.8 * peak);
        }
        // the skipped item stopped within its fade and without a click
        int cut = (int) s.get(4).atSample();
        assertThat(audio[cut - 1]).isZero();
    }

    private static double maxAbs(short[] a, int from, int to) {
        double m = 0;
        for (int i = from; i < to && i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i]));
        }
        return m;
    }

    @Test
    void anEmptyStationAirsIdentAndIntervalWithoutAGap() throws Exception {
        clock = newClock(Duration.ofSeconds(2));
        long startedAt = System.nanoTime();
        clock.start();
        awaitStarts(5, Duration.ofSeconds(20));
        long now = System.nanoTime();
        long samples = out.samples.get();

        assertThat(out.starts).extracting(st -> st.segment().kind()).startsWith(
                Segment.Kind.IDENT, Segment.Kind.INTERVAL, Segment.Kind.INTERVAL, Segment.Kind.IDENT,
                Segment.Kind.INTERVAL);
        // segments follow each other sample for sample: 0.5 s ident, 1 s intervals
        assertThat(out.starts.get(1).atSample()).isEqualTo(RATE / 2);
        assertThat(out.starts.get(4).atSample()).isEqualTo(3L * RATE);
        // the air keeps pace with the wall clock: never ahead by more than the lead, and behind
        // only by what a loaded machine may steal (the clock itself restarts its timeline at 2 s)
        for (RecordingOutput.Start st : out.starts) {
            assertNotAheadOfRealTime(st.atSample(), st.atNanos(), startedAt);
        }
        double airSeconds = (double) samples / RATE;
        double wallSeconds = (now - startedAt) / 1e9;
        assertThat(wallSeconds).isLessThan(airSeconds + 3.0);
        assertThat(out.firstWriteNanos.get() - startedAt).isLessThan(Duration.ofSeconds(5).toNanos());
        assertThat(out.energy.get()).isPositive();
        assertThat(clock.nowPlaying().kind()).isIn(Segment.Kind.INTERVAL, Segment.Kind.IDENT);
        assertThat(clock.nowPlaying().paperId()).isNull();
    }

    @Test
    void aBrokenSegmentIsSkippedAndTheAirGoesOn() throws Exception {
        PaperRecord broken = AirFixtures.voicedPaper(store, "2501.00002v1", "Broken", 1.0, 440);
        Files.write(store.file(broken.id(), PaperFiles.WAV), "this is not a wav file".getBytes());
        PaperRecord good = AirFixtures.voicedPaper(store, "2501.00003v1", "Good", 1.0, 440);
        ready.accept(broken);
        ready.accept(good);
        clock = newClock(Duration.ofMinutes(15));
        clock.start();

        Await.until("the good paper marked AIRED", Duration.ofSeconds(15), () -> stage(good.id()) == Stage.AIRED);
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
        AirFixtures.writeWav(store.file(rec.id(), PaperFiles.WAV), half, 22050);
        ready.accept(rec);
        clock = newClock(Duration.ofMinutes(15));
        clock.start();

        awaitStarts(3, Duration.ofSeconds(15));
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
        Files.delete(store.file(gone.id(), PaperFiles.WAV));
        clock = newClock(Duration.ofMinutes(15));
        clock.start();

        awaitStarts(2, Duration.ofSeconds(15));
        assertThat(out.starts.get(1).segment()).isInstanceOfSatisfying(Rerun.class,
                r -> assertThat(r.title()).isEqualTo("Aired Yesterday"));
        assertThat(clock.rerunPool()).extracting(PaperSegment::id).containsExactly(old.id());
    }

    @Test
    void stopEndsTheClockPromptly() throws Exception {
        clock = newClock(Duration.ofMinutes(15));
        clock.start();
        awaitStarts(1, Duration.ofSeconds(15));
        long t = System.nanoTime();
        clock.stop();
        assertThat(System.nanoTime() - t).isLessThan(Duration.ofSeconds(4).toNanos());
        assertThat(clock.isRunning()).isFalse();
        long after = out.samples.get();
        Thread.sleep(300);
        assertThat(out.samples.get()).isEqualTo(after);
    }

    @Test
    void anOutputThrowingErrorsNeitherStopsTheAirNorStarvesTheOtherOutputs() throws Exception {
        PaperRecord rec = AirFixtures.voicedPaper(store, "2501.00007v1", "Despite It All", 1.0, 440);
        ready.accept(rec);
        AtomicInteger thrown = new AtomicInteger();
        AudioOutput failing = new AudioOutput() {
            @Override
            public void segmentStarted(Segment segment) {
                thrown.incrementAndGet();
                throw new StackOverflowError("simulated");
            }

            @Override
            public void write(short[] pcm, int offset, int length) {
                thrown.incrementAndGet();
                throw new OutOfMemoryError("simulated");
            }

            @Override
            public void close() {
            }
        };
        clock = newClock(Duration.ofMinutes(15), List.of(failing, out));
        clock.start();

        Await.until("the paper marked AIRED", Duration.ofSeconds(15), () -> stage(rec.id()) == Stage.AIRED);
        awaitStarts(3, Duration.ofSeconds(15));
        assertThat(clock.isRunning()).isTrue();
        assertThat(thrown.get()).isGreaterThan(10);
        // the healthy output got every sample of the ident and the paper
        assertThat(out.starts).extracting(st -> st.segment().kind())
                .startsWith(Segment.Kind.IDENT, Segment.Kind.PAPER, Segment.Kind.IDENT);
        assertThat(out.starts.get(1).atSample()).isEqualTo(RATE / 2);
        assertThat(out.starts.get(2).atSample() - out.starts.get(1).atSample()).isEqualTo(RATE);
    }

    private Stage stage(ArxivId id) {
        try {
            return store.load(id).stage();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Time that runs only when the clock sleeps, plus jumps the test makes (a stalled clock thread). */
    private static final class SteppedPacer implements Pacer {
        private final java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong();
        private final java.util.concurrent.atomic.AtomicLong jump = new java.util.concurrent.atomic.AtomicLong();

        @Override
        public long nanoTime() {
            return now.addAndGet(jump.getAndSet(0));
        }

        @Override
        public void sleep(long nanos) throws InterruptedException {
            now.addAndGet(nanos);
            Thread.sleep(1); // let the test thread in
        }

        void stall(Duration d) {
            jump.addAndGet(d.toNanos());
        }
    }

    @Test
    void deadAirIsCountedWhenTheClockFallsBehindByMoreThanItsLead() throws Exception {
        SteppedPacer pacer = new SteppedPacer();
        clock = new PlayoutClock(store, ready, new StationConfig.Playout(Duration.ofMinutes(10), 5, Duration.ofHours(1)),
                new StationConfig.Audio(RATE, 96), hosts, new Ident("Test Radio", AirFixtures.pcm(0.5, 880)),
                new Interval("Interval", AirFixtures.pcm(1.0, 660)), List.of(out), Scheduled.NONE, Transitions.none(),
                Clock.systemUTC(), pacer);
        clock.start();
        awaitStarts(3, Duration.ofSeconds(10));
        PlayoutClock.AirStats calm = clock.stats();
        assertThat(calm.deadAir()).as("on time: no dead air").isZero();
        assertThat(calm.aired()).containsEntry("ident", 1L).containsKey("interval");

        // a stall of one second: what the outputs hold (the lead, plus up to one 100 ms block pushed
        // just before) covers part of it, the rest is dead air
        pacer.stall(Duration.ofSeconds(1));
        Await.until("the stall seen", Duration.ofSeconds(10), () -> clock.stats().deadAir().isPositive());
        Thread.sleep(200);
        assertThat(clock.stats().deadAir().toMillis())
                .isBetween(1000 - PlayoutClock.LEAD.toMillis() - 100 - 10, 1000 - PlayoutClock.LEAD.toMillis() + 10);
        assertThat(clock.stats().timelineRestarts()).isZero();

        // a long stall (a suspended machine) restarts the timeline instead of bursting to catch up
        pacer.stall(Duration.ofSeconds(5));
        Await.until("the restart", Duration.ofSeconds(10), () -> clock.stats().timelineRestarts() == 1);
        assertThat(clock.stats().deadAir().toMillis()).isGreaterThan(5000);
    }
}
