package org.paperradio.ingest.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperradio.core.kernel.BadInputException;
import org.paperradio.core.paper.ExtractedText;
import org.paperradio.core.paper.PaperRecord;
import org.paperradio.core.paper.Stage;
import org.paperradio.core.store.PaperStore;
import org.paperradio.ingest.testing.TestPapers;
import org.paperradio.ingest.testing.TestPdfs;

class ExtractStageTest {

    @TempDir
    Path dir;
    private PaperStore store;
    private ExtractStage stage;
    private final TestPapers.TestPaper paper = TestPapers.get(3);

    @BeforeEach
    void setUp() throws IOException {
        store = new PaperStore(dir.resolve("data"), Clock.systemUTC());
        stage = new ExtractStage(store, new PdfTextExtractor(60, Duration.ofSeconds(30)),
                new PageRenderer(60, 30, Duration.ofSeconds(30)));
    }

    private PaperRecord fetched(byte[] pdf) throws IOException {
        store.add(paper.meta());
        store.advance(paper.id(), Stage.FETCHED);
        if (pdf != null) {
            Files.write(store.file(paper.id(), "paper.pdf"), pdf);
        }
        return store.load(paper.id());
    }

    private List<String> folder() throws IOException {
        try (Stream<Path> s = Files.list(store.folder(paper.id()))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesPagesSectionsAndText() throws Exception {
        assertThat(stage.name()).isEqualTo("extract");
        assertThat(stage.input()).isEqualTo(Stage.FETCHED);
        assertThat(stage.output()).isEqualTo(Stage.EXTRACTED);
        TestPdfs.Built built = paper.pdf();

        stage.process(fetched(built.bytes()));

        assertThat(folder()).containsExactly("pages", "paper.json", "paper.pdf", "sections.json", "text.txt");
        ExtractedText text = store.readJson(paper.id(), "sections.json", ExtractedText.class);
        assertThat(text.pageCount()).isEqualTo(built.pages());
        assertThat(text.section("results")).isPresent();
        assertThat(text.section("method").orElseThrow().text()).contains("GraspPilot");
        assertThat(Files.readString(store.file(paper.id(), "text.txt"))).isEqualTo(text.fullText());
        try (Stream<Path> pngs = Files.list(store.file(paper.id(), "pages"))) {
            List<Path> pages = pngs.sorted().toList();
            assertThat(pages).hasSize(built.pages());
            assertThat(ImageIO.read(pages.get(0).toFile()).getWidth()).isEqualTo(255); // 8.5 in at 30 dpi
        }
    }

    @Test
    void runningAgainReplacesTheArtifacts() throws Exception {
        PaperRecord rec = fetched(paper.pdf().bytes());
        stage.process(rec);
        String first = Files.readString(store.file(paper.id(), "text.txt"));
        stage.process(rec);
        assertThat(Files.readString(store.file(paper.id(), "text.txt"))).isEqualTo(first);
        assertThat(folder()).containsExactly("pages", "paper.json", "paper.pdf", "sections.json", "text.txt");
    }

    @Test
    void anUnreadablePdfIsBadInputAndWritesNothing() throws Exception {
        PaperRecord rec = fetched(TestPdfs.encrypted(paper.pdf().bytes()));
        assertThatThrownBy(() -> stage.process(rec)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("encrypted");
        assertThat(folder()).containsExactly("paper.json", "paper.pdf");
    }

    @Test
    void aMissingPdfIsBadInput() throws Exception {
        PaperRecord rec = fetched(null);
        assertThatThrownBy(() -> stage.process(rec)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("paper.pdf");
    }
}
