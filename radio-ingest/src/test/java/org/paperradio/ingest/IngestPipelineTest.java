package org.paperradio.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperradio.core.config.StationConfig;
import org.paperradio.core.kernel.PaperPipeline;
import org.paperradio.core.kernel.PipelineSettings;
import org.paperradio.core.paper.ExtractedText;
import org.paperradio.core.paper.PaperRecord;
import org.paperradio.core.paper.Stage;
import org.paperradio.core.store.PaperStore;
import org.paperradio.core.testing.Await;
import org.paperradio.ingest.testing.TestFeeds;
import org.paperradio.ingest.testing.TestHttp;
import org.paperradio.ingest.testing.TestPapers;
import org.paperradio.ingest.testing.TestPdfs;

/**
 * The ingest half of the station as {@link Ingest} wires it, on the real kernel: feed, license,
 * PDF, text and pages for every paper, and one broken paper that fails for good.
 */
class IngestPipelineTest {

    private static boolean failed(PaperStore store, TestPapers.TestPaper paper) {
        try {
            return store.load(paper.id()).failed();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void takesEveryPaperFromTheFeedToExtractedAndFailsTheBrokenOneForGood(@TempDir Path dir) throws Exception {
        List<TestPapers.TestPaper> papers = TestPapers.all();
        TestPapers.TestPaper broken = papers.get(2);
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            URI base = server.url("/").uri();
            server.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    String path = request.getRequestUrl().encodedPath();
                    if (path.equals("/api/query")) {
                        return new MockResponse().setBody(TestFeeds.atom(papers.stream().map(p -> p.meta()).toList(), base));
                    }
                    for (TestPapers.TestPaper p : papers) {
                        if (path.equals("/pdf/" + p.id())) {
                            byte[] bytes = p == broken ? TestPdfs.truncated(p.pdf().bytes()) : p.pdf().bytes();
                            return new MockResponse().setHeader("Content-Type", "application/pdf")
                                    .setBody(new Buffer().write(bytes));
                        }
                        if (path.equals("/oai") && ("oai:arXiv.org:" + p.id().base())
                                .equals(request.getRequestUrl().queryParameter("identifier"))) {
                            return new MockResponse().setBody(TestFeeds.oaiGetRecord(p.meta(), p.license()));
                        }
                    }
                    return new MockResponse().setResponseCode(404);
                }
            });
            StationConfig.Arxiv arxiv = TestHttp.arxivConfig(base, List.of("cs.AI"), 10);
            StationConfig.Pdf pdf = new StationConfig.Pdf(null, null, null, 20, null);
            PaperStore store = new PaperStore(dir.resolve("data"), Clock.systemUTC());
            LinkedBlockingQueue<PaperRecord> done = new LinkedBlockingQueue<>();
            try (Ingest ingest = Ingest.create(arxiv, pdf, store);
                 PaperPipeline pipeline = new PaperPipeline(store, ingest.source(), ingest.stages(),
                         new PipelineSettings(8, Map.of("fetch", 2), 1, Duration.ofMillis(10), Duration.ofMillis(50),
                                 Duration.ofMinutes(10), Duration.ofSeconds(2)),
                         done::add)) {
                pipeline.start();
                for (int i = 0; i < papers.size() - 1; i++) {
                    assertThat(done.poll(60, TimeUnit.SECONDS)).as("paper %d of %d done", i + 1, papers.size() - 1)
                            .isNotNull();
                }
                Await.until("the broken paper to fail", Duration.ofSeconds(30), () -> failed(store, broken));
            }
            for (TestPapers.TestPaper p : papers) {
                PaperRecord rec = store.load(p.id());
                if (p == broken) {
                    assertThat(rec.failed()).isTrue();
                    assertThat(rec.failure().stage()).isEqualTo("extract");
                    assertThat(rec.failure().reason()).contains("truncated");
                    assertThat(rec.failure().attempts()).isEqualTo(1); // bad input is not retried
                    continue;
                }
                assertThat(rec.stage()).isEqualTo(Stage.EXTRACTED);
                assertThat(rec.meta().license()).isEqualTo(p.license());
                ExtractedText text = store.readJson(p.id(), "sections.json", ExtractedText.class);
                assertThat(text.section("conclusion").orElseThrow().text())
                        .isEqualTo(p.section("Conclusion").text());
                try (var pages = Files.list(store.file(p.id(), "pages"))) {
                    assertThat(pages.count()).isEqualTo(text.pageCount());
                }
            }
        }
    }
}
