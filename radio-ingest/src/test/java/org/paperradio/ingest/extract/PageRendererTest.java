package org.paperradio.ingest.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
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

    private List<String> names(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Share of pixels that are clearly not white: text was drawn. */
    private static double ink(BufferedImage img) {
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
                java.util.stream.IntStream.rangeClosed(1, n).mapToObj(PageRenderer::pageName).toArray(String[]::new));
        for (String name : names(pages)) {
            BufferedImage img = ImageIO.read(pages.resolve(name).toFile());
            assertThat(img).as(name).isNotNull();
            // US Letter is 8.5 x 11 inches
            assertThat(img.getWidth()).isEqualTo(306);
            assertThat(img.getHeight()).isEqualTo(396);
            assertThat(ink(img)).as("ink on " + name).isBetween(0.002, 0.5);
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
    void givesUpAfterTheTimeLimit() throws Exception {
        Path file = pdf(TestPapers.get(0).pdf().bytes());
        assertThatThrownBy(() -> new PageRenderer(60, 300, Duration.ofNanos(1)).render(file, dir.resolve("pages"), ID))
                .isInstanceOf(BadInputException.class).hasMessageContaining("longer than");
    }
}
