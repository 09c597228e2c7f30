package org.paperradio.ingest.extract;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.paperradio.core.config.StationConfig;
import org.paperradio.core.kernel.BadInputException;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.ExtractedText;
import org.paperradio.core.paper.Section;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A paper's text from its PDF (PDFBox), cleaned for reading aloud and split into sections: see
 * {@link TextCleaner} for what is removed. Reads at most {@code maxPages} pages and gives up
 * after {@code timeout}, and keeps a bounded amount of text: a page that shows more than
 * {@link LineCollector#MAX_PAGE_CHARS} characters loses its text (a decompression bomb, or a
 * freak appendix page: the rest of the paper is still read), and no page is read after
 * {@link LineCollector#MAX_TEXT_CHARS} characters.
 *
 * <p>Encrypted, truncated or broken PDFs, PDFs without text, and PDFs that take too long throw
 * {@link BadInputException} with the reason.
 */
public final class PdfTextExtractor {

    /** Fewer letters than this in the pages read means there is no text layer (a scan). */
    static final int MIN_LETTERS = 100;

    private static final Logger log = LoggerFactory.getLogger(PdfTextExtractor.class);

    private final int maxPages;
    private final Duration timeout;

    public PdfTextExtractor(int maxPages, Duration timeout) {
        if (maxPages < 1 || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("maxPages must be at least 1 and timeout positive");
        }
        this.maxPages = maxPages;
        this.timeout = timeout;
    }

    public PdfTextExtractor(StationConfig.Pdf pdf) {
        this(pdf.maxPages(), pdf.extractTimeout());
    }

    /**
     * The cleaned text of {@code pdf}; {@code id} names the paper in logs. Its page count is the
     * number of pages read.
     */
    public ExtractedText extract(Path pdf, ArxivId id) throws IOException, BadInputException, InterruptedException {
        return TimeLimit.run("text extraction", timeout, cancel -> extractNow(pdf, id, cancel));
    }

    private ExtractedText extractNow(Path pdf, ArxivId id, TimeLimit.Cancel cancel)
            throws IOException, BadInputException, InterruptedException {
        try (PDDocument doc = PdfDocuments.open(pdf)) {
            int total = doc.getNumberOfPages();
            int pages = Math.min(total, maxPages);
            if (pages < total) {
                log.info("has {} pages, extracting text of the first {} (pdf.maxPages)", total, pages);
            }
            List<List<TextLine>> lines;
            LineCollector collector = new LineCollector(cancel);
            try {
                lines = collector.collect(doc, 1, pages);
            } catch (InterruptedIOException e) {
                throw new InterruptedException("text extraction cancelled");
            } catch (UncheckedIOException e) {
                throw new BadInputException("PDF text cannot be read: " + e.getCause().getMessage(), e.getCause());
            } catch (IOException | RuntimeException e) {
                throw new BadInputException("PDF text cannot be read: " + e.getMessage(), e);
            }
            if (!collector.droppedPages().isEmpty()) {
                log.warn("text of page(s) {} left out: each shows more than {} characters", collector.droppedPages(),
                        LineCollector.MAX_PAGE_CHARS);
            }
            if (collector.capped()) {
                log.info("text capped at {} characters: read {} of {} pages", LineCollector.MAX_TEXT_CHARS,
                        lines.size(), total);
                pages = lines.size();
            }
            cancel.check();
            long letters = lines.stream().flatMap(List::stream)
                    .mapToLong(l -> l.text().chars().filter(Character::isLetter).count()).sum();
            if (letters < MIN_LETTERS) {
                throw new BadInputException("PDF has no extractable text (" + letters + " letters on " + pages
                        + " pages; a scanned paper?)");
            }
            List<Section> sections = TextCleaner.sections(lines);
            if (sections.isEmpty()) {
                throw new BadInputException("PDF has no text left after cleaning");
            }
            log.debug("text: {} sections from {} pages", sections.size(), pages);
            return new ExtractedText(sections, pages);
        }
    }
}
