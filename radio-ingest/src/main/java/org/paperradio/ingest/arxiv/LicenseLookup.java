package org.paperradio.ingest.arxiv;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import okhttp3.HttpUrl;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.License;
import org.paperradio.core.paper.PaperLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a paper's license through OAI-PMH ({@code verb=GetRecord}, {@code metadataPrefix=arXiv}),
 * the one arXiv interface that states it for any paper. Never fails: a paper without a known
 * license still airs (its pages just stay off screen), so every problem gives
 * {@link License#unknown()} and a log line.
 */
public final class LicenseLookup {

    static final long MAX_RECORD_BYTES = 2L * 1024 * 1024;

    private static final Logger log = LoggerFactory.getLogger(LicenseLookup.class);

    private final ArxivHttp http;
    private final HttpUrl oaiUrl;
    private final OaiRecordParser parser = new OaiRecordParser();

    public LicenseLookup(ArxivHttp http, URI oaiUrl) {
        this.http = http;
        this.oaiUrl = HttpUrl.get(oaiUrl.toString());
    }

    /** The GetRecord request for a paper (OAI identifiers carry the base id, no version). */
    public HttpUrl requestUrl(ArxivId id) {
        return oaiUrl.newBuilder()
                .addQueryParameter("verb", "GetRecord")
                .addQueryParameter("identifier", "oai:arXiv.org:" + id.base())
                .addQueryParameter("metadataPrefix", "arXiv")
                .build();
    }

    /** The paper's license, or unknown when arXiv gives none or cannot be asked. */
    public License lookup(ArxivId id) {
        try (PaperLog.Scope scope = PaperLog.scope(id)) {
            return lookupInScope(id);
        }
    }

    private License lookupInScope(ArxivId id) {
        try {
            License license = parser.parse(http.get(requestUrl(id), MAX_RECORD_BYTES)).license();
            if (license.isKnown()) {
                log.info("license {}", license);
            } else {
                log.info("OAI-PMH record states no license");
            }
            return license;
        } catch (OaiRecordParser.NoSuchRecordException e) {
            // new papers can reach the API a little before OAI-PMH has them
            log.info("not in OAI-PMH yet, license unknown");
        } catch (InterruptedIOException e) {
            // ArxivHttp keeps the thread's interrupt flag set; the caller's next wait ends the work
            log.info("license lookup interrupted");
        } catch (IOException | FeedException | RuntimeException e) {
            log.warn("license lookup failed, license unknown: {}", e.getMessage());
        }
        return License.unknown();
    }
}
