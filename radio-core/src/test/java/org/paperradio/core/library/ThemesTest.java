package org.paperradio.core.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.License;
import org.paperradio.core.paper.PaperMeta;

class ThemesTest {

    private static final Instant WEEK = Instant.parse("2026-03-02T00:00:00Z");

    private static Embedder embedder;

    @TempDir
    Path dir;

    // three clearly distinct subjects, four papers each, published in one week
    private static final List<PaperMeta> PROTEINS = List.of(
            paper("2503.00101v1", 0, "Protein folding pathways from coevolutionary contact maps",
                    "Residue contact maps inferred from multiple sequence alignments guide a protein folding "
                            + "simulation that predicts tertiary structure of small globular domains."),
            paper("2503.00102v1", 1, "Molecular dynamics of misfolded protein aggregates",
                    "Long molecular dynamics simulations show how partially unfolded protein chains aggregate "
                            + "into amyloid fibrils and which residues stabilise the native fold."),
            paper("2503.00103v2", 2, "Deep learning of protein structure from amino acid sequence",
                    "A neural network maps the amino acid sequence of a protein to inter-residue distances and "
                            + "folds the chain into an accurate three-dimensional structure."),
            paper("2503.00104v1", 3, "Chaperone assisted protein folding in the crowded cell",
                    "Chaperones bind nascent protein chains and prevent misfolding; we model folding kinetics "
                            + "of the protein under macromolecular crowding."));
    private static final List<PaperMeta> SPEECH = List.of(
            paper("2503.00201v1", 0, "Conformer acoustic models for noisy telephone speech recognition",
                    "An end-to-end speech recognition system trained on conversational telephone recordings "
                            + "lowers the word error rate of transcripts under background noise."),
            paper("2503.00202v1", 1, "Streaming speech recognition with low latency transducers",
                    "A recurrent neural transducer transcribes spoken audio as it arrives, keeping the word "
                            + "error rate of the speech recognizer close to offline decoding."),
            paper("2503.00203v1", 2, "Speaker adaptation for accented speech recognition",
                    "Adapting acoustic models to accented speakers reduces speech recognition errors on "
                            + "spoken utterances from non-native talkers."),
            paper("2503.00204v1", 3, "Self-supervised audio pretraining for low-resource speech recognition",
                    "Pretraining on untranscribed audio recordings of speech lets a recognizer learn phonetic "
                            + "units and transcribe spoken languages with little labelled speech."));
    private static final List<PaperMeta> GALAXIES = List.of(
            paper("2503.00301v1", 0, "Photometric redshifts for a deep wide-field galaxy survey",
                    "We estimate photometric redshifts for millions of galaxies observed by a survey telescope "
                            + "and map the large-scale structure of the cosmic web."),
            paper("2503.00302v1", 1, "Star formation histories of dwarf galaxies",
                    "Spectra of nearby dwarf galaxies reveal bursts of star formation and the role of stellar "
                            + "feedback in shaping galaxy evolution."),
            paper("2503.00303v1", 2, "Supermassive black holes at the centres of galaxies",
                    "Telescope observations of galactic nuclei measure the masses of supermassive black holes "
                            + "and their growth alongside their host galaxies."),
            paper("2503.00304v1", 3, "Dark matter halos around spiral galaxies",
                    "Rotation curves of spiral galaxies observed with a radio telescope constrain the dark "
                            + "matter halo profile surrounding each galaxy."));
    // outside the week: part of the library, never of its themes
    private static final List<PaperMeta> OTHERS = List.of(
            paper("2502.00401v1", -20, "Faster shortest paths in sparse directed graphs",
                    "An algorithm for single-source shortest paths with nonnegative edge weights beats "
                            + "Dijkstra's algorithm on sparse graphs."),
            paper("2502.00402v1", -21, "Learning dexterous grasping policies for robot hands",
                    "A robot hand learns grasping from human demonstrations and transfers the controller to "
                            + "hardware."));

    @BeforeAll
    static void loadModel() {
        embedder = new MiniLmEmbedder();
    }

