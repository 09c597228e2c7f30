package org.paperradio.ingest.extract;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.paperradio.core.kernel.BadInputException;
import org.paperradio.ingest.PdfHeader;

/** Opening PDFs from untrusted sources, with every way it can go wrong named for the logs. */
final class PdfDocuments {

    /** How far from the end the %%EOF marker may sit (some producers append a little junk). */
    private static final int EOF_WINDOW = 2048;

    /**
     * Scratch space for the streams PDFBox decodes: this much in memory, the rest in a temporary
     * file, all of it at most {@link #MAX_SCRATCH}. An untrusted PDF can inflate small streams
     * into huge ones, which a memory-only cache (PDFBox's default) would hold on the heap.
     */
    static final long MAX_SCRATCH_IN_MEMORY = 16L * 1024 * 1024;
    static final long MAX_SCRATCH = 1024L * 1024 * 1024;

    private PdfDocuments() {
    }

    /**
     * Opens {@code pdf}. A missing file is an {@link IOException}; a file that is not a complete,
     * readable, unencrypted PDF with at least one page is a {@link BadInputException}.
     */
    static PDDocument open(Path pdf) throws IOException, BadInputException {
        if (!Files.isRegularFile(pdf)) {
            throw new NoSuchFileException(pdf.toString(), null, "no PDF to read");
        }
        checkComplete(pdf);
        PDDocument doc;
        try {
            doc = Loader.loadPDF(pdf.toFile(), "", null, null,
                    MemoryUsageSetting.setupMixed(MAX_SCRATCH_IN_MEMORY, MAX_SCRATCH).streamCache);
        } catch (InvalidPasswordException e) {
            throw new BadInputException("PDF is encrypted and cannot be opened without a password", e);
        } catch (IOException e) {
            throw new BadInputException("PDF is broken and cannot be read: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // PDFBox meets some malformed structures with runtime exceptions
            throw new BadInputException("PDF is broken and cannot be read: " + e, e);
        }
        if (doc.getNumberOfPages() == 0) {
            doc.close();
            throw new BadInputException("PDF has no pages");
        }
        return doc;
    }

    /**
     * A PDF ends with %%EOF. PDFBox's lenient parser would otherwise read what it can of a
     * truncated file and hand back a paper with its second half silently missing.
     */
    private static void checkComplete(Path pdf) throws IOException, BadInputException {
        Optional<String> notPdf = PdfHeader.problem(pdf);
        if (notPdf.isPresent()) {
            throw new BadInputException("file is " + notPdf.get());
        }
        long size = Files.size(pdf);
        int window = (int) Math.min(size, EOF_WINDOW);
        byte[] tail = new byte[window];
        try (RandomAccessFile f = new RandomAccessFile(pdf.toFile(), "r")) {
            f.seek(size - window);
            f.readFully(tail);
        }
        if (!new String(tail, StandardCharsets.ISO_8859_1).contains("%%EOF")) {
            throw new BadInputException("PDF is truncated: no %%EOF marker at its end (" + size + " bytes)");
        }
    }
}
