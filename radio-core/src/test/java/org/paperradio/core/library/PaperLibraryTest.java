package org.paperradio.core.library;

import static org.paperradio.core.testing.TestMeta.paper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.PaperMeta;

class PaperLibraryTest {

    private static Embedder embedder;

    @TempDir
    Path dir;

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
    private static final PaperMeta SPEECH = paper("2501.00002v1", "cs.CL", 3,
            "Conformer acoustic models for noisy telephone speech recognition",
            "We train an end-to-end automatic speech recognition system on conversational telephone "
                    + "recordings. A conformer encoder with connectionist temporal classification lowers the "
                    + "word error rate of transcripts under heavy background noise.");
    private static final PaperMeta GRAPHS = paper("2501.00003v1", "cs.DS", 4,
            "Faster shortest paths in sparse directed graphs",
            "We give an algorithm for single-source shortest paths in sparse directed graphs with "
                    + "nonnegative edge weights that beats Dijkstra's algorithm. The analysis bounds the "
                    + "number of vertex relaxations using a recursive partition of the vertices.");
    private static final PaperMeta ROBOTS = paper("2501.00004v1", "cs.RO", 5,
            "Learning dexterous grasping policies for robot hands from demonstrations",
            "A robot arm with a multi-fingered hand learns manipulation policies by imitation from human "
                    + "demonstrations followed by reinforcement learning in simulation, then transfers the "
                    + "grasping controller to hardware.");
    private static final PaperMeta GALAXIES = paper("2501.00005v1", "astro-ph.GA", 6,
            "Photometric redshifts for a deep wide-field galaxy survey",
            "We estimate photometric redshifts for millions of galaxies observed by a wide-field imaging "
                    + "survey telescope and map the large-scale structure of the cosmic web out to redshift two.");
    private static final List<PaperMeta> ALL = List.of(PROTEIN, PROTEIN_2, SPEECH, GRAPHS, ROBOTS, GALAXIES);

    private static final String RARE_TERM = "Kestrelnet";

    @BeforeAll
    static void loadModel() {
        embedder = new MiniLmEmbedder();
    }

    private static String body(PaperMeta p) {
        // the rare term lives only in the robot paper's body, not in its title or abstract
        String extra = p == ROBOTS ? " Our controller, called " + RARE_TERM + ", runs at 100 Hz." : "";
        return "Introduction\n\n" + p.abstractText() + extra + "\n\nConclusion\n\n" + p.title() + ".";
    }

    private PaperLibrary filled() throws IOException {
        PaperLibrary library = PaperLibrary.open(dir, embedder);
        for (PaperMeta p : ALL) {
            library.add(p, body(p));
        }
        return library;
    }

