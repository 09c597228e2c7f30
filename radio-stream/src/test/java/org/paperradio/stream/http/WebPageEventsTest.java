package org.paperradio.stream.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.paperradio.core.testing.Await;
import org.paperradio.stream.playout.NowPlaying;
import org.paperradio.stream.playout.Segment;

/**
 * {@link WebEvents} on a JDK server of its own, with short timings: heartbeats while nothing
 * changes, the cap on clients, a client that hangs up freeing its place, and close ending every
 * stream.
 */
class WebPageEventsTest {

    private final AtomicReference<NowPlaying> onAir = new AtomicReference<>(now("First"));
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private WebEvents events;
    private HttpServer server;
    private ExecutorService executor;
    private URI url;

    private static NowPlaying now(String title) {
        return new NowPlaying(Segment.Kind.PAPER, "2501.00001v1", title, List.of(), null,
                Instant.parse("2026-11-24T10:00:00Z"), Duration.ofSeconds(10), null, null, 0, List.of(), Duration.ZERO);
    }

    @BeforeEach
    void setUp() throws Exception {
        events = new WebEvents(onAir::get, n -> Map.of("title", n == null ? "" : n.title()), 2,
                Duration.ofMillis(20), Duration.ofMillis(150), Duration.ofSeconds(5));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/events", ex -> {
            try {
                events.serve(ex, false);
            } finally {
                ex.close();
            }
        });
        server.start();
        url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/events");
    }

    @AfterEach
    void tearDown() {
        events.close();
        server.stop(0);
        executor.close();
    }

    private WebPageRoutesTest.SseReader open() throws Exception {
        HttpResponse<InputStream> res = http.send(HttpRequest.newBuilder(url).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(res.statusCode()).isEqualTo(200);
        return new WebPageRoutesTest.SseReader(res.body());
    }

    @Test
    void heartbeatsKeepAQuietStreamAliveAndChangesStillArrive() throws Exception {
        try (WebPageRoutesTest.SseReader reader = open()) {
            WebPageRoutesTest.SseReader.Event first = reader.next(Duration.ofSeconds(5));
            assertThat(first.name()).isEqualTo("now");
            assertThat(first.data()).isEqualTo("{\"title\":\"First\"}");
            int comments = 0;
            long end = System.nanoTime() + Duration.ofMillis(700).toNanos();
            while (System.nanoTime() < end) {
                Object o = reader.nextAny(Duration.ofMillis(100));
                assertThat(o instanceof WebPageRoutesTest.SseReader.Event).as("only heartbeats while nothing changes: %s", o)
                        .isFalse();
                if (o instanceof String s && s.startsWith(":")) {
                    comments++;
                }
            }
            assertThat(comments).isBetween(2, 8);
            onAir.set(now("Second"));
            assertThat(reader.next(Duration.ofSeconds(5)).data()).isEqualTo("{\"title\":\"Second\"}");
        }
    }

    @Test
    void oneClientTooManyGets503AndAClientThatHangsUpFreesItsPlace() throws Exception {
        WebPageRoutesTest.SseReader a = open();
        try (WebPageRoutesTest.SseReader b = open()) {
            assertThat(a.next(Duration.ofSeconds(5))).isNotNull();
            assertThat(b.next(Duration.ofSeconds(5))).isNotNull();
            assertThat(events.clients()).isEqualTo(2);
            HttpResponse<String> third = http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(third.statusCode()).isEqualTo(503);
            assertThat(third.headers().firstValue("Retry-After")).isPresent();

            a.close(); // the next heartbeat write fails and the handler ends
            Await.until("the hung-up client's place is free", Duration.ofSeconds(5), () -> events.clients() == 1);
            try (WebPageRoutesTest.SseReader c = open()) {
                assertThat(c.next(Duration.ofSeconds(5))).isNotNull();
            }
        }
    }

    @Test
    void closeEndsEveryStreamAndRefusesNewOnes() throws Exception {
        try (WebPageRoutesTest.SseReader reader = open()) {
            assertThat(reader.next(Duration.ofSeconds(5))).isNotNull();
            events.close();
            // the stream ends: no more events and the reader sees the end
            Await.until("the stream ended", Duration.ofSeconds(5), () -> events.clients() == 0);
            assertThat(reader.next(Duration.ofSeconds(5))).isNull();
        }
        HttpResponse<String> late = http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(late.statusCode()).isEqualTo(503);
    }

    @Test
    void multiLineDataBecomesSeveralDataLines() {
        assertThat(new String(WebEvents.event("now", "{\n  \"a\": 1\n}"), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("event: now\ndata: {\ndata:   \"a\": 1\ndata: }\n\n");
    }
}
