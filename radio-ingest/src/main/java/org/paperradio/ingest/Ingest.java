package org.paperradio.ingest;

import java.util.List;
import org.paperradio.core.config.StationConfig;
import org.paperradio.core.kernel.PaperSource;
import org.paperradio.core.kernel.PaperStage;
import org.paperradio.core.store.PaperStore;
import org.paperradio.ingest.arxiv.ArxivHttp;
import org.paperradio.ingest.arxiv.ArxivSource;
import org.paperradio.ingest.arxiv.LicenseLookup;
import org.paperradio.ingest.extract.ExtractStage;
import org.paperradio.ingest.extract.PageRenderer;
import org.paperradio.ingest.extract.PdfTextExtractor;
import org.paperradio.ingest.fetch.FetchStage;
import org.paperradio.ingest.fetch.PdfFetcher;

/**
 * The ingest half of the station wired from config: the arXiv source and the fetch and extract
 * stages, all sharing one {@link ArxivHttp} so that arXiv's rate limit holds for every request
 * the station makes. Closing releases the HTTP client.
 */
public final class Ingest implements AutoCloseable {

    private final ArxivHttp http;
    private final PaperSource source;
    private final FetchStage fetch;
    private final ExtractStage extract;

    private Ingest(ArxivHttp http, PaperSource source, FetchStage fetch, ExtractStage extract) {
        this.http = http;
        this.source = source;
        this.fetch = fetch;
        this.extract = extract;
    }

    public static Ingest create(StationConfig config, PaperStore store) {
        return create(config.arxiv(), config.pdf(), store);
    }

    /** From the two config sections ingest reads. */
    public static Ingest create(StationConfig.Arxiv arxiv, StationConfig.Pdf pdf, PaperStore store) {
        ArxivHttp http = new ArxivHttp(arxiv);
        return new Ingest(http,
                new ArxivSource(http, arxiv),
                new FetchStage(store, new PdfFetcher(http, arxiv, pdf), new LicenseLookup(http, arxiv.oaiUrl())),
                new ExtractStage(store, new PdfTextExtractor(pdf), new PageRenderer(pdf)));
    }

    public ArxivHttp http() {
        return http;
    }

    public PaperSource source() {
        return source;
    }

    public FetchStage fetch() {
        return fetch;
    }

    public ExtractStage extract() {
        return extract;
    }

    /** fetch then extract, DISCOVERED → FETCHED → EXTRACTED, for the front of the pipeline. */
    public List<PaperStage> stages() {
        return List.of(fetch, extract);
    }

    @Override
    public void close() {
        http.close();
    }
}
