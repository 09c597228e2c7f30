package org.paperradio.ingest.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.paperradio.core.kernel.BadInputException;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.ExtractedText;
import org.paperradio.core.paper.Section;
import org.paperradio.ingest.testing.RealFixtures;
import org.paperradio.ingest.testing.TestPapers;
import org.paperradio.ingest.testing.TestPdfs;

class PdfTextExtractorTest {

    private static final ArxivId ID = ArxivId.parse("2501.00001v1");

    private final PdfTextExtractor extractor = new PdfTextExtractor(60, Duration.ofSeconds(30));
    @TempDir
    Path dir;

    private Path write(byte[] bytes) throws IOException {
        Path p = Files.createTempFile(dir, "paper", ".pdf");
        Files.write(p, bytes);
        return p;
    }

    private static String normalised(String s) {
        return s.replaceAll("\\s+", " ").strip();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void givesBackExactlyTheTextOfEachSectionAndNothingElse(int index) throws Exception {
        TestPapers.TestPaper paper = TestPapers.get(index);
        TestPdfs.Built built = paper.pdf();
        assertThat(built.pages()).as("enough pages for running headers to repeat").isGreaterThanOrEqualTo(3);

        ExtractedText text = extractor.extract(write(built.bytes()), paper.id());

        assertThat(text.pageCount()).isEqualTo(built.pages());
        assertThat(text.sections()).extracting(Section::heading)
                .containsExactly("", "Abstract", "Introduction", "Method", "Results", "Conclusion");
        // the front matter: title and authors, no running header
        assertThat(normalised(text.sections().get(0).text()))
                .isEqualTo(paper.meta().title() + " " + String.join(", ", paper.meta().authors()));
        assertThat(normalised(text.section("abstract").orElseThrow().text())).isEqualTo(paper.meta().abstractText());
        for (TestPdfs.SectionText s : paper.sections()) {
            // equality shows at once: no header, no page number, hyphenation undone, nothing lost
            assertThat(normalised(text.section(s.heading()).orElseThrow().text())).as(s.heading()).isEqualTo(s.text());
        }
        String full = text.fullText();
        assertThat(full).doesNotContain(built.runningHeader()).doesNotContain("Preprint.");
        assertThat(full).doesNotContain("References");
        for (String ref : built.references()) {
            assertThat(full).doesNotContain(ref.substring(4, 30));
        }
        assertThat(built.hyphenated()).isNotEmpty();
        for (String word : built.hyphenated()) {
            assertThat(full).containsPattern("\\b" + word + "\\b");
        }
        assertThat(full).doesNotContainPattern("\\p{Ll}- \\p{Ll}");
    }

    @Test
    void keepsParagraphsApart() throws Exception {
        TestPapers.TestPaper paper = TestPapers.get(0);
        ExtractedText text = extractor.extract(write(paper.pdf().bytes()), paper.id());
        String intro = text.section("introduction").orElseThrow().text();
        List<String> paragraphs = List.of(intro.split("\n\n"));
        assertThat(paragraphs).hasSize(paper.section("Introduction").paragraphs().size());
        assertThat(paragraphs.get(1)).startsWith("We introduce ContactNet");
    }

    @Test
    void readsOnlyTheFirstPagesUpToTheLimit() throws Exception {
        TestPapers.TestPaper paper = TestPapers.get(2);
        ExtractedText text = new PdfTextExtractor(1, Duration.ofSeconds(30)).extract(write(paper.pdf().bytes()), paper.id());
        assertThat(text.pageCount()).isEqualTo(1);
        assertThat(text.section("introduction")).isPresent();
        assertThat(text.section("conclusion")).isEmpty();
        assertThat(text.fullText()).doesNotContain(paper.section("Conclusion").paragraphs().get(0).substring(0, 40));
    }

    @Test
    void givesUpAfterTheTimeLimit() throws Exception {
        Path pdf = write(TestPapers.get(0).pdf().bytes());
        PdfTextExtractor impatient = new PdfTextExtractor(60, Duration.ofNanos(1));
        assertThatThrownBy(() -> impatient.extract(pdf, ID))
                .isInstanceOf(BadInputException.class).hasMessageContaining("longer than");
    }

    @Test
    void aSinglePageThatTakesForeverIsStoppedInTheMiddleOfIt() throws Exception {
        // one page, a million text operators: seconds of work, and no page boundary to stop at
        Path pdf = write(TestPdfs.endlessPage(1000, 1000));
        Duration limit = Duration.ofMillis(300);
        long start = System.nanoTime();
        assertThatThrownBy(() -> new PdfTextExtractor(60, limit).extract(pdf, ID))
                .isInstanceOf(BadInputException.class).hasMessageContaining("longer than");
        long millis = (System.nanoTime() - start) / 1_000_000;
        // the caller waits up to GRACE for the cancelled worker to end: returning sooner means it ended
        assertThat(millis).isGreaterThanOrEqualTo(limit.toMillis())
                .isLessThan(limit.toMillis() + TimeLimit.GRACE.toMillis());
    }

    @Test
    void anEncryptedPdfIsBadInput() throws Exception {
        byte[] encrypted = TestPdfs.encrypted(TestPapers.get(0).pdf().bytes());
        try (PDDocument doc = Loader.loadPDF(encrypted, TestPdfs.USER_PASSWORD)) {
            assertThat(doc.isEncrypted()).as("a real encrypted PDF").isTrue();
        }
        assertThatThrownBy(() -> extractor.extract(write(encrypted), ID))
                .isInstanceOf(BadInputException.class).hasMessageContaining("encrypted");
    }

    @Test
    void aTruncatedPdfIsBadInput() throws Exception {
        byte[] cut = TestPdfs.truncated(TestPapers.get(0).pdf().bytes());
        assertThatThrownBy(() -> extractor.extract(write(cut), ID))
                .isInstanceOf(BadInputException.class).hasMessageContaining("truncated");
    }

    @Test
    void aPdfWithoutTextIsBadInput() throws Exception {
        assertThatThrownBy(() -> extractor.extract(write(TestPdfs.withoutText(3)), ID))
                .isInstanceOf(BadInputException.class).hasMessageContaining("no extractable text");
    }

    @Test
    void otherFilesAndBrokenPdfsAreBadInput() throws Exception {
        Path html = write("<html><body>Just a moment...</body></html>".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> extractor.extract(html, ID))
                .isInstanceOf(BadInputException.class).hasMessageContaining("not a PDF");
        Path garbage = write("%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >> garbage\n%%EOF\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> extractor.extract(garbage, ID)).isInstanceOf(BadInputException.class);
    }

    @Test
    void aMissingFileIsAnIOExceptionNotBadInput() {
        assertThatThrownBy(() -> extractor.extract(dir.resolve("nothing.pdf"), ID))
                .isInstanceOf(IOException.class);
    }

    @Test
    void readsTheRealArxivPdf() throws Exception {
        Path pdf = RealFixtures.require("arxiv-1111.2011v2.pdf");
        ExtractedText text = extractor.extract(pdf, ArxivId.parse("1111.2011v2"));
        assertThat(text.pageCount()).isEqualTo(8);
        Section intro = text.section("introduction").orElseThrow();
        assertThat(intro.heading()).isEqualTo("Introduction");
        assertThat(intro.text()).contains("condensed matter system").hasSizeGreaterThan(1000);
        assertThat(text.section("discussion")).isPresent();
        // the heading broken over two lines is one heading
        assertThat(text.sections()).extracting(Section::heading).contains("Self-consistent Action in the Large z Limit");
        String full = text.fullText();
        assertThat(full).startsWith("Quantum Criticality for Extended Nodes on a Bethe Lattice");
        assertThat(full).doesNotContain("cond-mat").doesNotContain("co nd -m at"); // arXiv's side stamp
        assertThat(full).doesNotContain("Adv. Phys. 59, 803"); // the bibliography, printed without a heading
        assertThat(full).contains("degrees of freedom"); // "free-" / "dom" at a line end
    }
}
