package org.paperradio.core.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.paperradio.core.testing.TestMeta.paper;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperradio.core.config.StationConfig;
import org.paperradio.core.library.Embedder;
import org.paperradio.core.library.MiniLmEmbedder;
import org.paperradio.core.library.PaperLibrary;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.License;
import org.paperradio.core.paper.PaperMeta;
import org.paperradio.core.paper.Stage;
import org.paperradio.core.store.PaperFiles;
import org.paperradio.core.store.PaperStore;
import org.paperradio.core.summary.PaperSummary;
import org.paperradio.core.testing.MutableClock;

class SelectorTest {

    private static final Instant START = Instant.parse("2026-11-24T09:00:00Z");

    private static final PaperMeta PROTEIN = paper("2501.00001v1", "q-bio.BM", 1,
            "Predicting protein folding pathways with coevolutionary contact maps",
            "We predict the tertiary structure of proteins from their amino acid sequence. Coevolution "
                    + "signals in multiple sequence alignments give residue contact maps that guide a folding "
                    + "simulation, improving accuracy on small globular domains.");
    private static final PaperMeta PROTEIN_2 = paper("2501.00006v1", "q-bio.BM", 2,
            "Molecular dynamics of misfolded protein aggregates",
            "Long molecular dynamics simulations reveal how partially unfolded proteins aggregate into "
                    + "amyloid fibrils. We measure folding free energy landscapes and identify residues that "
                    + "stabilise the native fold of the protein chain.");
    private static final PaperMeta GALAXIES = paper("2501.00005v1", "astro-ph.GA", 6,
            "Photometric redshifts for a deep wide-field galaxy survey",
            "We estimate photometric redshifts for millions of galaxies observed by a wide-field imaging "
                    + "survey telescope and map the large-scale structure of the cosmic web out to redshift two.");
    private static final PaperMeta GRAPHS = paper("2501.00003v1", "cs.DS", 4,
            "Faster shortest paths in sparse directed graphs",
            "We give an algorithm for single-source shortest paths in sparse directed graphs with "
                    + "nonnegative edge weights that beats Dijkstra's algorithm.");

    private static Embedder embedder;

    @TempDir
    Path dir;

    @BeforeAll
    static void loadModel() {
        embedder = new MiniLmEmbedder();
    }

    private static PaperMeta meta(String id, String title, List<String> authors, String abs, String category) {
        return new PaperMeta(ArxivId.parse(id), title, authors, abs, List.of(category),
                Instant.parse("2026-11-20T10:00:00Z"), null, URI.create("http://localhost/pdf/" + id), License.unknown());
    }

    private static PaperSummary summary(ArxivId id, Integer interest, String why) {
        return new PaperSummary(id, "gist", "", "", "", List.of(), "", "", interest, why, null, null, false, START);
    }

    private static StationConfig.Selection selection(Map<String, Double> keywords, Map<String, Double> authors,
                                                      Map<String, Double> categories, double novelty) {
        return new StationConfig.Selection(null, null, keywords, authors, categories, novelty, null);
    }

    private PaperStore storeWith(PaperMeta... papers) throws Exception {
        PaperStore store = new PaperStore(dir.resolve("store"), new MutableClock(START));
        for (PaperMeta m : papers) {
            store.add(m);
            store.advance(m.id(), Stage.SUMMARIZED);
        }
        return store;
    }

    @Test
    void scoreAddsInterestAndTheOperatorsBoostsEachWithItsReason() throws Exception {
        PaperMeta liked = meta("2511.00001v1", "Protein Design with Diffusion", List.of("Ada Lovelace", "Bob Smith"),
                "We design proteins.", "cs.CL");
        PaperMeta disliked = meta("2511.00002v1", "Consensus at scale", List.of("C. Dee"),
                "A new BlockChain consensus protocol.", "cs.DC");
        PaperMeta unrated = meta("2511.00003v1", "Sorting networks", List.of("E. Eff"), "Short ones.", "cs.DS");
        PaperStore store = storeWith(liked, disliked, unrated);
        store.writeJson(liked.id(), PaperFiles.SUMMARY, summary(liked.id(), 8, "a clear result"));
        store.writeJson(unrated.id(), PaperFiles.SUMMARY, summary(unrated.id(), null, ""));
        var config = selection(Map.of("PROTEIN", 3.0, "blockchain", -4.0), Map.of("lovelace", 2.0),
                Map.of("cs.CL", 1.5), 2.0);
        Selector selector = new Selector(store, null, config, new Requests(dir.resolve("requests.json")),
                new Votes(dir.resolve("votes.json")), new MutableClock(START));

        Pick a = selector.pick(liked.id());
        assertThat(a.score()).isCloseTo(8 + 3 + 2 + 1.5 + 2, within(1e-9));
        assertThat(a.title()).isEqualTo(liked.title());
        assertThat(a.outcome()).isEqualTo(Pick.WAITING);
        assertThat(a.reasons()).containsExactly(
                "interest 8/10 (a clear result)",
                "keyword 'PROTEIN': +3.00",
                "author 'lovelace': +2.00",
                "category cs.CL: +1.50",
                "novelty: nothing like it aired yet: +2.00");

        Pick b = selector.pick(disliked.id()); // no summary at all: neutral interest
        assertThat(b.score()).isCloseTo(5 - 4 + 2, within(1e-9));
        assertThat(b.reasons()).contains("no interest rating: neutral 5.00", "keyword 'blockchain': -4.00");

        Pick c = selector.pick(unrated.id()); // a summary without a model's rating: neutral too
        assertThat(c.score()).isCloseTo(5 + 2, within(1e-9));
        assertThat(c.reasons()).first().isEqualTo("no interest rating: neutral 5.00");

        assertThat(selector.rank(List.of(disliked.id(), unrated.id(), liked.id())))
                .extracting(Pick::paper).containsExactly(liked.id(), unrated.id(), disliked.id());
        assertThat(selector.priority(liked.id())).isEqualTo(a.score());
    }

