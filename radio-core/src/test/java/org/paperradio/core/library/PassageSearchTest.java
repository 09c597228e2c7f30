package org.paperradio.core.library;

import static org.paperradio.core.testing.TestMeta.paper;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperradio.core.paper.PaperMeta;

class PassageSearchTest {

    private static Embedder embedder;

    @TempDir
    Path dir;

    private static final String BEES = "Honeybee foragers perform a waggle dance on the comb whose angle and "
            + "duration tell their nest mates the direction and distance of a rich patch of flowers.";
    private static final String BREAD = "Sourdough starters ferment flour with wild yeast and lactic acid bacteria, "
            + "and the resulting loaf rises slowly and tastes pleasantly sour.";

    private static final PaperMeta PROTEIN = paper("2501.00001v1", "q-bio.BM", 1,
            "Predicting protein folding pathways with coevolutionary contact maps",
            "We predict the tertiary structure of proteins from their amino acid sequence using "
                    + "coevolution signals and residue contact maps.");
    private static final PaperMeta SPEECH = paper("2501.00002v1", "cs.CL", 2,
            "Conformer acoustic models for noisy telephone speech recognition",
            "We train an end-to-end speech recognition system on telephone recordings and lower the word "
                    + "error rate under background noise.");
    private static final PaperMeta GRAPHS = paper("2501.00003v1", "cs.DS", 3,
            "Faster shortest paths in sparse directed graphs",
            "We give an algorithm for single-source shortest paths in sparse directed graphs that beats "
                    + "Dijkstra's algorithm.");

    @BeforeAll
    static void loadModel() {
        embedder = new MiniLmEmbedder();
    }

