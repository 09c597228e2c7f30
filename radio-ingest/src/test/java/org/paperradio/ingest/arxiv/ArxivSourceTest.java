package org.paperradio.ingest.arxiv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.paperradio.core.config.StationConfig;
import org.paperradio.core.paper.PaperMeta;
import org.paperradio.ingest.testing.TestFeeds;
import org.paperradio.ingest.testing.TestHttp;
import org.paperradio.ingest.testing.TestPapers;

class ArxivSourceTest {

    private final MockWebServer server = new MockWebServer();
    private ArxivHttp http;
    private ArxivSource source;
    private URI base;

    @BeforeEach
    void start() throws IOException {
        server.start();
        base = server.url("/").uri();
        http = new ArxivHttp(TestHttp.settings(Duration.ZERO));
        StationConfig.Arxiv config = TestHttp.arxivConfig(base, List.of("cs.AI", "cs.CL", "q-bio.BM"), 7);
        source = new ArxivSource(http, config);
    }

    @AfterEach
    void stop() throws IOException {
        http.close();
        server.shutdown();
    }

    @Test
    void asksForTheNewestPapersOfTheConfiguredCategories() throws Exception {
        List<PaperMeta> papers = TestPapers.all().stream().map(p -> p.metaWithPdfAt(base)).toList();
        server.enqueue(new MockResponse().setHeader("Content-Type", "application/atom+xml")
                .setBody(TestFeeds.atom(papers)));

        List<PaperMeta> polled = source.poll();

        assertThat(polled).isEqualTo(papers);
        RecordedRequest request = server.takeRequest();
        HttpUrl url = request.getRequestUrl();
        assertThat(url.encodedPath()).isEqualTo("/api/query");
        assertThat(url.encodedQuery()).contains("search_query=cat:cs.AI+OR+cat:cs.CL+OR+cat:q-bio.BM");
        assertThat(url.queryParameter("sortBy")).isEqualTo("submittedDate");
        assertThat(url.queryParameter("sortOrder")).isEqualTo("descending");
        assertThat(url.queryParameter("start")).isEqualTo("0");
        assertThat(url.queryParameter("max_results")).isEqualTo("7");
        assertThat(request.getHeader("User-Agent")).isEqualTo(TestHttp.USER_AGENT);
    }

    @Test
    void anErrorFeedFailsThePoll() {
        server.enqueue(new MockResponse().setBody(TestFeeds.atomError("malformed query")));
        assertThatThrownBy(source::poll).isInstanceOf(FeedException.class).hasMessageContaining("malformed query");
    }

    @Test
    void anHtmlPageFailsThePoll() {
        server.enqueue(new MockResponse().setHeader("Content-Type", "text/html").setBody("<html><p>Rate exceeded.</p></html>"));
        assertThatThrownBy(source::poll).isInstanceOf(FeedException.class).hasMessageContaining("not an Atom feed");
    }

    @Test
    void aServerThatStaysDownFailsThePollWithAnIOException() {
        for (int i = 0; i < 3; i++) {
            server.enqueue(new MockResponse().setResponseCode(502));
        }
        assertThatThrownBy(source::poll).isInstanceOf(IOException.class).hasMessageContaining("502");
    }
}
