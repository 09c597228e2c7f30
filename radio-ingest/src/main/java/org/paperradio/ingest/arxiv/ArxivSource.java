package org.paperradio.ingest.arxiv;

import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;
import okhttp3.HttpUrl;
import org.paperradio.core.config.StationConfig;
import org.paperradio.core.kernel.PaperSource;
import org.paperradio.core.paper.PaperMeta;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * New papers from the arXiv API: the newest submissions in the configured categories, newest
 * first. The pipeline polls this on its interval and skips papers it already knows.
 */
public final class ArxivSource implements PaperSource {

    /** Far above what 2000 entries (the configured maximum) take, far below trouble. */
    static final long MAX_FEED_BYTES = 32L * 1024 * 1024;

    private static final Logger log = LoggerFactory.getLogger(ArxivSource.class);

    private final ArxivHttp http;
    private final StationConfig.Arxiv config;
    private final AtomFeedParser parser = new AtomFeedParser();

    public ArxivSource(ArxivHttp http, StationConfig.Arxiv config) {
        this.http = http;
        this.config = config;
    }

    /**
     * The query: {@code search_query=cat:A+OR+cat:B&sortBy=submittedDate&sortOrder=descending
     * &start=0&max_results=N} on the configured API URL. Categories are validated by the
     * config, so they need no escaping.
     */
    public HttpUrl queryUrl() {
        HttpUrl base = HttpUrl.get(config.apiUrl().toString());
        String query = config.categories().stream().map(c -> "cat:" + c).collect(Collectors.joining("+OR+"));
        return base.newBuilder()
                .addEncodedQueryParameter("search_query", query)
                .addQueryParameter("sortBy", "submittedDate")
                .addQueryParameter("sortOrder", "descending")
                .addQueryParameter("start", "0")
                .addQueryParameter("max_results", Integer.toString(config.maxResults()))
                .build();
    }

    @Override
    public List<PaperMeta> poll() throws IOException, FeedException {
        byte[] body = http.get(queryUrl(), MAX_FEED_BYTES);
        List<PaperMeta> papers = parser.parse(body);
        log.debug("arXiv API answered {} papers for {}", papers.size(), config.categories());
        return papers;
    }
}
