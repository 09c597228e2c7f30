package org.paperradio.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.PaperMeta;
import org.paperradio.core.paper.PaperRecord;
import org.paperradio.core.paper.Stage;
import org.paperradio.core.store.AppendLog;
import org.paperradio.core.store.PaperStore;
import org.paperradio.core.testing.Await;
import org.paperradio.core.testing.TestMeta;

class PaperPipelineTest {

    @TempDir
    Path dir;

    /** A stage that records what it processed and can be told to fail or block for given papers. */
    static class RecordingStage implements PaperStage {
        final String name;
        final Stage in;
        final Stage out;
        final List<ArxivId> processed = new CopyOnWriteArrayList<>();
        final Map<ArxivId, Integer> failuresLeft = new ConcurrentHashMap<>();
        final Map<ArxivId, Boolean> bad = new ConcurrentHashMap<>();
        volatile CountDownLatch gate;
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();

        RecordingStage(String name, Stage in, Stage out) {
            this.name = name;
            this.in = in;
            this.out = out;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Stage input() {
            return in;
        }

        @Override
        public Stage output() {
            return out;
        }

        @Override
        public void process(PaperRecord paper) throws Exception {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                if (bad.containsKey(paper.id())) {
                    throw new BadInputException("not a PDF: got text/html");
                }
                if (failuresLeft.merge(paper.id(), -1, Integer::sum) >= 0) {
                    throw new IOException("connection reset");
                }
                CountDownLatch g = gate;
                if (g != null) {
                    g.await();
                }
                processed.add(paper.id());
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }

    static PipelineSettings settings(int capacity) {
        return new PipelineSettings(capacity, Map.of(), 2, Duration.ofMillis(10), Duration.ofMillis(50),
                Duration.ofHours(1), Duration.ofMillis(500));
    }

    static PaperSource sourceOf(List<PaperMeta> papers) {
        return () -> papers;
    }

    static List<PaperMeta> papers(int n) {
        List<PaperMeta> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add(TestMeta.meta(String.format("2501.%05dv1", i)));
        }
        return out;
    }

    @Test
    void papersFlowThroughEveryStageOnceAndReachTheSink() throws Exception {
        PaperStore store = new PaperStore(dir, Clock.systemUTC());
        var fetch = new RecordingStage("fetch", Stage.DISCOVERED, Stage.FETCHED);
        var extract = new RecordingStage("extract", Stage.FETCHED, Stage.EXTRACTED);
        List<ArxivId> sunk = Collections.synchronizedList(new ArrayList<>());
        try (var p = new PaperPipeline(store, sourceOf(papers(5)), List.of(fetch, extract), settings(2),
                r -> sunk.add(r.id()))) {
            p.start();
            Await.until("pipeline progress", Duration.ofSeconds(10), () -> sunk.size() == 5);
        }
        assertThat(fetch.processed).hasSize(5).doesNotHaveDuplicates();
        assertThat(extract.processed).containsExactlyInAnyOrderElementsOf(fetch.processed);
        for (ArxivId id : sunk) {
            assertThat(store.load(id).stage()).isEqualTo(Stage.EXTRACTED);
        }
        assertThat(store.events().read().stream().filter(e -> e.event().equals("fetched")).count()).isEqualTo(5);
    }

    @Test
    void transientFailuresAreRetriedAndBadInputFailsOnlyThatPaper() throws Exception {
        PaperStore store = new PaperStore(dir, Clock.systemUTC());
        var fetch = new RecordingStage("fetch", Stage.DISCOVERED, Stage.FETCHED);
        List<PaperMeta> all = papers(4);
        ArxivId flaky = all.get(0).id();
        ArxivId broken = all.get(1).id();
        ArxivId hopeless = all.get(2).id();
        fetch.failuresLeft.put(flaky, 2);
        fetch.failuresLeft.put(hopeless, 100);
        fetch.bad.put(broken, true);
        List<ArxivId> sunk = Collections.synchronizedList(new ArrayList<>());
        try (var p = new PaperPipeline(store, sourceOf(all), List.of(fetch), settings(4), r -> sunk.add(r.id()))) {
            p.start();
            Await.until("pipeline progress", Duration.ofSeconds(10), () -> sunk.size() == 2 && failedCount(store) == 2);
        }
        assertThat(sunk).containsExactlyInAnyOrder(flaky, all.get(3).id());
        PaperRecord b = store.load(broken);
        assertThat(b.failure().reason()).contains("not a PDF");
        assertThat(b.failure().attempts()).isEqualTo(1);
        PaperRecord h = store.load(hopeless);
        assertThat(h.failure().attempts()).isEqualTo(3);
        assertThat(h.failure().reason()).contains("connection reset");
        assertThat(h.stage()).isEqualTo(Stage.DISCOVERED);
    }

