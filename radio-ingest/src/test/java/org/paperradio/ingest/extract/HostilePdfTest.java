package org.paperradio.ingest.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperradio.core.kernel.BadInputException;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.ExtractedText;
import org.paperradio.ingest.testing.TestPdfs;

/**
 * PDFs made to hurt a reader: empty, thousands of pages, and decompression bombs. Each must end
 * as bad input or as a bounded success, never as an OutOfMemoryError or minutes of CPU; memory
 * is proven in a child JVM with a small heap.
 */
class HostilePdfTest {

    private static final ArxivId ID = ArxivId.parse("2501.00001v1");
    private static final long GIB = 1L << 30;
    /** The child JVM's heap: a bomb that is decoded whole needs gigabytes. */
    private static final String CHILD_HEAP = "-Xmx160m";

    @TempDir
    Path dir;

    private Path write(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    @Test
    void anEmptyFileIsBadInputThatSaysItIsEmpty() throws Exception {
        Path pdf = write("paper.pdf", TestPdfs.empty());
        assertThat(Files.size(pdf)).isZero();
        assertThatThrownBy(() -> new PdfTextExtractor(60, Duration.ofSeconds(30)).extract(pdf, ID))
                .isInstanceOf(BadInputException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> new PageRenderer(60, 20, Duration.ofSeconds(30)).render(pdf, dir.resolve("pages"), ID))
                .isInstanceOf(BadInputException.class).hasMessageContaining("empty");
        assertThat(PageRendererTest.names(dir)).containsExactly("paper.pdf");
    }

    @Test
    void ofTwoThousandPagesOnlyThePageLimitIsReadAndRendered() throws Exception {
        byte[] bytes = TestPdfs.manyPages(2000);
        assertThat(bytes.length).as("small in bytes").isLessThan(1_000_000);
        try (PDDocument doc = Loader.loadPDF(bytes)) {
            assertThat(doc.getNumberOfPages()).isEqualTo(2000);
        }
        Path pdf = write("paper.pdf", bytes);

        long start = System.nanoTime();
        ExtractedText text = new PdfTextExtractor(60, Duration.ofSeconds(30)).extract(pdf, ID);
        assertThat(text.pageCount()).isEqualTo(60);
        String full = text.fullText();
        assertThat(full).contains(TestPdfs.manyPagesLine(1, 2000)).contains(TestPdfs.manyPagesLine(60, 2000))
                .doesNotContain(TestPdfs.manyPagesLine(61, 2000));

        Path pages = dir.resolve("pages");
        assertThat(new PageRenderer(25, 10, Duration.ofSeconds(30)).render(pdf, pages, ID)).isEqualTo(25);
        assertThat(PageRendererTest.names(pages)).hasSize(25).endsWith(PageRenderer.pageName(25));
        // a sanity bound, not a benchmark: reading all 2000 pages would take far longer
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void noPageIsReadAfterTheCapOnCharactersKept() throws Exception {
        // about 130 characters a page: a cap of 1000 is crossed on page 8, and page 8 is kept whole
        try (PDDocument doc = Loader.loadPDF(TestPdfs.manyPages(300))) {
            LineCollector capped = new LineCollector(new TimeLimit.Cancel(), 1000);
            List<List<TextLine>> pages = capped.collect(doc, 1, 300);
            assertThat(capped.capped()).isTrue();
            assertThat(pages).hasSizeBetween(5, 12);
            long chars = pages.stream().flatMap(List::stream).mapToLong(l -> l.text().length()).sum();
            assertThat(chars).isGreaterThanOrEqualTo(1000).isLessThan(1000 + 200);
            assertThat(pages.getLast()).extracting(TextLine::text)
                    .containsExactly(TestPdfs.manyPagesLine(pages.size(), 300));

            LineCollector uncapped = new LineCollector(new TimeLimit.Cancel());
            assertThat(uncapped.collect(doc, 1, 300)).hasSize(300);
            assertThat(uncapped.capped()).isFalse();
        }
    }

    @Test
    void aContentStreamBombIsBadInputQuickly() throws Exception {
        // 1 GiB of text operators in a file of a few MB
        byte[] bytes = TestPdfs.contentBomb(GIB);
        assertThat(bytes.length).isLessThan(5_000_000);
        Path pdf = write("paper.pdf", bytes);
        long start = System.nanoTime();
        // its one page loses its text past the limit, which leaves a paper without text
        assertThatThrownBy(() -> new PdfTextExtractor(60, Duration.ofSeconds(30)).extract(pdf, ID))
                .isInstanceOf(BadInputException.class).hasMessageContaining("no extractable text");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        // drawing the text of 1 GiB is only stopped by the time limit (in the stage, the text fails first)
        Duration limit = Duration.ofMillis(500);
        assertThatThrownBy(() -> new PageRenderer(60, 20, limit).render(pdf, dir.resolve("pages"), ID))
                .isInstanceOf(BadInputException.class).hasMessageContaining("longer than");
    }

    @Test
    void aPageWithTooMuchTextLosesItsTextNotThePaper() throws Exception {
        // page 2 shows ~90,000 characters (a freak appendix table, say); pages 1 and 3 are ordinary
        byte[] pdf;
        try (PDDocument doc = Loader.loadPDF(TestPdfs.manyPages(3))) {
            org.apache.pdfbox.pdmodel.PDPage dense = doc.getPage(1);
            var font = new org.apache.pdfbox.pdmodel.font.PDType1Font(
                    org.apache.pdfbox.pdmodel.font.Standard14Fonts.FontName.HELVETICA);
            try (var out = new org.apache.pdfbox.pdmodel.PDPageContentStream(doc, dense,
                    org.apache.pdfbox.pdmodel.PDPageContentStream.AppendMode.APPEND, false)) {
                out.beginText();
                out.setFont(font, 2);
                out.newLineAtOffset(10, 780);
                for (int row = 0; row < 1_500; row++) {
                    out.showText("cell " + row + " 0.123 0.456 0.789 0.012 0.345 0.678 0.901 0.234");
                    out.newLineAtOffset(0, -0.5f);
                }
                out.endText();
            }
            var bytes = new java.io.ByteArrayOutputStream();
            doc.save(bytes);
            pdf = bytes.toByteArray();
        }
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            LineCollector collector = new LineCollector(new TimeLimit.Cancel());
            assertThat(collector.collect(doc, 1, 3)).hasSize(3);
            assertThat(collector.droppedPages()).containsExactly(2);
        }
        ExtractedText text = new PdfTextExtractor(60, Duration.ofSeconds(30)).extract(write("dense.pdf", pdf), ID);
        assertThat(text.pageCount()).isEqualTo(3);
        assertThat(text.fullText()).contains(TestPdfs.manyPagesLine(1, 3)).contains(TestPdfs.manyPagesLine(3, 3))
                .doesNotContain("cell 1499");
    }

    @Test
    void aPathThatIsNeverPaintedIsBadInputForTheRenderer() throws Exception {
        // 256 MiB of "0 0 m 1 1 l ": PDFBox would gather 40 million segments in one path
        Path pdf = write("paper.pdf", TestPdfs.contentBomb(256L << 20, "", "0 0 m 1 1 l "));
        assertThatThrownBy(() -> new PageRenderer(60, 20, Duration.ofSeconds(30)).render(pdf, dir.resolve("pages"), ID))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("path of more than " + PageRenderer.MAX_PATH_SEGMENTS + " segments");
        assertThat(PageRendererTest.names(dir)).containsExactly("paper.pdf");
    }

    @Test
    void anImageBombIsLeftOutOfItsPageAndAnOrdinaryImageIsDrawn() throws Exception {
        // 40,000 x 40,000 grey pixels (1.6 GB), drawn over the whole page, black where drawn
        Path pages = dir.resolve("pages");
        PageRenderer renderer = new PageRenderer(60, 20, Duration.ofSeconds(30));
        assertThat(renderer.render(write("bomb.pdf", TestPdfs.imageBomb(40_000, 40_000)), pages, ID)).isEqualTo(1);
        BufferedImage bomb = ImageIO.read(pages.resolve("001.png").toFile());
        assertThat(PageRendererTest.ink(bomb)).as("the page without its image: a line of text").isLessThan(0.05);

        // the same page with an image of 2000 x 2000: drawn, the page is black
        renderer.render(write("ordinary.pdf", TestPdfs.imageBomb(2000, 2000)), pages, ID);
        assertThat(PageRendererTest.ink(ImageIO.read(pages.resolve("001.png").toFile()))).isGreaterThan(0.95);
    }

    @Test
    void decodedPixelsFollowPdfBoxsSubsampling() {
        // drawn at its own size: no subsampling
        assertThat(PageRenderer.decodedPixels(1000, 1000, 1_000_000)).isEqualTo(1_000_000);
        // drawn at a quarter of its size per side: decoded at a quarter
        assertThat(PageRenderer.decodedPixels(4000, 4000, 1_000_000)).isEqualTo(1_000_000);
        // never subsampled more than 8 times per side
        assertThat(PageRenderer.decodedPixels(40_000, 40_000, 1_000_000)).isEqualTo(25_000_000);
        assertThat(PageRenderer.decodedPixels(60_000, 60_000, 0)).isEqualTo(3_600_000_000L);
    }

    @Test
    void bombsStayWithinASmallHeapInAChildJvm() throws Exception {
        record Case(String name, byte[] pdf, String renderSeconds, List<String> expected) {
        }
        List<Case> cases = List.of(
                new Case("content", TestPdfs.contentBomb(GIB), "2",
                        List.of("text bad: PDF has no extractable text", "render bad: page rendering took longer")),
                new Case("image", TestPdfs.imageBomb(60_000, 60_000), "30",
                        List.of("text bad: PDF has no extractable text", "render ok 1 pages 1 files")),
                new Case("path", TestPdfs.contentBomb(256L << 20, "", "0 0 m 1 1 l "), "30",
                        List.of("render bad: PDF page 1 cannot be rendered: a path of more than")));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // under surefire this is its manifest-only jar, whose manifest lists the test class path
        String classPath = System.getProperty("java.class.path");
        for (Case c : cases) {
            Path pdf = write(c.name() + ".pdf", c.pdf());
            Path out = dir.resolve(c.name() + ".out");
            Process child = new ProcessBuilder(java, CHILD_HEAP, "-Djava.awt.headless=true", "-cp", classPath,
                    HostilePdfProbe.class.getName(), pdf.toString(), dir.resolve(c.name() + "-pages").toString(),
                    "60", "30", c.renderSeconds())
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            boolean ended = child.waitFor(60, TimeUnit.SECONDS);
            if (!ended) {
                child.destroyForcibly().waitFor();
            }
            String output = Files.readString(out, StandardCharsets.UTF_8);
            assertThat(ended).as(c.name() + " ended within the sanity bound:\n" + output).isTrue();
            assertThat(output).as(c.name()).doesNotContain("OutOfMemoryError").contains("max heap MiB 160")
                    .contains("\ndone");
            for (String line : c.expected()) {
                assertThat(output).as(c.name()).contains(line);
            }
            assertThat(child.exitValue()).as(c.name() + ":\n" + output).isZero();
        }
    }
}
