package org.paperradio.core.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperradio.core.config.ConfigLoader;
import org.paperradio.core.config.StationConfig;
import org.paperradio.core.kernel.PaperPipeline;
import org.paperradio.core.kernel.PipelineSettings;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.ExtractedText;
import org.paperradio.core.paper.License;
import org.paperradio.core.paper.PaperMeta;
import org.paperradio.core.paper.PaperRecord;
import org.paperradio.core.paper.Script;
import org.paperradio.core.paper.ScriptLine;
import org.paperradio.core.paper.Section;
import org.paperradio.core.paper.Stage;
import org.paperradio.core.select.Pick;
import org.paperradio.core.select.Requests;
import org.paperradio.core.select.Votes;
import org.paperradio.core.select.Selector;
import org.paperradio.core.store.PaperFiles;
import org.paperradio.core.store.PaperStore;
import org.paperradio.core.summary.PaperSummary;
import org.paperradio.core.testing.Await;
import org.paperradio.core.testing.MutableClock;

/** The write stage as the place where the station chooses: chosen papers get a script, stale ones are passed over. */
class WriteStageSelectionTest {

    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    private static final Duration MAX_WAIT = Duration.ofDays(1);

    @TempDir
    Path dir;

    private MutableClock clock;
    private PaperStore store;
    private Requests requests;
    private Selector selector;
    private WriteStage stage;

    @BeforeEach
    void setUp() throws Exception {
        clock = new MutableClock(NOW);
        store = new PaperStore(dir.resolve("store"), clock);
        requests = new Requests(dir.resolve("requests.json"));
        StationConfig config = new ConfigLoader().parse("", "test");
        selector = new Selector(store, null, config.selection(), requests, new Votes(dir.resolve("votes.json")), clock);
        stage = new WriteStage(store, new ExtractiveWriter(config), Optional.empty(), selector, null, 8, MAX_WAIT, clock);
    }

    private static ExtractedText text(String topic) {
        return new ExtractedText(List.of(
                new Section("1 Introduction", "Understanding " + topic + " is a central problem in the field. "
                        + "In this paper we introduce a new model of " + topic + " that scales to large data."),
                new Section("2 Method", "Our method learns the structure of " + topic + " from examples. "
                        + "We train the model on a large collection of measured " + topic + " cases."),
                new Section("3 Results", "On the standard benchmark our model of " + topic + " outperforms the baselines. "
                        + "It runs ten times faster than earlier models of " + topic + "."),
                new Section("4 Conclusion", "We conclude that a learned model of " + topic + " is accurate and fast.")), 4);
    }

    /** A paper at SUMMARIZED whose summary was written {@code age} ago, with its sections on disk. */
    private ArxivId summarized(String id, String topic, Duration age, Integer interest) throws Exception {
        PaperMeta meta = new PaperMeta(ArxivId.parse(id), "Learning " + topic, List.of("Ada Lovelace", "Alan Turing"),
                "We study " + topic + ". We propose a model of " + topic + " that is accurate and fast.",
                List.of("cs.LG"), NOW.minus(Duration.ofDays(3)), null, URI.create("http://localhost/pdf/" + id),
                License.unknown());
        store.add(meta);
        store.advance(meta.id(), Stage.SUMMARIZED);
        store.writeJson(meta.id(), PaperFiles.SECTIONS, text(topic));
        store.writeJson(meta.id(), PaperFiles.SUMMARY, new PaperSummary(meta.id(), "A model of " + topic + ".", "", "",
                "", List.of(), "", "", interest, "", null, null, false, NOW.minus(age)));
        return meta.id();
    }

    private Pick storedPick(ArxivId id) throws Exception {
        return store.readJson(id, PaperFiles.PICK, Pick.class);
    }

    @Test
    void aFreshPaperIsChosenAndWritten() throws Exception {
        ArxivId id = summarized("2511.00001v1", "protein folding", Duration.ofHours(3), 7);
        PaperRecord rec = store.load(id);

        stage.process(rec);

        assertThat(stage.reached(rec)).isEqualTo(Stage.WRITTEN);
        Script script = store.readJson(id, PaperFiles.SCRIPT, Script.class);
        assertThat(script.paper()).isEqualTo(id);
        assertThat(script.spokenLines()).extracting(ScriptLine.Spoken::text)
                .anyMatch(t -> t.contains("protein folding"));
        Pick pick = storedPick(id);
        assertThat(pick.outcome()).isEqualTo("chosen");
        assertThat(pick.at()).isEqualTo(NOW);
        assertThat(pick.reasons()).contains("interest 7/10");
        assertThat(selector.recent()).extracting(Pick::paper).containsExactly(id);
    }

