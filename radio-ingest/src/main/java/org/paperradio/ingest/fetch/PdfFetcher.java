package org.paperradio.ingest.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import okhttp3.HttpUrl;
import org.paperradio.core.config.StationConfig;
import org.paperradio.core.kernel.BadInputException;
import org.paperradio.core.store.AtomicFiles;
import org.paperradio.ingest.arxiv.ArxivHttp;
import org.paperradio.ingest.arxiv.ResponseTooLargeException;
import org.paperradio.ingest.arxiv.UnacceptableResponseException;

/**
 * Downloads one PDF through {@link ArxivHttp} and puts it in place atomically, only if it is one:
 * the content type must be a PDF's (arXiv sometimes answers an HTML page instead), the body must
 * stay under the configured size (the download stops as soon as it exceeds it), and the file
 * must start with {@code %PDF-}.
 *
 * <p>A bad answer throws {@link BadInputException}; network trouble and server errors throw
 * {@link IOException}, which the kernel retries.
 */
public final class PdfFetcher {

    /** Content types a PDF arrives with; others (text/html above all) are refused. */
    public static final Set<String> PDF_TYPES = Set.of("application/pdf", "application/x-pdf", "application/octet-stream");

    private static final byte[] MAGIC = "%PDF-".getBytes(StandardCharsets.US_ASCII);

    private final ArxivHttp http;
    private final long maxBytes;
    private final Duration timeout;

    public PdfFetcher(ArxivHttp http, long maxBytes, Duration timeout) {
        this.http = http;
        this.maxBytes = maxBytes;
        this.timeout = timeout;
    }

    public PdfFetcher(ArxivHttp http, StationConfig.Pdf pdf) {
        this(http, pdf.maxBytes(), pdf.downloadTimeout());
    }

    /** Downloads {@code url} to {@code target}; returns the number of bytes written. */
    public long fetch(URI url, Path target) throws IOException, BadInputException {
        HttpUrl httpUrl = HttpUrl.parse(url.toString());
        if (httpUrl == null) {
            throw new BadInputException("PDF address is not an http(s) URL: " + url);
        }
        long[] size = new long[1];
        try {
            AtomicFiles.write(target, temp -> {
                size[0] = http.download(httpUrl, temp, maxBytes, timeout, PDF_TYPES).bytes();
                checkMagic(temp);
            });
        } catch (ResponseTooLargeException e) {
            throw new BadInputException("PDF is larger than the limit of " + maxBytes + " bytes (pdf.maxBytes): "
                    + e.getMessage(), e);
        } catch (UnacceptableResponseException e) {
            throw new BadInputException("no PDF at " + url + ": " + e.getMessage(), e);
        }
        return size[0];
    }

    private static void checkMagic(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(MAGIC.length);
        }
        if (!Arrays.equals(head, MAGIC)) {
            String seen = new String(head, StandardCharsets.ISO_8859_1).replaceAll("[^\\x20-\\x7e]", "?");
            throw new UnacceptableResponseException("the body does not start with %PDF- (it starts with '" + seen
                    + "'), so it is not a PDF");
        }
    }
}