    private static Set<String> terms(String text) throws IOException {
        Set<String> out = new HashSet<>();
        try (EnglishAnalyzer analyzer = new EnglishAnalyzer();
                TokenStream ts = analyzer.tokenStream("f", new StringReader(text))) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                out.add(term.toString());
            }
            ts.end();
        }
        return out;
    }

    private static List<String> bases(List<Hit> hits) {
        return hits.stream().map(h -> h.id().base()).toList();
    }

    @Test
    void findsPaperByMeaningWithoutSharedWords() throws IOException {
        try (PaperLibrary library = filled()) {
            String[][] cases = {
                {"machines listening to people talk and typing what they say", SPEECH.id().base()},
                {"charting the distances to remote clusters of stars across the heavens", GALAXIES.id().base()},
            };
            for (String[] c : cases) {
                // no indexed term in common with any paper: only the vector side can find it
                Set<String> shared = terms(c[0]);
                Set<String> indexed = new HashSet<>();
                for (PaperMeta p : ALL) {
                    indexed.addAll(terms(p.title() + " " + p.abstractText() + " " + body(p)));
                }
                shared.retainAll(indexed);
                assertThat(shared).as(c[0]).isEmpty();

                List<Hit> hits = library.search(LibraryQuery.of(c[0]).withLimit(3));

                assertThat(hits).isNotEmpty();
                assertThat(hits.get(0).id().base()).as(c[0]).isEqualTo(c[1]);
            }
        }
    }

    @Test
    void findsPaperByRareExactTermInItsBody() throws IOException {
        try (PaperLibrary library = filled()) {
            List<Hit> hits = library.search(LibraryQuery.of(RARE_TERM.toLowerCase()));

            assertThat(hits.get(0).id()).isEqualTo(ROBOTS.id());
            assertThat(hits.get(0).title()).isEqualTo(ROBOTS.title());
            assertThat(hits.get(0).score()).isGreaterThan(hits.get(1).score());
        }
    }

    @Test
    void categoryAndDateFiltersExclude() throws IOException {
        try (PaperLibrary library = filled()) {
            LibraryQuery protein = LibraryQuery.of("protein folding structure");
            assertThat(library.search(protein).get(0).id().base()).isIn(PROTEIN.id().base(), PROTEIN_2.id().base());

            List<Hit> speechOnly = library.search(protein.inCategories("cs.CL"));
            assertThat(bases(speechOnly)).containsExactly(SPEECH.id().base());

            List<Hit> twoCategories = library.search(protein.inCategories("cs.CL", "cs.DS"));
            assertThat(bases(twoCategories)).containsExactlyInAnyOrder(SPEECH.id().base(), GRAPHS.id().base());

            // days 2 to 4 inclusive: the second protein paper, speech and graphs
            List<Hit> dated = library.search(protein.between(PROTEIN_2.published(), GRAPHS.published()));
            assertThat(bases(dated)).containsExactlyInAnyOrder(
                    PROTEIN_2.id().base(), SPEECH.id().base(), GRAPHS.id().base());
            assertThat(bases(dated).get(0)).isEqualTo(PROTEIN_2.id().base());

            List<Hit> openEnded = library.search(protein.between(ROBOTS.published(), null));
            assertThat(bases(openEnded)).containsExactlyInAnyOrder(ROBOTS.id().base(), GALAXIES.id().base());
        }
    }

    @Test
    void relatedRanksSameTopicFirstAndExcludesAllVersionsOfThePaper() throws IOException {
        try (PaperLibrary library = filled()) {
            PaperMeta proteinV2 = paper("2501.00001v2", "q-bio.BM", 7, PROTEIN.title(),
                    PROTEIN.abstractText() + " This version adds results on membrane proteins.");
            library.add(proteinV2, body(proteinV2));

            List<Hit> related = library.related(PROTEIN.id(), 5);

            assertThat(related).hasSize(5);
            assertThat(related.get(0).id()).isEqualTo(PROTEIN_2.id());
            assertThat(bases(related)).doesNotContain(PROTEIN.id().base());
            assertThat(related.get(0).score()).isGreaterThan(related.get(1).score());

            List<Hit> forGraphs = library.related(GRAPHS.id(), 2);
            assertThat(bases(forGraphs)).hasSize(2).doesNotContain(GRAPHS.id().base());

            assertThat(library.related(ArxivId.parse("2501.09999"), 3)).isEmpty();
            assertThatThrownBy(() -> library.related(PROTEIN.id(), 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("k must be");
        }
    }

    @Test
    void newVersionReplacesOldAndOldNeverComesBack() throws IOException {
        try (PaperLibrary library = filled()) {
            PaperMeta v2 = paper("2501.00002v2", "cs.CL", 8, "Conformer acoustic models revisited",
                    SPEECH.abstractText() + " We add streaming decoding.");
            assertThat(library.add(v2, body(v2))).isTrue();

            List<Hit> hits = library.search(LibraryQuery.of("conformer speech recognition"));
            List<Hit> speech = hits.stream().filter(h -> h.id().base().equals(SPEECH.id().base())).toList();
            assertThat(speech).hasSize(1);
            assertThat(speech.get(0).id().version()).isEqualTo(2);
            assertThat(speech.get(0).title()).isEqualTo("Conformer acoustic models revisited");

            assertThat(library.add(SPEECH, body(SPEECH))).isFalse();
            assertThat(library.indexed(SPEECH.id().base())).contains(v2.id());
            assertThat(library.size()).isEqualTo(ALL.size());
        }
    }

    @Test
    void reopeningTheFolderKeepsTheIndex() throws IOException {
        try (PaperLibrary library = filled()) {
            assertThat(library.size()).isEqualTo(ALL.size());
        }
        try (PaperLibrary again = PaperLibrary.open(dir, embedder)) {
            assertThat(again.size()).isEqualTo(ALL.size());
            assertThat(again.indexed(GALAXIES.id().base())).contains(GALAXIES.id());
            assertThat(again.search(LibraryQuery.of(RARE_TERM)).get(0).id()).isEqualTo(ROBOTS.id());
            assertThat(again.related(PROTEIN.id(), 1).get(0).id()).isEqualTo(PROTEIN_2.id());
        }
    }

    @Test
    void refusesAnIndexBuiltWithAnotherModel() throws IOException {
        filled().close();
        Embedder other = new Embedder() {
            @Override
            public String name() {
                return "another-model";
            }

            @Override
            public int dimension() {
                return embedder.dimension();
            }

            @Override
            public float[] embed(String text) {
                return embedder.embed(text);
            }
        };
        assertThatThrownBy(() -> PaperLibrary.open(dir, other))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("all-minilm-l6-v2-q");
        // the refused open must not keep the folder locked
        try (PaperLibrary again = PaperLibrary.open(dir, embedder)) {
            assertThat(again.size()).isEqualTo(ALL.size());
        }
    }

    @Test
    void searchesRunWhileAnotherThreadAdds() throws Exception {
        int extra = 24;
        try (PaperLibrary library = PaperLibrary.open(dir, embedder, 5)) {
            for (PaperMeta p : ALL) {
                library.add(p, body(p));
            }
            CompletableFuture<Void> adder = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < extra; i++) {
                    PaperMeta p = paper(String.format("2502.%05dv1", i), "physics.ao-ph", 10,
                            "Ocean tide model number " + i, "We model ocean tides in basin " + i
                                    + " with a shallow water solver and compare against tide gauges.");
                    try {
                        library.add(p, body(p));
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            List<Integer> seen = new ArrayList<>();
            while (!adder.isDone()) {
                List<Hit> hits = library.search(LibraryQuery.of("speech recognition").withLimit(50));
                assertThat(hits.get(0).id()).isEqualTo(SPEECH.id());
                seen.add(hits.size());
            }
            adder.get(30, TimeUnit.SECONDS);

            assertThat(seen).isNotEmpty().isSorted();
            assertThat(library.size()).isEqualTo(ALL.size() + extra);
            List<Hit> tides = library.search(LibraryQuery.of("ocean tides").inCategories("physics.ao-ph")
                    .withLimit(50));
            assertThat(tides).hasSize(extra);
        }
    }

    @Test
    void emptyLibraryFindsNothingAndOldStyleIdsWork() throws IOException {
        try (PaperLibrary library = PaperLibrary.open(dir, embedder)) {
            assertThat(library.search(LibraryQuery.of("anything at all"))).isEmpty();
            assertThat(library.related(PROTEIN.id(), 3)).isEmpty();

            PaperMeta old = paper("hep-th/9901001v3", "hep-th", 1, "Strings on orbifolds",
                    "Compactification of superstrings on orbifolds.");
            library.add(old, "");
            assertThat(library.search(LibraryQuery.of("orbifold")).get(0).id()).isEqualTo(old.id());
            assertThat(library.indexed("hep-th/9901001")).contains(old.id());
        }
    }

    @Test
    void rejectsBadQueries() {
        assertThatThrownBy(() -> LibraryQuery.of("   "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> LibraryQuery.of("x").withLimit(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit");
        assertThatThrownBy(() -> LibraryQuery.of("x").withLimit(LibraryQuery.MAX_LIMIT + 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit");
        assertThatThrownBy(() -> LibraryQuery.of("x".repeat(LibraryQuery.MAX_TEXT + 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most");
        assertThatThrownBy(() -> LibraryQuery.of("x")
                .between(Instant.parse("2026-02-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:00Z")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("date range");
        // query syntax characters are plain text, never a parse error
        assertThat(LibraryQuery.of("\"unbalanced (quote* AND").text()).startsWith("\"");
    }
}