    @Test
    void keywordsAndAuthorsMatchWholeWordsNotPartsOfThem() throws Exception {
        PaperMeta hit = meta("2511.00011v1", "Large Language\nModels for proteins", List.of("Wei Li", "Ada Lovelace"),
                "An AI system.", "cs.CL");
        PaperMeta miss = meta("2511.00012v1", "Training a retrieval model", List.of("Oliver Lindqvist"),
                "We explain the maintenance of pretrained models again.", "cs.CL");
        PaperStore store = storeWith(hit, miss);
        var config = selection(Map.of("AI", 1.0, "language model", 2.0, "protein", 4.0), Map.of("Li", 8.0), null, 0);
        Selector selector = new Selector(store, null, config, new Requests(dir.resolve("requests.json")),
                new Votes(dir.resolve("votes.json")), new MutableClock(START));

        assertThat(selector.pick(hit.id()).reasons()).containsExactlyInAnyOrder("no interest rating: neutral 5.00",
                "keyword 'AI': +1.00", "keyword 'language model': +2.00", "keyword 'protein': +4.00",
                "author 'Li': +8.00");
        assertThat(selector.pick(hit.id()).score()).isEqualTo(5 + 1 + 2 + 4 + 8);
        // "AI" is in "training", "explain", "maintenance" and "again", "Li" in "Oliver Lindqvist": none counts
        assertThat(selector.pick(miss.id()).reasons()).containsExactly("no interest rating: neutral 5.00");
        assertThat(selector.pick(miss.id()).score()).isEqualTo(5.0);
    }

