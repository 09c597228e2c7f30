package org.paperradio.ingest.arxiv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import okhttp3.Headers;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperradio.core.testing.Await;
import org.paperradio.ingest.testing.TestHttp;

class ArxivHttpTest {

    private final MockWebServer server = new MockWebServer();
    private ArxivHttp http;

    @BeforeEach
    void start() throws IOException {
        server.start();
    }

    @AfterEach
    void stop() throws IOException {
        if (http != null) {
            http.close();
        }
        server.shutdown();
    }

    private ArxivHttp client(Duration minInterval) {
        http = new ArxivHttp(TestHttp.settings(minInterval));
        return http;
    }

    @Test
    void sendsTheConfiguredUserAgent() throws Exception {
        server.enqueue(new MockResponse().setBody("hello"));
        byte[] body = client(Duration.ZERO).get(server.url("/api/query?x=1"), 1000);
        assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThat(server.takeRequest().getHeader("User-Agent")).isEqualTo(TestHttp.USER_AGENT);
    }

    @Test
    void keepsTheMinimumIntervalBetweenRequestsOfAllThreads() throws Exception {
        List<Long> arrivals = Collections.synchronizedList(new ArrayList<>());
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                arrivals.add(System.nanoTime());
                return new MockResponse().setBody("ok");
            }
        });
        Duration interval = Duration.ofMillis(400);
        ArxivHttp client = client(interval);
        client.get(server.url("/one"), 100);
        client.get(server.url("/two"), 100);
        // two more at once from other threads: the limit is shared
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            Future<byte[]> a = pool.submit(() -> client.get(server.url("/three"), 100));
            Future<byte[]> b = pool.submit(() -> client.get(server.url("/four"), 100));
            a.get();
            b.get();
        }
        assertThat(arrivals).hasSize(4);
        List<Long> sorted = arrivals.stream().sorted().toList();
        // The client spaces the starts of requests; the server sees them a little after: a request
        // that reaches it late (scheduling on a busy machine) shortens the gap before the next one.
        // Without the limit these gaps are a few milliseconds.
        long slackMillis = 100;
        assertThat((sorted.get(3) - sorted.get(0)) / 1_000_000).isGreaterThanOrEqualTo(3 * interval.toMillis() - slackMillis);
        for (int i = 1; i < sorted.size(); i++) {
            long gapMillis = (sorted.get(i) - sorted.get(i - 1)) / 1_000_000;
            assertThat(gapMillis).as("gap before request %d", i + 1)
                    .isGreaterThanOrEqualTo(interval.toMillis() - slackMillis);
        }
    }

    @Test
    void waitsForRetryAfterSecondsOn429ThenSucceeds() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(429).setHeader("Retry-After", "1"));
        server.enqueue(new MockResponse().setBody("finally"));
        long start = System.nanoTime();
        byte[] body = client(Duration.ZERO).get(server.url("/api/query"), 1000);
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo("finally");
        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(elapsedMillis).isGreaterThanOrEqualTo(950);
    }

    @Test
    void retriesA503WithoutRetryAfterWithBackoff() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(503));
        server.enqueue(new MockResponse().setResponseCode(503));
        server.enqueue(new MockResponse().setBody("up again"));
        byte[] body = client(Duration.ZERO).get(server.url("/api/query"), 1000);
        assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo("up again");
        assertThat(server.getRequestCount()).isEqualTo(3);
        assertThat(http.failedTries()).as("retried tries count too").isEqualTo(Map.of("http_503", 2L));
    }

    @Test
    void givesUpAfterTheLastTryWithAnIOException() {
        for (int i = 0; i < 5; i++) {
            server.enqueue(new MockResponse().setResponseCode(500));
        }
        assertThatThrownBy(() -> client(Duration.ZERO).get(server.url("/api/query"), 1000))
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(UnacceptableResponseException.class)
                .hasMessageContaining("gave up").hasMessageContaining("HTTP 500");
        assertThat(server.getRequestCount()).isEqualTo(3);
        assertThat(http.failedTries()).as("every try counted for the metrics").isEqualTo(Map.of("http_500", 3L));
    }

    @Test
    void aRetryAfterLongerThanAllowedIsNotSatOut() {
        server.enqueue(new MockResponse().setResponseCode(503).setHeader("Retry-After", "3600"));
        long start = System.nanoTime();
        assertThatThrownBy(() -> client(Duration.ZERO).get(server.url("/api/query"), 1000))
                .isInstanceOf(IOException.class).hasMessageContaining("asks to wait 3600 s");
        // sitting it out would take an hour
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(60_000);
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aRetryAfterLongerThanAllowedStillHoldsBackEveryCaller() throws Exception {
        List<Long> arrivals = Collections.synchronizedList(new ArrayList<>());
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                arrivals.add(System.nanoTime());
                return arrivals.size() == 1 ? new MockResponse().setResponseCode(503).setHeader("Retry-After", "1")
                        : new MockResponse().setBody("ok");
            }
        });
        // sits out no Retry-After at all: the 503 fails its call at once
        http = new ArxivHttp(new ArxivHttp.Settings(TestHttp.USER_AGENT, Duration.ZERO, Duration.ofSeconds(5), 3,
                Duration.ofMillis(10), Duration.ofMillis(50), Duration.ZERO, Clock.systemUTC()));
        assertThatThrownBy(() -> http.get(server.url("/api/query"), 1000))
                .isInstanceOf(IOException.class).hasMessageContaining("asks to wait 1 s");
        try (ExecutorService other = Executors.newSingleThreadExecutor()) {
            assertThat(other.submit(() -> http.get(server.url("/api/query"), 1000)).get()).asString().isEqualTo("ok");
        }
        assertThat(arrivals).hasSize(2);
        // the hold starts after the 503 arrived, so no slack is needed
        assertThat((arrivals.get(1) - arrivals.get(0)) / 1_000_000).isGreaterThanOrEqualTo(1000);
    }

    @Test
    void aLongDownloadHoldsTheOneConnectionSoNoOtherRequestOverlapsIt(@TempDir Path dir) throws Exception {
        Map<String, Long> arrivals = new ConcurrentHashMap<>();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String path = request.getRequestUrl().encodedPath();
                arrivals.put(path, System.nanoTime());
                if (path.equals("/pdf/long")) {
                    // 8 KB at 1 KB per 100 ms: the body takes at least 700 ms to arrive
                    return new MockResponse().setHeader("Content-Type", "application/pdf")
                            .setBody(new Buffer().write(new byte[8 * 1024])).throttleBody(1024, 100, TimeUnit.MILLISECONDS);
                }
                return new MockResponse().setBody("feed");
            }
        });
        ArxivHttp client = client(Duration.ZERO); // no spacing: only the connection permit keeps them apart
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            Future<ArxivHttp.Download> download = pool.submit(() -> client.download(server.url("/pdf/long"),
                    dir.resolve("long.pdf"), 1_000_000, Duration.ofSeconds(30), Set.of("application/pdf")));
            Await.until("the download to start", Duration.ofSeconds(10), () -> arrivals.containsKey("/pdf/long"));
            Future<byte[]> poll = pool.submit(() -> client.get(server.url("/api/query"), 1000));
            assertThat(poll.get()).asString().isEqualTo("feed");
            assertThat(download.get().bytes()).isEqualTo(8 * 1024);
        }
        // the poll asked only once the whole body had been read
        assertThat((arrivals.get("/api/query") - arrivals.get("/pdf/long")) / 1_000_000).isGreaterThanOrEqualTo(700);
    }

    @Test
    void notFoundIsUnacceptableAndNotRetried() {
        server.enqueue(new MockResponse().setResponseCode(404));
        assertThatThrownBy(() -> client(Duration.ZERO).get(server.url("/pdf/2501.00001v1"), 1000))
                .isInstanceOf(UnacceptableResponseException.class).hasMessageContaining("404");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void refusesABodyLargerThanTheCapWhetherAnnouncedOrNot() {
        server.enqueue(new MockResponse().setBody("x".repeat(10_000)));
        assertThatThrownBy(() -> client(Duration.ZERO).get(server.url("/big"), 1000))
                .isInstanceOf(ResponseTooLargeException.class).hasMessageContaining("1000 bytes");
        // chunked: no Content-Length, so the cap must hold while reading
        server.enqueue(new MockResponse().setChunkedBody("y".repeat(10_000), 512));
        assertThatThrownBy(() -> http.get(server.url("/chunked"), 1000))
                .isInstanceOf(ResponseTooLargeException.class);
        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(http.failedTries()).isEqualTo(Map.of("too_large", 2L));
    }

    @Test
    void aBodyExactlyAtTheCapIsAccepted() throws Exception {
        server.enqueue(new MockResponse().setChunkedBody("z".repeat(1000), 100));
        assertThat(client(Duration.ZERO).get(server.url("/exact"), 1000)).hasSize(1000);
    }

    @Test
    void downloadStreamsToAFileAndChecksTheContentType(@TempDir Path dir) throws Exception {
        byte[] payload = new byte[50_000];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i * 31);
        }
        server.enqueue(new MockResponse().setHeader("Content-Type", "application/pdf").setBody(new Buffer().write(payload)));
        Path file = dir.resolve("out.bin");
        ArxivHttp.Download d = client(Duration.ZERO).download(server.url("/pdf/x"), file, 100_000, Duration.ofSeconds(5),
                Set.of("application/pdf"));
        assertThat(d.bytes()).isEqualTo(payload.length);
        assertThat(d.contentType()).isEqualTo("application/pdf");
        assertThat(Files.readAllBytes(file)).isEqualTo(payload);

        server.enqueue(new MockResponse().setHeader("Content-Type", "text/html; charset=utf-8").setBody("<html>"));
        assertThatThrownBy(() -> http.download(server.url("/pdf/y"), dir.resolve("y"), 100_000, Duration.ofSeconds(5),
                Set.of("application/pdf")))
                .isInstanceOf(UnacceptableResponseException.class).hasMessageContaining("text/html");
    }

    @Test
    void readsRetryAfterAsSecondsOrAsHttpDate() {
        Instant now = Instant.parse("2025-01-20T12:00:00Z");
        String in90s = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC).format(now.plusSeconds(90));
        String past = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC).format(now.minusSeconds(90));
        assertThat(ArxivHttp.retryAfter(Headers.of("Retry-After", "7"), now)).contains(Duration.ofSeconds(7));
        assertThat(ArxivHttp.retryAfter(Headers.of("Retry-After", in90s), now)).contains(Duration.ofSeconds(90));
        assertThat(ArxivHttp.retryAfter(Headers.of("Retry-After", past), now)).contains(Duration.ZERO);
        assertThat(ArxivHttp.retryAfter(Headers.of("Retry-After", "soon"), now)).isEmpty();
        assertThat(ArxivHttp.retryAfter(Headers.of(), now)).isEmpty();
    }

    @Test
    void waitsUntilARetryAfterDate() throws Exception {
        Instant until = Instant.now().plusSeconds(2);
        server.enqueue(new MockResponse().setResponseCode(503)
                .setHeader("Retry-After", DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC).format(until)));
        server.enqueue(new MockResponse().setBody("ok"));
        client(Duration.ZERO).get(server.url("/api/query"), 1000);
        server.takeRequest();
        server.takeRequest();
        // HTTP dates have whole seconds: the retry comes no earlier than the second named
        assertThat(Instant.now()).isAfterOrEqualTo(until.truncatedTo(ChronoUnit.SECONDS).minusMillis(50));
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void aServerThatDoesNotAnswerRunsIntoTheReadTimeout() {
        ArxivHttp.Settings quick = new ArxivHttp.Settings(TestHttp.USER_AGENT, Duration.ZERO, Duration.ofMillis(200), 1,
                Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofSeconds(1), Clock.systemUTC());
        http = new ArxivHttp(quick);
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE)); // never answers
        long start = System.nanoTime();
        assertThatThrownBy(() -> http.get(server.url("/slow"), 1000))
                .isInstanceOf(IOException.class).hasCauseInstanceOf(InterruptedIOException.class);
        long millis = (System.nanoTime() - start) / 1_000_000;
        // a timeout of 200 ms, not a wait for ever (the bound is generous for a busy machine)
        assertThat(millis).isGreaterThanOrEqualTo(150).isLessThan(10_000);
        assertThat(http.failedTries()).isEqualTo(Map.of("timeout", 1L));
    }

    @Test
    void aDownloadThatTricklesRunsIntoTheCallTimeout(@TempDir Path dir) {
        ArxivHttp client = client(Duration.ZERO);
        for (int i = 0; i < 3; i++) {
            // 64 KB at 1 KB per 500 ms would take half a minute; every read is quick, so only the call
            // timeout stops it
            server.enqueue(new MockResponse().setHeader("Content-Type", "application/pdf")
                    .setBody(new Buffer().write(new byte[64 * 1024]))
                    .throttleBody(1024, 500, TimeUnit.MILLISECONDS));
        }
        long start = System.nanoTime();
        assertThatThrownBy(() -> client.download(server.url("/pdf/slow"), dir.resolve("slow.pdf"), 1_000_000,
                Duration.ofMillis(300), Set.of("application/pdf")))
                .isInstanceOf(IOException.class);
        // three tries of 300 ms each, plus backoff: about a second, far less than one whole trickle
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(900).isLessThan(15_000);
        assertThat(server.getRequestCount()).isEqualTo(3);
    }
}
