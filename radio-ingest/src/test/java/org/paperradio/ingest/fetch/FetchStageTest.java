package org.paperradio.ingest.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperradio.core.kernel.BadInputException;
import org.paperradio.core.paper.License;
import org.paperradio.core.paper.PaperMeta;
import org.paperradio.core.paper.PaperRecord;
import org.paperradio.core.paper.Stage;
import org.paperradio.core.store.PaperStore;
import org.paperradio.ingest.arxiv.ArxivHttp;
import org.paperradio.ingest.arxiv.LicenseLookup;
import org.paperradio.ingest.testing.TestFeeds;
import org.paperradio.ingest.testing.TestHttp;
import org.paperradio.ingest.testing.TestPapers;

/** The fetch stage against a fake arXiv on loopback and a real paper store. */
class FetchStageTest {

    private final MockWebServer server = new MockWebServer();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final TestPapers.TestPaper paper = TestPapers.get(1);
    private final byte[] pdf = paper.pdf().bytes();
    private volatile boolean oaiDown;
    private volatile boolean servesHtml;
    private ArxivHttp http;
    private PaperStore store;
    private FetchStage stage;
    private URI base;

    @BeforeEach
    void start(@TempDir Path dir) throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String path = request.getRequestUrl().encodedPath();
                hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
                if (path.equals("/oai")) {
                    return oaiDown ? new MockResponse().setResponseCode(500)
                            : new MockResponse().setBody(TestFeeds.oaiGetRecord(paper.meta(), paper.license()));
                }
                if (path.equals("/pdf/" + paper.id())) {
                    return servesHtml ? new MockResponse().setHeader("Content-Type", "text/html").setBody("<html>")
                            : new MockResponse().setHeader("Content-Type", "application/pdf").setBody(new Buffer().write(pdf));
                }
                return new MockResponse().setResponseCode(404);
            }
        });
        server.start();
        base = server.url("/").uri();
        http = new ArxivHttp(TestHttp.settings(Duration.ZERO));
        store = new PaperStore(dir.resolve("data"), Clock.systemUTC());
        stage = new FetchStage(store, new PdfFetcher(http, base.resolve("api/query"), 10L * 1024 * 1024, Duration.ofSeconds(10)),
                new LicenseLookup(http, base.resolve("oai")));
    }

    @AfterEach
    void stop() throws IOException {
        http.close();
        server.shutdown();
    }

    private int hits(String path) {
        AtomicInteger n = hits.get(path);
        return n == null ? 0 : n.get();
    }

    private PaperRecord add(PaperMeta meta) throws IOException {
        return store.add(meta).orElseThrow();
    }

    @Test
    void looksUpTheLicenseStoresItAndDownloadsThePdf() throws Exception {
        assertThat(stage.name()).isEqualTo("fetch");
        assertThat(stage.input()).isEqualTo(Stage.DISCOVERED);
        assertThat(stage.output()).isEqualTo(Stage.FETCHED);
        PaperRecord rec = add(paper.metaWithPdfAt(base));

        stage.process(rec);

        assertThat(store.load(paper.id()).meta().license()).isEqualTo(paper.license());
        assertThat(store.load(paper.id()).stage()).isEqualTo(Stage.DISCOVERED); // advancing is the kernel's job
        assertThat(Files.readAllBytes(store.file(paper.id(), "paper.pdf"))).isEqualTo(pdf);
        assertThat(hits("/oai")).isEqualTo(1);
        assertThat(hits("/pdf/" + paper.id())).isEqualTo(1);
    }

    @Test
    void doesNotDownloadAgainWhenAnEarlierRunAlreadyStoredThePdf() throws Exception {
        PaperRecord rec = add(paper.metaWithPdfAt(base));
        stage.process(rec);
        // the run "died" before the store recorded FETCHED: the kernel hands the paper in again
        stage.process(store.load(paper.id()));
        assertThat(hits("/pdf/" + paper.id())).isEqualTo(1);
        assertThat(hits("/oai")).isEqualTo(1); // the license was stored the first time
        assertThat(Files.readAllBytes(store.file(paper.id(), "paper.pdf"))).isEqualTo(pdf);
    }

    @Test
    void aKnownLicenseIsNotLookedUp() throws Exception {
        License ccBy = License.of("http://creativecommons.org/licenses/by/4.0/");
        stage.process(add(paper.metaWithPdfAt(base).withLicense(ccBy)));
        assertThat(hits("/oai")).isZero();
        assertThat(store.load(paper.id()).meta().license()).isEqualTo(ccBy);
    }

    @Test
    void aFailedLicenseLookupDoesNotFailThePaper() throws Exception {
        oaiDown = true;
        stage.process(add(paper.metaWithPdfAt(base)));
        assertThat(store.load(paper.id()).meta().license().isKnown()).isFalse();
        assertThat(Files.exists(store.file(paper.id(), "paper.pdf"))).isTrue();
    }

    @Test
    void aPdfAddressThatPointsAwayFromArxivIsBadInputAndNeverAsked() throws Exception {
        MockWebServer elsewhere = new MockWebServer();
        elsewhere.start();
        try {
            elsewhere.enqueue(new MockResponse().setHeader("Content-Type", "application/pdf").setBody(new Buffer().write(pdf)));
            // another port is another service, even on the API's own host
            PaperRecord rec = add(paper.metaWithPdfAt(elsewhere.url("/").uri()));
            assertThatThrownBy(() -> stage.process(rec)).isInstanceOf(BadInputException.class)
                    .hasMessageContaining("arxiv.org").hasMessageContaining("not fetched");
            assertThat(elsewhere.getRequestCount()).isZero();
            assertThat(Files.exists(store.file(paper.id(), "paper.pdf"))).isFalse();
        } finally {
            elsewhere.shutdown();
        }
    }

    @Test
    void htmlInsteadOfThePdfIsBadInputAndLeavesNoFile() throws Exception {
        servesHtml = true;
        PaperRecord rec = add(paper.metaWithPdfAt(base));
        assertThatThrownBy(() -> stage.process(rec)).isInstanceOf(BadInputException.class);
        try (var files = Files.list(store.folder(paper.id()))) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("paper.json");
        }
        assertThat(List.of(hits("/pdf/" + paper.id()))).containsExactly(1);
    }
}
