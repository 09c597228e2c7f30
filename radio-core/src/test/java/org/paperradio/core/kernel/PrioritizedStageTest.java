package org.paperradio.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.PaperMeta;
import org.paperradio.core.paper.Stage;
import org.paperradio.core.store.PaperStore;
import org.paperradio.core.testing.Await;

/** The pipeline in front of a {@link PrioritizedStage}: what waits is taken best first, and no more than the candidates wait. */
class PrioritizedStageTest {

    @TempDir
    Path dir;

    /** A recording stage that chooses by a score the test sets (and may change while papers wait). */
    static final class ChoosingStage extends PaperPipelineTest.RecordingStage implements PrioritizedStage {
        final Map<ArxivId, Double> scores = new ConcurrentHashMap<>();
        final int candidates;

        ChoosingStage(int candidates) {
            super("choose", Stage.FETCHED, Stage.EXTRACTED);
            this.candidates = candidates;
        }

        @Override
        public double priority(ArxivId paper) {
            return scores.getOrDefault(paper, 0.0);
        }

        @Override
        public int candidates() {
            return candidates;
        }
    }

    @Test
    void waitingPapersAreTakenBestFirstByTheScoreAtTakeTime() throws Exception {
        PaperStore store = new PaperStore(dir, Clock.systemUTC());
        var fetch = new PaperPipelineTest.RecordingStage("fetch", Stage.DISCOVERED, Stage.FETCHED);
        var choose = new ChoosingStage(16);
        choose.gate = new CountDownLatch(1); // the one worker blocks on the first paper it takes
        List<PaperMeta> all = PaperPipelineTest.papers(6);
        for (int i = 0; i < all.size(); i++) {
            choose.scores.put(all.get(i).id(), (double) i); // the latest paper scores best at first
        }
        List<ArxivId> sunk = Collections.synchronizedList(new ArrayList<>());
        try (var p = new PaperPipeline(store, PaperPipelineTest.sourceOf(all), List.of(fetch, choose),
                PaperPipelineTest.settings(16), r -> sunk.add(r.id()))) {
            p.start();
            // one paper in the worker's hands, the other five waiting as candidates
            Await.until("five candidates waiting", Duration.ofSeconds(10), () -> p.waitingFor("choose").size() == 5);
            assertThat(p.queueDepths()).containsEntry("choose", 5).containsEntry("fetch", 0);
            assertThat(p.waitingFor("no such stage")).isEmpty();
            List<ArxivId> waiting = p.waitingFor("choose");

            // while they wait, the scores change: the worst-placed one is now asked for by listeners
            ArxivId requested = waiting.stream().min(Comparator.comparing(choose.scores::get)).orElseThrow();
            choose.scores.put(requested, 100.0);
            choose.gate.countDown();
            Await.until("all chosen", Duration.ofSeconds(10), () -> sunk.size() == 6);

            List<ArxivId> expected = new ArrayList<>(waiting);
            expected.sort(Comparator.comparing((ArxivId id) -> choose.scores.get(id)).reversed());
            assertThat(expected.getFirst()).isEqualTo(requested);
            // the first processed is the one that was in the worker's hands when the gate opened
            assertThat(choose.processed.subList(1, 6)).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void onlyTheCandidatesWaitAndTheStageBeforeIsHeldBack() throws Exception {
        PaperStore store = new PaperStore(dir, Clock.systemUTC());
        var fetch = new PaperPipelineTest.RecordingStage("fetch", Stage.DISCOVERED, Stage.FETCHED);
        var choose = new ChoosingStage(2);
        choose.gate = new CountDownLatch(1);
        List<ArxivId> sunk = Collections.synchronizedList(new ArrayList<>());
        // a fifo capacity of 16 elsewhere: the chooser's own candidates() bounds its queue
        try (var p = new PaperPipeline(store, PaperPipelineTest.sourceOf(PaperPipelineTest.papers(8)),
                List.of(fetch, choose), PaperPipelineTest.settings(16), r -> sunk.add(r.id()))) {
            p.start();
            // one paper in the chooser's hands, two waiting, one more fetched and blocked handing on
            Await.until("fetch held back", Duration.ofSeconds(10), () -> fetch.processed.size() == 4);
            Thread.sleep(300);
            assertThat(p.waitingFor("choose")).hasSize(2);
            assertThat(fetch.processed).hasSize(4);

            choose.gate.countDown();
            Await.until("all through", Duration.ofSeconds(10), () -> sunk.size() == 8);
        }
        assertThat(choose.processed).hasSize(8).doesNotHaveDuplicates();
        assertThat(choose.maxInFlight.get()).isEqualTo(1);
    }
}
