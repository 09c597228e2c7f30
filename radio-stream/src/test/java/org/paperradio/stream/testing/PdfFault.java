package org.paperradio.stream.testing;

import java.nio.charset.StandardCharsets;
import org.paperradio.ingest.testing.TestPdfs;

/**
 * The ways a test's arXiv serves a bad PDF link: shared by the station's fault tests and the
 * soak feed. Each turns the good PDF into what is served, with the content type it is served as.
 * All but {@link #MANY_PAGES} must fail their paper with a clear reason.
 */
public enum PdfFault {
    /** The first part of the PDF only. */
    TRUNCATED,
    /** Password-protected. */
    ENCRYPTED,
    /** A bot-check page where the PDF should be. */
    HTML,
    /** Zero bytes. */
    EMPTY,
    /** A real PDF of 2,000 pages: read up to the station's page limit, not refused. */
    MANY_PAGES,
    /** One page whose content stream inflates to 1 GiB of text operators. */
    CONTENT_BOMB,
    /** One page drawing a 60,000 x 60,000 image (3.6 GB decoded) from a 3.5 MB stream. */
    IMAGE_BOMB;

    /** The body served for a paper whose good PDF is {@code pdf}. */
    public byte[] body(byte[] pdf) {
        return switch (this) {
            case TRUNCATED -> TestPdfs.truncated(pdf);
            case ENCRYPTED -> TestPdfs.encrypted(pdf);
            case HTML -> ("<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>"
                    + "<p>Checking your browser before accessing arxiv.org.</p></body></html>")
                    .getBytes(StandardCharsets.UTF_8);
            case EMPTY -> new byte[0];
            case MANY_PAGES -> TestPdfs.manyPages(2_000);
            case CONTENT_BOMB -> TestPdfs.contentBomb(1L << 30);
            case IMAGE_BOMB -> TestPdfs.imageBomb(60_000, 60_000);
        };
    }

    /** The Content-Type it is served with (a bot-check page says what it is). */
    public String contentType() {
        return this == HTML ? "text/html; charset=utf-8" : "application/pdf";
    }
}