    private static long failedCount(PaperStore store) {
        try {
            return store.all().stream().filter(PaperRecord::failed).count();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void restartResumesEachPaperAtTheStageItReached() throws Exception {
        PaperStore store = new PaperStore(dir, Clock.systemUTC());
        List<PaperMeta> all = papers(3);
        for (PaperMeta m : all) {
            store.add(m);
        }
        store.advance(all.get(0).id(), Stage.FETCHED);
        store.advance(all.get(1).id(), Stage.EXTRACTED);

        PaperStore reopened = new PaperStore(dir, Clock.systemUTC());
        var fetch = new RecordingStage("fetch", Stage.DISCOVERED, Stage.FETCHED);
        var extract = new RecordingStage("extract", Stage.FETCHED, Stage.EXTRACTED);
        List<ArxivId> sunk = Collections.synchronizedList(new ArrayList<>());
        try (var p = new PaperPipeline(reopened, sourceOf(all), List.of(fetch, extract), settings(4),
                r -> sunk.add(r.id()))) {
            p.start();
            Await.until("pipeline progress", Duration.ofSeconds(10), () -> sunk.size() == 3);
        }
        assertThat(fetch.processed).containsExactly(all.get(2).id());
        assertThat(extract.processed).containsExactlyInAnyOrder(all.get(0).id(), all.get(2).id());
        List<AppendLog.Entry> events = reopened.events().read();
        assertThat(events.stream().filter(e -> e.event().equals("discovered")).count()).isEqualTo(3);
        assertThat(events.stream().filter(e -> e.event().equals("extracted")).map(AppendLog.Entry::subject))
                .doesNotHaveDuplicates().hasSize(3);
    }

    @Test
    void boundedQueuesHoldTheSourceBackAndShutdownLeavesInFlightWorkResumable() throws Exception {
        PaperStore store = new PaperStore(dir, Clock.systemUTC());
        var slow = new RecordingStage("fetch", Stage.DISCOVERED, Stage.FETCHED);
        slow.gate = new CountDownLatch(1);
        var p = new PaperPipeline(store, sourceOf(papers(20)), List.of(slow), settings(2), r -> { });
        p.start();
        Await.until("pipeline progress", Duration.ofSeconds(10), () -> slow.inFlight.get() == 1 && p.queueDepths().get("fetch") == 2);
        Thread.sleep(200);
        assertThat(p.queueDepths().get("fetch")).isEqualTo(2);
        // only the in-flight paper and the two queued ones have left the source so far
        assertThat(store.events().read()).hasSizeLessThanOrEqualTo(4);
        p.close();
        assertThat(slow.processed).isEmpty();
        for (PaperRecord r : store.all()) {
            assertThat(r.failed()).as("interrupted work is not a failure").isFalse();
            assertThat(r.stage()).isEqualTo(Stage.DISCOVERED);
        }
    }

    @Test
    void shutdownDoesNotWaitOutTheGraceForThreadsThatAreOnlyWaiting() throws Exception {
        PaperStore store = new PaperStore(dir, Clock.systemUTC());
        var fetch = new RecordingStage("fetch", Stage.DISCOVERED, Stage.FETCHED);
        CountDownLatch inSink = new CountDownLatch(1);
        PipelineSettings longGrace = new PipelineSettings(2, Map.of(), 0, Duration.ofMillis(10), Duration.ofMillis(50),
                Duration.ofHours(1), Duration.ofSeconds(30));
        var p = new PaperPipeline(store, sourceOf(papers(1)), List.of(fetch), longGrace, r -> {
            inSink.countDown();
            try {
                new CountDownLatch(1).await(); // a full ready queue: blocks until interrupted
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        p.start();
        assertThat(inSink.await(10, TimeUnit.SECONDS)).isTrue();
        long t0 = System.nanoTime();
        p.close();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("well under the 30 s grace")
                .isLessThan(Duration.ofSeconds(10));
        assertThat(store.load(papers(1).get(0).id()).stage()).isEqualTo(Stage.FETCHED);
    }

    @Test
    void transientFailuresAreRetriedAtTheNextStartButBadInputIsNot() throws Exception {
        PaperStore store = new PaperStore(dir, Clock.systemUTC());
        List<PaperMeta> all = papers(2);
        ArxivId outage = all.get(0).id();
        ArxivId broken = all.get(1).id();
        var down = new RecordingStage("fetch", Stage.DISCOVERED, Stage.FETCHED);
        down.failuresLeft.put(outage, 100);
        down.bad.put(broken, true);
        try (var p = new PaperPipeline(store, sourceOf(all), List.of(down), settings(4), r -> { })) {
            p.start();
            Await.until("both failed", Duration.ofSeconds(10), () -> failedCount(store) == 2);
        }
        assertThat(store.load(outage).failure().retryable()).isTrue();
        assertThat(store.load(broken).failure().retryable()).isFalse();

        var up = new RecordingStage("fetch", Stage.DISCOVERED, Stage.FETCHED);
        List<ArxivId> sunk = Collections.synchronizedList(new ArrayList<>());
        try (var p = new PaperPipeline(new PaperStore(dir, Clock.systemUTC()), sourceOf(all), List.of(up), settings(4),
                r -> sunk.add(r.id()))) {
            p.start();
            Await.until("the outage paper done", Duration.ofSeconds(10), () -> sunk.size() == 1);
        }
        assertThat(up.processed).containsExactly(outage);
        assertThat(store.load(outage).failed()).isFalse();
        assertThat(store.load(broken).failed()).isTrue();
    }

    @Test
    void aStageMayEndAPapersWayEarlyAndItIsNotResumed() throws Exception {
        PaperStore store = new PaperStore(dir, Clock.systemUTC());
        List<PaperMeta> all = papers(2);
        ArxivId update = all.get(0).id();
        var index = new RecordingStage("index", Stage.DISCOVERED, Stage.INDEXED) {
            @Override
            public Stage reached(PaperRecord paper) {
                return paper.id().equals(update) ? Stage.UPDATED : Stage.INDEXED;
            }
        };
        var write = new RecordingStage("write", Stage.INDEXED, Stage.WRITTEN);
        List<ArxivId> sunk = Collections.synchronizedList(new ArrayList<>());
        try (var p = new PaperPipeline(store, sourceOf(all), List.of(index, write), settings(4), r -> sunk.add(r.id()))) {
            p.start();
            Await.until("the other paper written", Duration.ofSeconds(10), () -> sunk.size() == 1);
        }
        assertThat(sunk).containsExactly(all.get(1).id());
        assertThat(write.processed).doesNotContain(update);
        assertThat(store.load(update).stage()).isEqualTo(Stage.UPDATED);

        var again = new RecordingStage("write", Stage.INDEXED, Stage.WRITTEN);
        try (var p = new PaperPipeline(new PaperStore(dir, Clock.systemUTC()), sourceOf(List.of()),
                List.of(new RecordingStage("index", Stage.DISCOVERED, Stage.INDEXED), again), settings(4), r -> { })) {
            p.start();
            Thread.sleep(300);
        }
        assertThat(again.processed).as("a final stage is not resumed").isEmpty();
    }

    @Test
    void statsCountWorkDoneRetriesAndFailuresByReason() throws Exception {
        PaperStore store = new PaperStore(dir, Clock.systemUTC());
        var fetch = new RecordingStage("fetch", Stage.DISCOVERED, Stage.FETCHED);
        List<PaperMeta> all = papers(4);
        fetch.failuresLeft.put(all.get(0).id(), 1); // fails once, then works
        fetch.bad.put(all.get(1).id(), true);       // fails for good
        List<ArxivId> sunk = new CopyOnWriteArrayList<>();
        try (var p = new PaperPipeline(store, sourceOf(all), List.of(fetch), settings(4), r -> sunk.add(r.id()))) {
            p.start();
            Await.until("three papers through", Duration.ofSeconds(10), () -> sunk.size() == 3);
            Await.until("the bad one failed", Duration.ofSeconds(10), () -> p.stats().get(0).failures().size() == 1);
            PaperPipeline.StageStats st = p.stats().get(0);
            assertThat(st.stage()).isEqualTo("fetch");
            assertThat(st.done()).isEqualTo(3);
            assertThat(st.retried()).isEqualTo(1);
            assertThat(st.failures()).containsExactly(Map.entry("BadInputException", 1L));
            assertThat(st.waiting()).isZero();
            assertThat(st.busyTime()).isPositive();
        }
    }

    @Test
    void aFailureReasonNamesTheRootCauseWhenTheWrapperHidesIt() {
        var hidden = new javax.imageio.IIOException("I/O error writing PNG file!", new IOException("No space left on device"));
        assertThat(PaperPipeline.reason(hidden))
                .isEqualTo("IIOException: I/O error writing PNG file! (IOException: No space left on device)");
        var said = new IOException("gave up: connection reset", new IOException("connection reset"));
        assertThat(PaperPipeline.reason(said)).isEqualTo("IOException: gave up: connection reset");
    }

    @Test
    void pollStatsCountAnsweredAndFailedPollsByReason() throws Exception {
        PaperStore store = new PaperStore(dir, Clock.systemUTC());
        var fetch = new RecordingStage("fetch", Stage.DISCOVERED, Stage.FETCHED);
        List<PaperMeta> all = papers(2);
        AtomicInteger calls = new AtomicInteger();
        PaperSource flaky = () -> switch (calls.incrementAndGet()) {
            case 1 -> throw new IOException("HTTP 500");
            case 2 -> throw new org.paperradio.core.xml.SafeXml.XmlException("not well-formed");
            default -> all;
        };
        List<ArxivId> sunk = new CopyOnWriteArrayList<>();
        try (var p = new PaperPipeline(store, flaky, List.of(fetch), settings(4), r -> sunk.add(r.id()))) {
            p.start();
            Await.until("both papers through after two failed polls", Duration.ofSeconds(10), () -> sunk.size() == 2);
            PaperPipeline.PollStats st = p.pollStats();
            assertThat(st.failures()).containsOnly(Map.entry("IOException", 1L), Map.entry("XmlException", 1L));
            assertThat(st.answered()).isPositive();
            assertThat(st.storeFailures()).isZero();
        }
    }

    @Test
    void aPausedStageTakesNoNewPaperUntilResumed() throws Exception {
        PaperStore store = new PaperStore(dir, Clock.systemUTC());
        var fetch = new RecordingStage("fetch", Stage.DISCOVERED, Stage.FETCHED);
        var extract = new RecordingStage("extract", Stage.FETCHED, Stage.EXTRACTED);
        List<ArxivId> sunk = new CopyOnWriteArrayList<>();
        try (var p = new PaperPipeline(store, sourceOf(papers(3)), List.of(fetch, extract), settings(4),
                r -> sunk.add(r.id()))) {
            assertThat(p.pause("extract")).isTrue();
            assertThat(p.pause("no-such-stage")).isFalse();
            p.start();
            Await.until("fetched", Duration.ofSeconds(10), () -> fetch.processed.size() == 3);
            Thread.sleep(600);
            assertThat(extract.processed).as("held while paused").isEmpty();
            PaperPipeline.StageStats held = p.stats().get(1);
            assertThat(held.paused()).isTrue();
            assertThat(held.waiting()).isEqualTo(3);
            assertThat(p.resume("extract")).isTrue();
            Await.until("through after resume", Duration.ofSeconds(10), () -> sunk.size() == 3);
            assertThat(p.stats().get(1).paused()).isFalse();
        }
    }

    @Test
    void aDroppedPaperIsLeftAloneAndARequeuedOneRunsAgain() throws Exception {
        PaperStore store = new PaperStore(dir, Clock.systemUTC());
        var fetch = new RecordingStage("fetch", Stage.DISCOVERED, Stage.FETCHED);
        var extract = new RecordingStage("extract", Stage.FETCHED, Stage.EXTRACTED);
        List<PaperMeta> all = papers(2);
        ArxivId keep = all.get(0).id();
        ArxivId drop = all.get(1).id();
        fetch.bad.put(keep, true); // fails for good first
        List<ArxivId> sunk = new CopyOnWriteArrayList<>();
        try (var p = new PaperPipeline(store, sourceOf(all), List.of(fetch, extract), settings(4),
                r -> sunk.add(r.id()))) {
            p.pause("extract");
            p.start();
            Await.until("fetch done", Duration.ofSeconds(10),
                    () -> fetch.processed.contains(drop) && p.stats().get(0).failures().size() == 1);
            // dropped while it waits in front of the paused stage: never processed, stays dropped
            assertThat(p.drop(drop)).isTrue();
            assertThat(p.drop(ArxivId.parse("2501.99999v1"))).isFalse();
            p.resume("extract");
            Thread.sleep(600);
            assertThat(extract.processed).doesNotContain(drop);
            assertThat(store.load(drop).failure().reason()).contains("dropped by the operator");
            assertThat(p.requeue(drop)).isEqualTo(PaperPipeline.Requeue.REQUEUED);
            Await.until("requeued paper through", Duration.ofSeconds(10), () -> sunk.contains(drop));

            // the paper that failed for good goes round again once the operator requeues it
            fetch.bad.remove(keep);
            assertThat(p.requeue(keep)).isEqualTo(PaperPipeline.Requeue.REQUEUED);
            Await.until("requeued failure through", Duration.ofSeconds(10), () -> sunk.contains(keep));
            assertThat(store.load(keep).failed()).isFalse();
            assertThat(p.requeue(keep)).isEqualTo(PaperPipeline.Requeue.FINISHED);
            assertThat(p.requeue(ArxivId.parse("2501.99999v1"))).isEqualTo(PaperPipeline.Requeue.UNKNOWN);
        }
    }
}