    private static PaperMeta paper(String id, int day, String title, String abstractText) {
        return new PaperMeta(ArxivId.parse(id), title, List.of("A. Author"), abstractText, List.of("misc"),
                WEEK.plusSeconds(86_400L * day + 3_600), null, URI.create("http://localhost/pdf/" + id),
                License.unknown());
    }

    private PaperLibrary filled() throws IOException {
        PaperLibrary library = PaperLibrary.open(dir, embedder);
        List<PaperMeta> all = new ArrayList<>();
        // interleaved, so grouping cannot lean on the order papers arrive in
        for (int i = 0; i < 4; i++) {
            all.add(GALAXIES.get(i));
            all.add(PROTEINS.get(i));
            all.add(SPEECH.get(i));
        }
        all.addAll(OTHERS);
        for (PaperMeta p : all) {
            library.add(p, "");
        }
        return library;
    }

    private static Set<ArxivId> ids(List<PaperMeta> papers) {
        return papers.stream().map(PaperMeta::id).collect(Collectors.toSet());
    }

    private static Set<ArxivId> ids(Theme theme) {
        return theme.papers().stream().map(Hit::id).collect(Collectors.toSet());
    }

    @Test
    void separatesThreeSubjectsAndLabelsEachWithItsWord() throws IOException {
        try (PaperLibrary library = filled()) {
            List<Theme> themes = library.themes(WEEK, WEEK.plusSeconds(7 * 86_400L));

            assertThat(themes).hasSize(3);
            Map<Set<ArxivId>, String> expected = Map.of(
                    ids(PROTEINS), "protein", ids(SPEECH), "speech", ids(GALAXIES), "galax");
            for (Theme theme : themes) {
                assertThat(expected).as(theme.label()).containsKey(ids(theme));
                assertThat(theme.label()).contains(expected.get(ids(theme)));
                // 2 to 4 words, none of them the filler every abstract has
                int words = theme.label().split("[ ,]+").length;
                assertThat(words).as(theme.label()).isBetween(2, 4);
                assertThat(theme.label().split("[ ,]+")).doesNotContain("we", "the", "of");
                // most typical first
                assertThat(theme.papers()).isSortedAccordingTo((a, b) -> Double.compare(b.score(), a.score()));
            }

            // the same papers named by id give the same themes, and so does asking again
            List<ArxivId> week = new ArrayList<>();
            week.addAll(ids(SPEECH));
            week.addAll(ids(GALAXIES));
            week.addAll(ids(PROTEINS));
            week.add(ArxivId.parse("2503.09999v1")); // not in the library: left out
            List<Theme> byId = library.themes(week);
            assertThat(byId.stream().map(ThemesTest::ids).collect(Collectors.toSet()))
                    .isEqualTo(themes.stream().map(ThemesTest::ids).collect(Collectors.toSet()));
            assertThat(library.themes(WEEK, WEEK.plusSeconds(7 * 86_400L))).isEqualTo(themes);
        }
    }

    @Test
    void onePaperIsOneThemeAndNoPapersNone() throws IOException {
        try (PaperLibrary library = filled()) {
            PaperMeta one = SPEECH.get(1);
            List<Theme> single = library.themes(List.of(one.id()));

            assertThat(single).hasSize(1);
            assertThat(single.get(0).papers()).extracting(Hit::id).containsExactly(one.id());
            // labelled from its own words: those that set it apart from the rest of the library
            String own = (one.title() + " " + one.abstractText()).toLowerCase();
            assertThat(single.get(0).label()).isNotBlank();
            assertThat(single.get(0).label().split("[ ,]+")).allSatisfy(word -> assertThat(own).contains(word));

            assertThat(library.themes(List.of())).isEmpty();
            assertThat(library.themes(List.of(ArxivId.parse("2503.09999v1")))).isEmpty();
            assertThat(library.themes(WEEK.plusSeconds(30 * 86_400L), WEEK.plusSeconds(31 * 86_400L))).isEmpty();
            assertThatThrownBy(() -> library.themes(WEEK.plusSeconds(1), WEEK))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