    /** Paragraphs on the paper's own topic, one of them replaced by {@code aside} when given. */
    private static String body(PaperMeta p, int paragraphs, String aside) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < paragraphs; i++) {
            if (i == 2 && aside != null) {
                b.append(aside).append(" We mention this only as an analogy for the reader.\n\n");
                continue;
            }
            b.append("In part ").append(i + 1).append(" we return to the main question. ")
                    .append(p.abstractText()).append(' ').append(p.title()).append(" is the subject here. ")
                    .append("The experiments in this part repeat the setup with different parameters and ")
                    .append("report the same measurements as before.\n\n");
        }
        return b.toString();
    }

    private PaperLibrary filled(String proteinAside) throws IOException {
        PaperLibrary library = PaperLibrary.open(dir, embedder);
        library.add(PROTEIN, body(PROTEIN, 8, proteinAside));
        library.add(SPEECH, body(SPEECH, 6, null));
        library.add(GRAPHS, body(GRAPHS, 6, null));
        return library;
    }

    @Test
    void findsTheDistinctivePassageOfAPaperWhoseAbstractIsAboutSomethingElse() throws IOException {
        try (PaperLibrary library = filled(BEES)) {
            List<Passage> found = library.passages(
                    LibraryQuery.of("how do insects show each other where food can be found").withLimit(3));

            assertThat(found).isNotEmpty();
            Passage top = found.get(0);
            assertThat(top.id()).isEqualTo(PROTEIN.id());
            assertThat(top.title()).isEqualTo(PROTEIN.title());
            assertThat(top.text()).contains(BEES);
            assertThat(top.index()).isPositive();
            if (found.size() > 1) {
                assertThat(top.score()).isGreaterThan(found.get(1).score());
            }
            // the paper-level search ranks by title and abstract: the aside does not make it a bee paper
            assertThat(library.search(LibraryQuery.of("protein folding")).get(0).id()).isEqualTo(PROTEIN.id());
        }
    }

    @Test
    void passagesHonourCategoryAndDateFilters() throws IOException {
        try (PaperLibrary library = filled(BEES)) {
            LibraryQuery bees = LibraryQuery.of("waggle dance of honeybees").withLimit(50);

            assertThat(library.passages(bees.inCategories("cs.CL")))
                    .isNotEmpty().allSatisfy(p -> assertThat(p.id()).isEqualTo(SPEECH.id()));
            assertThat(library.passages(bees.between(GRAPHS.published(), null)))
                    .isNotEmpty().allSatisfy(p -> assertThat(p.id()).isEqualTo(GRAPHS.id()));
            assertThat(library.passages(bees.inCategories("math.AG"))).isEmpty();
        }
    }

    @Test
    void newVersionReplacesAllPassagesOfTheOld() throws IOException {
        try (PaperLibrary library = filled(BEES)) {
            PaperMeta v2 = paper("2501.00001v2", "q-bio.BM", 4, PROTEIN.title(), PROTEIN.abstractText());
            String v2Body = body(v2, 4, BREAD);
            assertThat(library.add(v2, v2Body)).isTrue();

            List<Passage> all = library.passages(LibraryQuery.of("protein folding waggle dance honeybee sourdough")
                    .withLimit(LibraryQuery.MAX_LIMIT));
            List<Passage> protein = all.stream().filter(p -> p.id().base().equals(PROTEIN.id().base())).toList();
            // exactly the new version's passages, none of v1's (which had twice as many)
            assertThat(protein).extracting(p -> p.id().version()).containsOnly(2);
            assertThat(protein).extracting(Passage::index).doesNotHaveDuplicates()
                    .hasSize(PassageSplitter.split(v2Body).size());
            assertThat(all).noneSatisfy(p -> assertThat(p.text()).contains("waggle"));

            Passage bread = library.passages(LibraryQuery.of("baking bread with a sour fermented dough")
                    .withLimit(1)).get(0);
            assertThat(bread.id()).isEqualTo(v2.id());
            assertThat(bread.text()).contains(BREAD);
        }
        // the replacement was committed as one: reopening shows the same
        try (PaperLibrary again = PaperLibrary.open(dir, embedder)) {
            assertThat(again.size()).isEqualTo(3);
            assertThat(again.passages(LibraryQuery.of("honeybee waggle dance").withLimit(LibraryQuery.MAX_LIMIT)))
                    .filteredOn(p -> p.id().base().equals(PROTEIN.id().base()))
                    .isNotEmpty()
                    .allSatisfy(p -> assertThat(p.id().version()).isEqualTo(2))
                    .noneSatisfy(p -> assertThat(p.text()).contains("waggle"));
        }
    }

    @Test
    void paperLevelCallsNeverSeePassageDocuments() throws IOException {
        try (PaperLibrary library = filled(BEES)) {
            assertThat(library.size()).isEqualTo(3);

            List<Hit> hits = library.search(LibraryQuery.of("honeybee waggle dance flowers experiments")
                    .withLimit(LibraryQuery.MAX_LIMIT));
            assertThat(hits).hasSize(3);
            assertThat(hits).extracting(h -> h.id().base()).doesNotHaveDuplicates();
            assertThat(hits.get(0).id()).isEqualTo(PROTEIN.id());

            List<Hit> related = library.related(SPEECH.id(), 10);
            assertThat(related).extracting(Hit::id).containsExactlyInAnyOrder(PROTEIN.id(), GRAPHS.id());

            List<Theme> themes = library.themes(null, null);
            assertThat(themes.stream().mapToInt(Theme::size).sum()).isEqualTo(3);
            assertThat(library.themes(List.of(PROTEIN.id(), GRAPHS.id())).stream().mapToInt(Theme::size).sum())
                    .isEqualTo(2);
        }
        try (PaperLibrary again = PaperLibrary.open(dir, embedder)) {
            assertThat(again.size()).isEqualTo(3);
            assertThat(again.indexed(PROTEIN.id().base())).contains(PROTEIN.id());
        }
    }

    @Test
    void paperWithoutFullTextHasNoPassages() throws IOException {
        try (PaperLibrary library = PaperLibrary.open(dir, embedder)) {
            library.add(SPEECH, "");
            assertThat(library.passages(LibraryQuery.of("speech recognition"))).isEmpty();
            assertThat(library.search(LibraryQuery.of("speech recognition"))).hasSize(1);
        }
    }
}