    @Test
    void aPaperTheStoreCannotReadRanksLast() throws Exception {
        PaperStore store = storeWith(GRAPHS);
        Selector selector = new Selector(store, null, selection(null, null, null, 0), new Requests(dir.resolve("r.json")),
                new Votes(dir.resolve("votes.json")),
                new MutableClock(START));
        ArxivId unknown = ArxivId.parse("2511.09999v1");

        assertThat(selector.pick(unknown).score()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(selector.rank(List.of(unknown, GRAPHS.id()))).extracting(Pick::paper)
                .containsExactly(GRAPHS.id(), unknown);
        // novelty weight 0: no novelty reason at all
        assertThat(selector.pick(GRAPHS.id()).reasons()).containsExactly("no interest rating: neutral 5.00");
    }

    @Test
    void votesLiftAPaperLiveAndStayAfterItIsChosen() throws Exception {
        PaperMeta one = meta("2511.00001v1", "One", List.of("A"), "a", "cs.AI");
        PaperMeta two = meta("2511.00002v2", "Two", List.of("B"), "b", "cs.AI");
        PaperStore store = storeWith(one, two);
        store.writeJson(one.id(), PaperFiles.SUMMARY, summary(one.id(), 7, ""));
        store.writeJson(two.id(), PaperFiles.SUMMARY, summary(two.id(), 4, ""));
        Votes votes = new Votes(dir.resolve("votes.json"));
        StationConfig.Selection config = new StationConfig.Selection(null, null, null, null, null, 0.0, 1.5);
        Selector selector = new Selector(store, null, config, new Requests(dir.resolve("requests.json")), votes,
                new MutableClock(START));
        assertThat(selector.rank(List.of(one.id(), two.id()))).extracting(Pick::paper).containsExactly(one.id(), two.id());

        votes.vote(two.id(), "l1");
        votes.vote(two.id(), "l2");
        votes.vote(two.id(), "l2"); // one per listener

        assertThat(selector.priority(two.id())).isEqualTo(7.0);
        votes.vote(two.id(), "l3");
        assertThat(selector.priority(two.id())).isEqualTo(8.5);
        Pick voted = selector.pick(two.id());
        assertThat(voted.reasons()).containsExactly("voted up by 3 listeners: +4.50", "interest 4/10");
        assertThat(selector.rank(List.of(one.id(), two.id()))).extracting(Pick::paper).containsExactly(two.id(), one.id());

        selector.decide(two.id(), Pick.CHOSEN);
        assertThat(votes.count(two.id())).as("votes are not used up like requests").isEqualTo(3);
    }

    @Test
    void requestsCountLiveAndAChosenPaperIsRecordedAndItsRequestsCleared() throws Exception {
        PaperMeta one = meta("2511.00001v1", "One", List.of("A"), "a", "cs.AI");
        PaperMeta two = meta("2511.00002v2", "Two", List.of("B"), "b", "cs.AI");
        PaperStore store = storeWith(one, two);
        store.writeJson(one.id(), PaperFiles.SUMMARY, summary(one.id(), 9, ""));
        store.writeJson(two.id(), PaperFiles.SUMMARY, summary(two.id(), 2, ""));
        MutableClock clock = new MutableClock(START);
        Requests requests = new Requests(dir.resolve("requests.json"));
        Selector selector = new Selector(store, null, selection(null, null, null, 0), requests,
                new Votes(dir.resolve("votes.json")), clock);
        assertThat(selector.priority(two.id())).isEqualTo(2.0); // now cached
        assertThat(selector.rank(List.of(one.id(), two.id()))).extracting(Pick::paper).containsExactly(one.id(), two.id());

        // a request for any version counts at once, cache or not
        requests.add(ArxivId.parse("2511.00002v1"));

        assertThat(selector.priority(two.id())).isEqualTo(102.0);
        Pick requested = selector.pick(two.id());
        assertThat(requested.score()).isEqualTo(102.0);
        assertThat(requested.reasons()).containsExactly("requested by listeners 1x: +100.00", "interest 2/10");
        assertThat(selector.rank(List.of(one.id(), two.id()))).extracting(Pick::paper).containsExactly(two.id(), one.id());

        clock.advance(Duration.ofMinutes(1));
        Pick chosen = selector.decide(two.id(), Pick.CHOSEN);

        assertThat(chosen.outcome()).isEqualTo(Pick.CHOSEN);
        assertThat(chosen.at()).isEqualTo(START.plus(Duration.ofMinutes(1)));
        assertThat(requests.count(two.id())).isZero();
        assertThat(new Requests(dir.resolve("requests.json")).count(two.id())).as("cleared on disk too").isZero();
        Pick stored = store.readJson(two.id(), PaperFiles.PICK, Pick.class);
        assertThat(stored).isEqualTo(chosen);
        assertThat(stored.reasons()).first().asString().startsWith("requested by listeners 1x");
        assertThat(selector.priority(two.id())).isEqualTo(2.0);

        clock.advance(Duration.ofMinutes(1));
        selector.decide(one.id(), Pick.PASSED_OVER);
        assertThat(selector.recent()).extracting(Pick::paper, Pick::outcome)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(one.id(), Pick.PASSED_OVER),
                        org.assertj.core.groups.Tuple.tuple(two.id(), Pick.CHOSEN));
        assertThat(store.readJson(one.id(), PaperFiles.PICK, Pick.class).outcome()).isEqualTo("passed over");
    }

    @Test
    void aPaperLikeOneAlreadyAiredIsLessNovelThanAnUnrelatedOne() throws Exception {
        PaperStore store = storeWith(PROTEIN, PROTEIN_2, GALAXIES, GRAPHS);
        MutableClock clock = new MutableClock(START);
        try (PaperLibrary library = PaperLibrary.open(dir.resolve("index"), embedder)) {
            for (PaperMeta m : List.of(PROTEIN, PROTEIN_2, GALAXIES, GRAPHS)) {
                library.add(m, m.title() + "\n\n" + m.abstractText());
            }
            library.commit();
            Selector selector = new Selector(store, library, selection(null, null, null, 10.0),
                    new Requests(dir.resolve("requests.json")), new Votes(dir.resolve("votes.json")), clock);

            // nothing aired yet: similar or not, both are fully novel
            Pick similarBefore = selector.pick(PROTEIN_2.id());
            assertThat(similarBefore.score()).isCloseTo(5 + 10, within(1e-9));
            assertThat(similarBefore.reasons()).contains("novelty: nothing like it aired yet: +10.00");

            store.advance(PROTEIN.id(), Stage.AIRED);
            // the score is cached for a few minutes, then seen afresh
            assertThat(selector.pick(PROTEIN_2.id()).score()).isEqualTo(similarBefore.score());
            clock.advance(Duration.ofMinutes(6));

            Pick similar = selector.pick(PROTEIN_2.id());
            Pick unrelated = selector.pick(GALAXIES.id());
            assertThat(similar.reasons()).anyMatch(r -> r.startsWith("novelty ")
                    && r.contains("(closest aired: " + PROTEIN.id().base() + ")"));
            assertThat(similar.score()).isLessThan(unrelated.score()).isLessThan(15.0);
            assertThat(unrelated.score() - similar.score()).as("a clear gap, not noise").isGreaterThan(2.0);
            // an aired paper on another subject leaves the paper nearly as novel as nothing aired at all
            assertThat(unrelated.score()).as(unrelated.reasons().toString()).isGreaterThan(5 + 7.0);
            assertThat(selector.rank(List.of(PROTEIN_2.id(), GALAXIES.id()))).extracting(Pick::paper)
                    .containsExactly(GALAXIES.id(), PROTEIN_2.id());
        }
    }
}
