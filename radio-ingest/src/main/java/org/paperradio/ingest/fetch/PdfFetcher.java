package org.paperradio.ingest.fetch;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import okhttp3.HttpUrl;
import org.paperradio.core.config.StationConfig;
import org.paperradio.core.kernel.BadInputException;
import org.paperradio.core.store.AtomicFiles;
import org.paperradio.ingest.PdfHeader;
import org.paperradio.ingest.arxiv.ArxivHttp;
import org.paperradio.ingest.arxiv.ResponseTooLargeException;
import org.paperradio.ingest.arxiv.UnacceptableResponseException;

/**
 * Downloads one PDF through {@link ArxivHttp} and puts it in place atomically, only if it is one:
 * the content type must be a PDF's (arXiv sometimes answers an HTML page instead), the body must
 * stay under the configured size (the download stops as soon as it exceeds it), and the file
 * must start with {@code %PDF-}.
 *
 * <p>PDF addresses come from the feed, so they are untrusted: only arXiv ({@code arxiv.org} and
 * its subdomains, always over https) and the host of the configured API URL are asked, never an
 * address a feed entry names elsewhere (an internal service, a cloud metadata endpoint).
 *
 * <p>A bad answer or address throws {@link BadInputException}; network trouble and server errors
 * throw {@link IOException}, which the kernel retries.
 */
public final class PdfFetcher {

    /** Content types a PDF arrives with; others (text/html above all) are refused. */
    public static final Set<String> PDF_TYPES = Set.of("application/pdf", "application/x-pdf", "application/octet-stream");

    private static final String ARXIV_DOMAIN = "arxiv.org";

    private final ArxivHttp http;
    private final HttpUrl apiUrl;
    private final long maxBytes;
    private final Duration timeout;

    /**
     * @param apiUrl the configured arXiv API URL: PDFs may also come from its host and port
     *               (a mirror, or a test server on loopback)
     */
    public PdfFetcher(ArxivHttp http, URI apiUrl, long maxBytes, Duration timeout) {
        this.http = http;
        this.apiUrl = HttpUrl.get(apiUrl.toString());
        this.maxBytes = maxBytes;
        this.timeout = timeout;
    }

    public PdfFetcher(ArxivHttp http, StationConfig.Arxiv arxiv, StationConfig.Pdf pdf) {
        this(http, arxiv.apiUrl(), pdf.maxBytes(), pdf.downloadTimeout());
    }

    /** Downloads {@code url} to {@code target}; returns the number of bytes written. */
    public long fetch(URI url, Path target) throws IOException, BadInputException {
        HttpUrl httpUrl = allowed(url, apiUrl);
        long[] size = new long[1];
        try {
            AtomicFiles.write(target, temp -> {
                size[0] = http.download(httpUrl, temp, maxBytes, timeout, PDF_TYPES).bytes();
                Optional<String> problem = PdfHeader.problem(temp);
                if (problem.isPresent()) {
                    throw new UnacceptableResponseException("the body is " + problem.get());
                }
            });
        } catch (ResponseTooLargeException e) {
            throw new BadInputException("PDF is larger than the limit of " + maxBytes + " bytes (pdf.maxBytes): "
                    + e.getMessage(), e);
        } catch (UnacceptableResponseException e) {
            throw new BadInputException("no PDF at " + httpUrl + ": " + e.getMessage(), e);
        }
        return size[0];
    }

    /**
     * The address to download {@code url} from, if it may be asked at all: on arXiv (made https)
     * or on the API's own host and port. Anything else is {@link BadInputException}.
     */
    static HttpUrl allowed(URI url, HttpUrl apiUrl) throws BadInputException {
        HttpUrl u = HttpUrl.parse(url.toString());
        if (u == null) {
            throw new BadInputException("PDF address is not an http(s) URL: " + url);
        }
        String host = u.host(); // lower case, IDN in ASCII form
        if (host.equals(ARXIV_DOMAIN) || host.endsWith("." + ARXIV_DOMAIN)) {
            if (u.port() != HttpUrl.defaultPort(u.scheme())) {
                throw new BadInputException("PDF address " + url + " names port " + u.port()
                        + " on arXiv, which serves PDFs only on the standard https port; not fetched");
            }
            return u.newBuilder().scheme("https").port(HttpUrl.defaultPort("https")).build();
        }
        if (host.equals(apiUrl.host()) && u.port() == apiUrl.port()) {
            return u;
        }
        throw new BadInputException("PDF address " + url + " is neither on " + ARXIV_DOMAIN
                + " nor on the configured API host " + apiUrl.host() + ":" + apiUrl.port()
                + "; a feed entry must not send the station elsewhere, so it was not fetched");
    }
}
