package org.paperradio.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * The header every PDF starts with, {@code %PDF-}: checked by the fetcher before a download is
 * kept and by the extractor before PDFBox, whose lenient parser reads almost anything, opens a
 * file.
 */
public final class PdfHeader {

    public static final String MAGIC = "%PDF-";

    private static final byte[] MAGIC_BYTES = MAGIC.getBytes(StandardCharsets.US_ASCII);

    private PdfHeader() {
    }

    /**
     * Empty when {@code file} starts with {@code %PDF-}; otherwise why it is no PDF, quoting its
     * first bytes for the logs ("not a PDF: it starts with '&lt;!DOC' instead of %PDF-").
     */
    public static Optional<String> problem(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(MAGIC_BYTES.length);
        }
        if (Arrays.equals(head, MAGIC_BYTES)) {
            return Optional.empty();
        }
        if (head.length == 0) {
            return Optional.of("not a PDF: it is empty");
        }
        String seen = new String(head, StandardCharsets.ISO_8859_1).replaceAll("[^\\x20-\\x7e]", "?");
        return Optional.of("not a PDF: it starts with '" + seen + "' instead of " + MAGIC);
    }
}
