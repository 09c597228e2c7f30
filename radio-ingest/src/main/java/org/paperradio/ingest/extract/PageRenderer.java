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
import java.util.Set;
import javax.imageio.ImageIO;
import org.apache.pdfbox.contentstream.operator.Operator;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.image.PDImage;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
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
 * from the untrusted PDF, and a 200-inch page would otherwise need gigabytes of pixels. For the
 * same reason an image whose decoding would exceed {@link #MAX_IMAGE_PIXELS} is left out of its
 * page, and a page that gathers a path of more than {@link #MAX_PATH_SEGMENTS} segments is bad
 * input.
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

    /**
     * Most pixels an image may be decoded to. PDFBox decodes an image whole (at most 8 times
     * smaller in each direction when it is drawn smaller), as bytes and again as an RGB image: an
     * image whose decoding would exceed this is left out of the page, not drawn. 16 million
     * pixels (4000 x 4000) are about 100 MB of heap at worst.
     */
    public static final long MAX_IMAGE_PIXELS = 16_000_000;

    /**
     * Most pixels an image may declare at all, however small it is drawn: its data is inflated
     * whole to be subsampled. 100 million (10,000 x 10,000) covers any real figure or scan.
     */
    public static final long MAX_IMAGE_SOURCE_PIXELS = 100_000_000;

    /**
     * Most segments one path may gather before it is painted: PDFBox keeps them all, and a
     * small compressed content stream can add hundreds of millions. Dense plots stay far below.
     */
    public static final int MAX_PATH_SEGMENTS = 1_000_000;

    private static final Set<String> PATH_OPERATORS = Set.of("m", "l", "c", "v", "y", "re", "h");
    private static final Set<String> PATH_ENDS = Set.of("S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "n");

    /**
     * PDFBox's renderer, checking {@code cancel} before every operator of a page's content,
     * subsampling images drawn smaller than they are, and refusing what would take unbounded
     * memory: see {@link #MAX_IMAGE_PIXELS} and {@link #MAX_PATH_SEGMENTS}.
     */
    private static final class CancellableRenderer extends PDFRenderer {
        private final TimeLimit.Cancel cancel;
        /** Images left out of the page being rendered. */
        int skippedImages;

        CancellableRenderer(PDDocument doc, TimeLimit.Cancel cancel) {
            super(doc);
            this.cancel = cancel;
            setSubsamplingAllowed(true);
        }

        @Override
        protected PageDrawer createPageDrawer(PageDrawerParameters parameters) throws IOException {
            return new BoundedPageDrawer(parameters, this);
        }
    }

    private static final class BoundedPageDrawer extends PageDrawer {
        private final TimeLimit.Cancel cancel;
        private final CancellableRenderer renderer;
        private int pathSegments;

        BoundedPageDrawer(PageDrawerParameters parameters, CancellableRenderer renderer) throws IOException {
            super(parameters);
            this.cancel = renderer.cancel;
            this.renderer = renderer;
        }

        @Override
        protected void processOperator(Operator operator, List<COSBase> operands) throws IOException {
            cancel.check();
            String name = operator.getName();
            if (PATH_OPERATORS.contains(name)) {
                if (++pathSegments > MAX_PATH_SEGMENTS) {
                    throw new IOException("a path of more than " + MAX_PATH_SEGMENTS
                            + " segments (a decompression bomb?)");
                }
            } else if (PATH_ENDS.contains(name)) {
                pathSegments = 0;
            }
            super.processOperator(operator, operands);
        }

        @Override
        public void drawImage(PDImage image) throws IOException {
            long declared = (long) image.getWidth() * image.getHeight();
            long decoded = decodedPixels(image.getWidth(), image.getHeight(),
                    getGraphicsState().getCurrentTransformationMatrix().createAffineTransform().getDeterminant()
                            * getGraphics().getTransform().getDeterminant());
            long mask = maskPixels(image);
            if (declared > MAX_IMAGE_SOURCE_PIXELS || decoded > MAX_IMAGE_PIXELS || mask > MAX_IMAGE_PIXELS) {
                log.warn("left out an image of {} x {} pixels (mask: {} pixels): decoding it would need more than "
                        + "{} pixels", image.getWidth(), image.getHeight(), mask, MAX_IMAGE_PIXELS);
                renderer.skippedImages++;
                return;
            }
            super.drawImage(image);
        }
    }

    /**
     * The pixels PDFBox decodes an image of {@code width x height} to when it is drawn with
     * a device transform of determinant {@code scale} (image space is the unit square): it
     * subsamples by the whole ratio of image to drawn pixels, at most 8.
     */
    static long decodedPixels(int width, int height, double scale) {
        double ratio = Math.sqrt((double) width * height / Math.abs(scale));
        long s = Double.isFinite(ratio) ? (long) Math.max(1, Math.min(8, Math.floor(ratio))) : 1;
        return ceilDiv(width, s) * ceilDiv(height, s);
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    /** Pixels of an image's soft mask or stencil mask, decoded at full size; 0 without one. */
    private static long maskPixels(PDImage image) throws IOException {
        if (!(image instanceof PDImageXObject x)) {
            return 0;
        }
        long pixels = 0;
        for (PDImageXObject m : new PDImageXObject[] {x.getSoftMask(), x.getMask()}) {
            if (m != null) {
                pixels = Math.max(pixels, (long) m.getWidth() * m.getHeight());
            }
        }
        return pixels;
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
                log.info("has {} pages, rendering the first {} (pdf.maxPages)", total, pages);
            }
            CancellableRenderer renderer = new CancellableRenderer(doc, cancel);
            try {
                AtomicFiles.writeDirectory(target, dir -> {
                    for (int i = 0; i < pages; i++) {
                        cancel.check();
                        float pageDpi = dpiFor(doc.getPage(i).getCropBox(), dpi);
                        if (pageDpi < dpi) {
                            log.info("page {} is too large for {} dpi, rendered at {} dpi", i + 1, dpi,
                                    String.format(Locale.ROOT, "%.2f", pageDpi));
                        }
                        BufferedImage image;
                        renderer.skippedImages = 0;
                        try {
                            image = renderer.renderImageWithDPI(i, pageDpi, ImageType.RGB);
                        } catch (InterruptedIOException e) {
                            throw e;
                        } catch (IOException | RuntimeException e) {
                            throw new PageFailure(i + 1, e);
                        }
                        if (renderer.skippedImages > 0) {
                            log.info("page {} rendered without {} oversized images", i + 1, renderer.skippedImages);
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
            log.debug("rendered {} pages at {} dpi", pages, dpi);
            return pages;
        }
    }
}
