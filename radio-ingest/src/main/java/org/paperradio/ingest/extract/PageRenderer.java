package org.paperradio.ingest.extract;

import java.awt.image.BufferedImage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.apache.pdfbox.contentstream.operator.Operator;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.rendering.PageDrawer;
import org.apache.pdfbox.rendering.PageDrawerParameters;
import org.paperradio.core.config.StationConfig;
import org.paperradio.core.kernel.BadInputException;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.store.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders a paper's pages to PNG ({@code 001.png}, {@code 002.png}, …) at the configured dpi,
 * into a folder that appears all at once or not at all. Same page and time limits as the text.
 * A page larger than {@link #MAX_PIXELS} at that dpi is rendered at a lower one: page sizes come
 * from the untrusted PDF, and a 200-inch page would otherwise need gigabytes of pixels.
 */
public final class PageRenderer {

    /** Most pixels one page image may have: a US Letter page stays under it up to about 200 dpi. */
    public static final long MAX_PIXELS = 4_000_000;

    private static final Logger log = LoggerFactory.getLogger(PageRenderer.class);

    private final int maxPages;
    private final int dpi;
    private final Duration timeout;

    public PageRenderer(int maxPages, int dpi, Duration timeout) {
        if (maxPages < 1 || dpi < 1 || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("maxPages and dpi must be at least 1 and timeout positive");
        }
        this.maxPages = maxPages;
        this.dpi = dpi;
        this.timeout = timeout;
    }

    public PageRenderer(StationConfig.Pdf pdf) {
        this(pdf.maxPages(), pdf.dpi(), pdf.extractTimeout());
    }

    /** PDFBox's renderer, checking {@code cancel} before every operator of a page's content. */
    private static final class CancellableRenderer extends PDFRenderer {
        private final TimeLimit.Cancel cancel;

        CancellableRenderer(PDDocument doc, TimeLimit.Cancel cancel) {
            super(doc);
            this.cancel = cancel;
        }

        @Override
        protected PageDrawer createPageDrawer(PageDrawerParameters parameters) throws IOException {
            return new PageDrawer(parameters) {
                @Override
                protected void processOperator(Operator operator, List<COSBase> operands) throws IOException {
                    cancel.check();
                    super.processOperator(operator, operands);
                }
            };
        }
    }

    /** A page PDFBox could not render: the PDF's fault, not the disk's. */
    private static final class PageFailure extends IOException {
        PageFailure(int page, Exception cause) {
            super("PDF page " + page + " cannot be rendered: " + cause.getMessage(), cause);
        }
    }

    /** The file name of page {@code n} (1-based). */
    public static String pageName(int n) {
        return String.format(Locale.ROOT, "%03d.png", n);
    }

    /**
     * The dpi to render a page of this size (in points) at: {@code dpi}, or less, so that the
     * image has at most {@link #MAX_PIXELS} pixels.
     */
    static float dpiFor(PDRectangle page, float dpi) {
        double pixels = (double) page.getWidth() / 72 * dpi * ((double) page.getHeight() / 72 * dpi);
        if (!(pixels > MAX_PIXELS)) {
            return dpi;
        }
        // a hair under the exact root, so that float rounding cannot land a pixel over the cap
        return (float) (dpi * Math.sqrt(MAX_PIXELS / pixels) * 0.99999);
    }

    /** Renders {@code pdf} into the folder {@code target} (replacing it); returns the number of pages. */
    public int render(Path pdf, Path target, ArxivId id) throws IOException, BadInputException, InterruptedException {
        return TimeLimit.run("page rendering", timeout, cancel -> renderNow(pdf, target, id, cancel));
    }

    private int renderNow(Path pdf, Path target, ArxivId id, TimeLimit.Cancel cancel)
            throws IOException, BadInputException {
        try (PDDocument doc = PdfDocuments.open(pdf)) {
            int total = doc.getNumberOfPages();
            int pages = Math.min(total, maxPages);
            if (pages < total) {
                log.info("paper={} has {} pages, rendering the first {} (pdf.maxPages)", id, total, pages);
            }
            PDFRenderer renderer = new CancellableRenderer(doc, cancel);
            try {
                AtomicFiles.writeDirectory(target, dir -> {
                    for (int i = 0; i < pages; i++) {
                        cancel.check();
                        float pageDpi = dpiFor(doc.getPage(i).getCropBox(), dpi);
                        if (pageDpi < dpi) {
                            log.info("paper={} page {} is too large for {} dpi, rendered at {} dpi", id, i + 1, dpi,
                                    String.format(Locale.ROOT, "%.2f", pageDpi));
                        }
                        BufferedImage image;
                        try {
                            image = renderer.renderImageWithDPI(i, pageDpi, ImageType.RGB);
                        } catch (InterruptedIOException e) {
                            throw e;
                        } catch (IOException | RuntimeException e) {
                            throw new PageFailure(i + 1, e);
                        }
                        // through a stream: ImageIO's File variant prints failures to stderr
                        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(dir.resolve(pageName(i + 1))))) {
                            if (!ImageIO.write(image, "png", out)) {
                                throw new IOException("no PNG writer in this JVM");
                            }
                        }
                    }
                });
            } catch (PageFailure e) {
                throw new BadInputException(e.getMessage(), e.getCause());
            }
            log.debug("paper={} rendered {} pages at {} dpi", id, pages, dpi);
            return pages;
        }
    }
}
