package org.paperradio.ingest.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import okhttp3.HttpUrl;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.SocketPolicy;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperradio.core.kernel.BadInputException;
import org.paperradio.ingest.arxiv.ArxivHttp;
import org.paperradio.ingest.testing.TestHttp;
import org.paperradio.ingest.testing.TestPapers;

class PdfFetcherTest {

    private static final byte[] PDF = TestPapers.get(0).pdf().bytes();

    private final MockWebServer server = new MockWebServer();
    private ArxivHttp http;
    private PdfFetcher fetcher;
    @TempDir
    Path dir;
    private Path target;

    @BeforeEach
    void start() throws IOException {
        server.start();
        http = new ArxivHttp(TestHttp.settings(Duration.ZERO));
        fetcher = new PdfFetcher(http, server.url("/api/query").uri(), 1024L * 1024, Duration.ofSeconds(10));
        target = dir.resolve("paper.pdf");
    }

    @AfterEach
    void stop() throws IOException {
        http.close();
        server.shutdown();
    }

    private URI url() {
        return server.url("/pdf/2501.00001v1").uri();
    }

    private List<String> filesInDir() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static MockResponse pdf(byte[] bytes, String type) {
        return new MockResponse().setHeader("Content-Type", type).setBody(new Buffer().write(bytes));
    }

    @Test
    void storesAGoodPdf() throws Exception {
        server.enqueue(pdf(PDF, "application/pdf"));
        long n = fetcher.fetch(url(), target);
        assertThat(n).isEqualTo(PDF.length);
        assertThat(Files.readAllBytes(target)).isEqualTo(PDF);
        assertThat(filesInDir()).containsExactly("paper.pdf");
    }

    @Test
    void acceptsOctetStreamAndAMissingContentType() throws Exception {
        server.enqueue(pdf(PDF, "application/octet-stream"));
        fetcher.fetch(url(), target);
        assertThat(Files.readAllBytes(target)).isEqualTo(PDF);
        server.enqueue(new MockResponse().setBody(new Buffer().write(PDF)).removeHeader("Content-Type"));
        Path second = dir.resolve("second.pdf");
        fetcher.fetch(url(), second);
        assertThat(Files.readAllBytes(second)).isEqualTo(PDF);
    }

    @Test
    void htmlServedInsteadOfAPdfIsBadInput() throws Exception {
        server.enqueue(new MockResponse().setHeader("Content-Type", "text/html; charset=utf-8")
                .setBody("<html><body>Please verify you are human</body></html>"));
        assertThatThrownBy(() -> fetcher.fetch(url(), target))
                .isInstanceOf(BadInputException.class).hasMessageContaining("text/html");
        assertThat(filesInDir()).isEmpty();
    }

    @Test
    void htmlLabelledAsPdfFailsTheMagicCheck() throws Exception {
        server.enqueue(pdf("<!DOCTYPE html><html>not a pdf</html>".getBytes(), "application/pdf"));
        assertThatThrownBy(() -> fetcher.fetch(url(), target))
                .isInstanceOf(BadInputException.class).hasMessageContaining("%PDF-").hasMessageContaining("<!DOC");
        assertThat(filesInDir()).isEmpty();
    }

    @Test
    void aPdfOverTheSizeLimitIsBadInputAndLeavesNothing() throws Exception {
        PdfFetcher small = new PdfFetcher(http, server.url("/api/query").uri(), 2048, Duration.ofSeconds(10));
        assertThat(PDF.length).isGreaterThan(2048);
        server.enqueue(pdf(PDF, "application/pdf"));
        assertThatThrownBy(() -> small.fetch(url(), target))
                .isInstanceOf(BadInputException.class).hasMessageContaining("2048");
        // without Content-Length the download must stop while streaming
        server.enqueue(new MockResponse().setHeader("Content-Type", "application/pdf").setChunkedBody(
                new Buffer().write(PDF), 256));
        assertThatThrownBy(() -> small.fetch(url(), target))
                .isInstanceOf(BadInputException.class).hasMessageContaining("2048");
        assertThat(filesInDir()).isEmpty();
    }

    @Test
    void missingPaperIsBadInputButServerTroubleIsRetryable() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(404));
        assertThatThrownBy(() -> fetcher.fetch(url(), target)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("404");
        for (int i = 0; i < 3; i++) {
            server.enqueue(new MockResponse().setResponseCode(500));
        }
        assertThatThrownBy(() -> fetcher.fetch(url(), target))
                .isInstanceOf(IOException.class).hasMessageContaining("500");
        assertThat(filesInDir()).isEmpty();
    }

    @Test
    void aCutConnectionIsAnIOExceptionAndLeavesNothing() throws Exception {
        for (int i = 0; i < 3; i++) {
            server.enqueue(pdf(PDF, "application/pdf").setSocketPolicy(
                    SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY));
        }
        assertThatThrownBy(() -> fetcher.fetch(url(), target))
                .isInstanceOf(IOException.class);
        assertThat(filesInDir()).isEmpty();
    }

    @Test
    void aTransient503IsRetried() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(503).setHeader("Retry-After", "0"));
        server.enqueue(pdf(PDF, "application/pdf"));
        fetcher.fetch(url(), target);
        assertThat(Files.readAllBytes(target)).isEqualTo(PDF);
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void anAddressOffArxivAndOffTheApiHostIsRefusedWithoutAsking() throws Exception {
        HttpUrl api = server.url("/api/query");
        List<String> elsewhere = List.of(
                "http://169.254.169.254/latest/meta-data/", // a cloud's metadata service
                "http://" + api.host() + ":" + (api.port() == 65535 ? 1 : api.port() + 1) + "/pdf/2501.00001v1",
                "https://arxiv.org.evil.example/pdf/2501.00001v1",
                "https://evilarxiv.org/pdf/2501.00001v1",
                "https://arxiv.org:8443/pdf/2501.00001v1");
        for (String url : elsewhere) {
            assertThatThrownBy(() -> fetcher.fetch(URI.create(url), target)).as(url)
                    .isInstanceOf(BadInputException.class).hasMessageContaining("not fetched");
        }
        assertThat(server.getRequestCount()).isZero();
        assertThat(filesInDir()).isEmpty();
    }

    @Test
    void arxivAddressesAreAskedOverHttpsAndTheApiHostAsItIs() throws Exception {
        HttpUrl api = HttpUrl.get("http://127.0.0.1:8080/api/query");
        assertThat(PdfFetcher.allowed(URI.create("http://arxiv.org/pdf/2501.00001v1"), api))
                .hasToString("https://arxiv.org/pdf/2501.00001v1");
        assertThat(PdfFetcher.allowed(URI.create("http://export.arxiv.org/pdf/2501.00001v1"), api))
                .hasToString("https://export.arxiv.org/pdf/2501.00001v1");
        assertThat(PdfFetcher.allowed(URI.create("https://ARXIV.org/pdf/2501.00001v1?download=1"), api))
                .hasToString("https://arxiv.org/pdf/2501.00001v1?download=1");
        assertThat(PdfFetcher.allowed(URI.create("http://127.0.0.1:8080/pdf/2501.00001v1"), api))
                .hasToString("http://127.0.0.1:8080/pdf/2501.00001v1");
    }

    @Test
    void aNonHttpAddressIsBadInput() {
        assertThatThrownBy(() -> fetcher.fetch(URI.create("file:///etc/passwd"), target))
                .isInstanceOf(BadInputException.class).hasMessageContaining("http");
    }
}