    @Test
    void aPaperThatWaitedPastMaxWaitUnrequestedIsPassedOverWithoutAScript() throws Exception {
        ArxivId id = summarized("2511.00002v1", "graph colouring", MAX_WAIT.plusMinutes(1), 9);
        PaperRecord rec = store.load(id);

        stage.process(rec);

        assertThat(stage.reached(rec)).isEqualTo(Stage.PASSED_OVER);
        assertThat(store.exists(id, PaperFiles.SCRIPT)).isFalse();
        assertThat(storedPick(id).outcome()).isEqualTo("passed over");
        assertThat(selector.recent()).singleElement().extracting(Pick::outcome).isEqualTo(Pick.PASSED_OVER);
    }

    @Test
    void justUnderMaxWaitIsStillChosen() throws Exception {
        ArxivId id = summarized("2511.00003v1", "graph colouring", MAX_WAIT.minusMinutes(1), 1);
        PaperRecord rec = store.load(id);

        stage.process(rec);

        assertThat(stage.reached(rec)).isEqualTo(Stage.WRITTEN);
        assertThat(storedPick(id).outcome()).isEqualTo(Pick.CHOSEN);
    }

    @Test
    void aListenersRequestSavesAStalePaperAndIsThenCleared() throws Exception {
        ArxivId id = summarized("2511.00004v2", "ocean currents", Duration.ofDays(5), 2);
        requests.add(ArxivId.parse("2511.00004v1")); // asked for by an older version's id
        PaperRecord rec = store.load(id);

        stage.process(rec);

        assertThat(stage.reached(rec)).isEqualTo(Stage.WRITTEN);
        Pick pick = storedPick(id);
        assertThat(pick.outcome()).isEqualTo(Pick.CHOSEN);
        assertThat(pick.reasons()).first().asString().startsWith("requested by listeners 1x");
        assertThat(requests.count(id)).isZero();
    }

    @Test
    void aScriptLeftByAnInterruptedRunDoesNotHideAPassOver() throws Exception {
        ArxivId id = summarized("2511.00005v1", "sea ice", Duration.ofDays(2), 5);
        store.writeJson(id, PaperFiles.SCRIPT, new Script(id, "old", List.of(), "extractive"));
        PaperRecord rec = store.load(id);

        stage.process(rec);

        assertThat(store.exists(id, PaperFiles.SCRIPT)).isFalse();
        assertThat(stage.reached(rec)).isEqualTo(Stage.PASSED_OVER);
    }

    @Test
    void priorityIsTheSelectorsScoreWithLiveRequests() throws Exception {
        ArxivId liked = summarized("2511.00006v1", "lasers", Duration.ofHours(1), 9);
        ArxivId other = summarized("2511.00007v1", "rivers", Duration.ofHours(1), 3);
        assertThat(stage.priority(liked)).isGreaterThan(stage.priority(other));
        assertThat(stage.candidates()).isEqualTo(8);

        requests.add(other);

        assertThat(stage.priority(other)).isGreaterThan(stage.priority(liked))
                .isEqualTo(selector.priority(other));
    }

    @Test
    void inThePipelineChosenPapersReachTheSinkAndPassedOverOnesEndThere() throws Exception {
        ArxivId fresh = summarized("2511.00011v1", "lasers", Duration.ofHours(2), 6);
        ArxivId stale = summarized("2511.00012v1", "rivers", Duration.ofDays(2), 8);
        ArxivId saved = summarized("2511.00013v1", "glaciers", Duration.ofDays(2), 1);
        requests.add(saved);
        List<ArxivId> sunk = Collections.synchronizedList(new ArrayList<>());
        var settings = new PipelineSettings(4, Map.of(), 1, Duration.ofMillis(10), Duration.ofMillis(50),
                Duration.ofHours(1), Duration.ofMillis(500));

        try (var pipeline = new PaperPipeline(store, List::of, List.of(stage), settings, r -> sunk.add(r.id()))) {
            pipeline.start();
            Await.until("all decided", Duration.ofSeconds(10), () -> selector.recent().size() == 3);
            Await.until("written papers sunk", Duration.ofSeconds(10), () -> sunk.size() == 2);
        }

        assertThat(sunk).containsExactlyInAnyOrder(fresh, saved);
        assertThat(store.load(fresh).stage()).isEqualTo(Stage.WRITTEN);
        assertThat(store.load(saved).stage()).isEqualTo(Stage.WRITTEN);
        assertThat(store.load(stale).stage()).isEqualTo(Stage.PASSED_OVER);
        assertThat(store.load(stale).failed()).isFalse();
        assertThat(storedPick(stale).outcome()).isEqualTo(Pick.PASSED_OVER);
        assertThat(requests.open()).isEmpty();
    }
}
