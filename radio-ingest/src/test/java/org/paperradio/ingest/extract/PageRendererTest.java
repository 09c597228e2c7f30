package org.paperradio.ingest.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperradio.core.kernel.BadInputException;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.ingest.testing.TestPapers;
import org.paperradio.ingest.testing.TestPdfs;

class PageRendererTest {

    private static final ArxivId ID = ArxivId.parse("2501.00001v1");

    @TempDir
    Path dir;

    private Path pdf(byte[] bytes) throws IOException {
        Path p = dir.resolve("paper.pdf");
        Files.write(p, bytes);
        return p;
    }

    static List<String> names(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Share of pixels that are clearly not white: text was drawn. */
    static double ink(BufferedImage img) {
        long dark = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                int lum = ((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff);
                if (lum < 3 * 128) {
                    dark++;
                }
            }
        }
        return (double) dark / ((long) img.getWidth() * img.getHeight());
    }

    @Test
    void rendersEveryPageToAPngOfTheSizeTheDpiGives() throws Exception {
        TestPdfs.Built built = TestPapers.get(4).pdf();
        Path pages = dir.resolve("pages");
        int n = new PageRenderer(60, 36, Duration.ofSeconds(30)).render(pdf(built.bytes()), pages, ID);
        assertThat(n).isEqualTo(built.pages());
        assertThat(names(pages)).containsExactly(
                IntStream.rangeClosed(1, n).mapToObj(PageRenderer::pageName).toArray(String[]::new));
        for (String name : names(pages)) {
            BufferedImage img = ImageIO.read(pages.resolve(name).toFile());
            assertThat(img).as(name).isNotNull();
            // US Letter is 8.5 x 11 inches
            assertThat(img.getWidth()).isEqualTo(306);
            assertThat(img.getHeight()).isEqualTo(396);
            // a page of references can be nearly empty, and PDFBox draws the standard fonts with
            // whatever similar font the system has: a low floor, but a blank page has none
            assertThat(ink(img)).as("ink on " + name).isBetween(0.0005, 0.5);
        }
        int again = new PageRenderer(60, 72, Duration.ofSeconds(30)).render(pdf(built.bytes()), pages, ID);
        BufferedImage big = ImageIO.read(pages.resolve("001.png").toFile());
        assertThat(again).isEqualTo(n);
        assertThat(big.getWidth()).isEqualTo(612);
        assertThat(big.getHeight()).isEqualTo(792);
        assertThat(names(dir)).containsExactlyInAnyOrder("pages", "paper.pdf"); // no temporaries left
    }

    @Test
    void rendersOnlyUpToThePageLimitAndReplacesAnOlderFolder() throws Exception {
        Path pages = dir.resolve("pages");
        Files.createDirectories(pages);
        Files.writeString(pages.resolve("999.png"), "stale");
        int n = new PageRenderer(2, 20, Duration.ofSeconds(30)).render(pdf(TestPapers.get(0).pdf().bytes()), pages, ID);
        assertThat(n).isEqualTo(2);
        assertThat(names(pages)).containsExactly("001.png", "002.png");
    }

    @Test
    void aBadPdfLeavesNoFolderBehind() throws Exception {
        Path pages = dir.resolve("pages");
        byte[] encrypted = TestPdfs.encrypted(TestPapers.get(0).pdf().bytes());
        assertThatThrownBy(() -> new PageRenderer(60, 36, Duration.ofSeconds(30)).render(pdf(encrypted), pages, ID))
                .isInstanceOf(BadInputException.class).hasMessageContaining("encrypted");
        assertThat(names(dir)).containsExactly("paper.pdf");
    }

    @Test
    void aHugePageIsRenderedAtALowerDpiWithinThePixelCap() throws Exception {
        // 200 x 200 inches: 20000 x 20000 pixels (1.6 GB) at 100 dpi without the cap
        Path pages = dir.resolve("pages");
        new PageRenderer(60, 100, Duration.ofSeconds(30)).render(pdf(TestPdfs.sizedPage(14400, 14400)), pages, ID);
        BufferedImage square = ImageIO.read(pages.resolve("001.png").toFile());
        assertThat((long) square.getWidth() * square.getHeight()).isLessThanOrEqualTo(PageRenderer.MAX_PIXELS);
        assertThat(square.getWidth()).isEqualTo(square.getHeight()).isGreaterThan(1900);
        // the whole page, scaled: the black square covers a sixteenth of it
        assertThat(ink(square)).isBetween(0.055, 0.07);

        // a long strip keeps its shape: 200 x 11 inches
        new PageRenderer(60, 100, Duration.ofSeconds(30)).render(pdf(TestPdfs.sizedPage(14400, 792)), pages, ID);
        BufferedImage strip = ImageIO.read(pages.resolve("001.png").toFile());
        assertThat((long) strip.getWidth() * strip.getHeight()).isLessThanOrEqualTo(PageRenderer.MAX_PIXELS)
                .isGreaterThan(PageRenderer.MAX_PIXELS * 9 / 10);
        assertThat((double) strip.getWidth() / strip.getHeight()).isCloseTo(14400.0 / 792, within(0.1));
    }

    @Test
    void onlyPagesOverThePixelCapGetALowerDpi() {
        assertThat(PageRenderer.dpiFor(PDRectangle.LETTER, 100)).isEqualTo(100f);
        assertThat(PageRenderer.dpiFor(PDRectangle.LETTER, 200)).isEqualTo(200f); // 1700 x 2200 pixels
        float dpi = PageRenderer.dpiFor(PDRectangle.LETTER, 300); // 2550 x 3300 would be 8.4 megapixels
        assertThat(dpi).isLessThan(300f);
        double pixels = (8.5 * dpi) * (11 * dpi);
        assertThat(pixels).isLessThanOrEqualTo(PageRenderer.MAX_PIXELS).isGreaterThan(PageRenderer.MAX_PIXELS * 0.99);
    }

    @Test
    void aSinglePageThatTakesForeverIsStoppedInTheMiddleOfIt() throws Exception {
        // one page, a million text operators: a minute of drawing, and no page boundary to stop at
        Path file = pdf(TestPdfs.endlessPage(1000, 1000));
        Duration limit = Duration.ofMillis(300);
        long start = System.nanoTime();
        assertThatThrownBy(() -> new PageRenderer(60, 20, limit).render(file, dir.resolve("pages"), ID))
                .isInstanceOf(BadInputException.class).hasMessageContaining("longer than");
        long millis = (System.nanoTime() - start) / 1_000_000;
        // the worker has ended: it already removed its temporary folder ...
        assertThat(names(dir)).containsExactly("paper.pdf");
        // ... and the caller did not have to wait out the GRACE it gives a worker that keeps going
        assertThat(millis).isGreaterThanOrEqualTo(limit.toMillis())
                .isLessThan(limit.toMillis() + TimeLimit.GRACE.toMillis());
    }

    @Test
    void givesUpAfterTheTimeLimit() throws Exception {
        Path file = pdf(TestPapers.get(0).pdf().bytes());
        assertThatThrownBy(() -> new PageRenderer(60, 300, Duration.ofNanos(1)).render(file, dir.resolve("pages"), ID))
                .isInstanceOf(BadInputException.class).hasMessageContaining("longer than");
    }
}
