package org.paperradio.stream.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperradio.core.config.StationConfig;
import org.paperradio.core.paper.PaperRecord;
import org.paperradio.core.store.PaperStore;
import org.paperradio.core.testing.Await;
import org.paperradio.stream.output.LiveMp3Broadcast;
import org.paperradio.stream.output.TestBroadcasts;
import org.paperradio.stream.playout.AirFixtures;
import org.paperradio.stream.playout.Ident;
import org.paperradio.stream.playout.Interval;
import org.paperradio.stream.playout.PlayoutClock;
import org.paperradio.stream.playout.ReadyQueue;

class WebServerTest {

    private static final String NAME = "Paper <Radio> & Friends";

    @TempDir
    Path data;

    private LiveMp3Broadcast broadcast;
    private PlayoutClock playout;
    private WebServer web;
    private URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void setUp() throws Exception {
        PaperStore store = new PaperStore(data, Clock.systemUTC());
        ReadyQueue ready = new ReadyQueue(store, Duration.ofMinutes(10));
        PaperRecord rec = AirFixtures.voicedPaper(store, "2501.00031v1", "Listening to Papers", 30.0, 440);
        ready.accept(rec);
        StationConfig.Audio audio = new StationConfig.Audio(AirFixtures.RATE, 96);
        broadcast = new LiveMp3Broadcast(audio);
        playout = new PlayoutClock(store, ready, new StationConfig.Playout(null, null, null), audio,
                List.of(new StationConfig.Host("ada", "Ada", null, null, null)),
                new Ident(NAME, AirFixtures.pcm(0.2, 880)), Interval.chimes(AirFixtures.RATE), List.of(broadcast),
                Clock.systemUTC());
        web = new WebServer(new StationConfig.Http("127.0.0.1", 0, null), NAME, playout::nowPlaying, broadcast,
                Clock.systemUTC());
        playout.start();
        web.start();
        base = URI.create("http://127.0.0.1:" + web.port());
    }

    @AfterEach
    void tearDown() {
        web.stop();
        playout.stop();
        broadcast.close();
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(5))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return http.send(req, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void apiNamesThePaperOnAir() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Await.until("the paper on air in /api/now", Duration.ofSeconds(20), () -> {
            try {
                return "2501.00031v1".equals(json.readTree(send("GET", "/api/now").body()).path("paperId").asText());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        HttpResponse<String> res = send("GET", "/api/now?ignored=1");
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode now = json.readTree(res.body());
        assertThat(now.path("station").asText()).isEqualTo(NAME);
        assertThat(now.path("kind").asText()).isEqualTo("paper");
        assertThat(now.path("title").asText()).isEqualTo("Listening to Papers");
        assertThat(now.path("authors").get(0).asText()).isEqualTo("Ada Lovelace");
        assertThat(now.path("absUrl").asText()).isEqualTo("https://arxiv.org/abs/2501.00031v1");
        assertThat(now.path("lengthSeconds").asDouble()).isEqualTo(30.0);
        assertThat(now.path("bufferedAheadSeconds").isNumber()).isTrue();
        assertThat(now.path("listeners").asInt()).isZero();
        assertThat(now.path("startedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    }

    @Test
    void liveStreamIsMp3ThatDecodesToTheToneOnAir() throws Exception {
        HttpRequest req = HttpRequest.newBuilder(base.resolve("/live.mp3")).timeout(Duration.ofSeconds(5)).build();
        HttpResponse<InputStream> res = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("Content-Type")).hasValue("audio/mpeg");
        assertThat(res.headers().firstValue("Content-Length")).isEmpty();
        assertThat(res.headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("no-cache"));
        byte[] mp3;
        try (InputStream in = res.body()) {
            mp3 = in.readNBytes(36_000); // 3 s at 96 kbit/s
        }
        assertThat(mp3).hasSize(36_000);
        assertThat(mp3[0] & 0xff).isEqualTo(0xff);
        assertThat(mp3[1] & 0xe6).isEqualTo(0xe2); // frame sync, Layer III
        Optional<short[]> pcm = AirFixtures.decodeMp3(mp3, data);
        assumeThat(pcm).as("ffmpeg or mpg123 to decode").isPresent();
        assertThat((double) pcm.get().length / AirFixtures.RATE).isBetween(2.5, 3.5);
        assertThat(AirFixtures.rms(pcm.get())).isGreaterThan(0.05);
    }

    @Test
    void aListenerThatHangsUpIsNoLongerCounted() throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", web.port()), 5000);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write("GET /live.mp3 HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] some = in.readNBytes(4000);
            assertThat(new String(some, 0, 15, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200 OK");
            assertThat(broadcast.listenerCount()).isEqualTo(1);
        }
        Await.until("the listener gone", Duration.ofSeconds(10), () -> broadcast.listenerCount() == 0);
        assertThat(web.liveStreams()).isZero();
    }

    @Test
    void pageRoutesMethodsAndHeaders() throws Exception {
        HttpResponse<String> page = send("GET", "/?utm=x");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(v -> assertThat(v).contains("default-src 'self'").doesNotContain("http"));
        assertThat(page.body()).contains("<audio controls", "src=\"/live.mp3\"", "/api/now")
                .contains("Paper &lt;Radio&gt; &amp; Friends").doesNotContain(NAME)
                .doesNotContainPattern("(src|href)=\"(https?:)?//")   // nothing from another origin
                .containsPattern("<script[^>]* src=\"/static/app\\.js")
                .doesNotContain("<script>");                           // no inline script (the CSP forbids it too)

        assertThat(send("GET", "/nope").statusCode()).isEqualTo(404);
        assertThat(send("GET", "/../etc/passwd").statusCode()).isEqualTo(404);
        assertThat(send("GET", "/live.mp3/").statusCode()).isEqualTo(404);
        HttpResponse<String> post = send("POST", "/");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
        assertThat(send("DELETE", "/api/now").statusCode()).isEqualTo(405);

        HttpResponse<String> head = send("HEAD", "/live.mp3");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Type")).hasValue("audio/mpeg");
        assertThat(head.body()).isEmpty();
        assertThat(send("HEAD", "/").statusCode()).isEqualTo(200);
        assertThat(broadcast.listenerCount()).isZero();
    }

    @Test
    void aFullStreamAnswers503AndAListenerThatStopsReadingFreesItsPlace() throws Exception {
        // a broadcast of replayed frames the test feeds far faster than real time, so a client
        // that does not read fills the socket buffers (megabytes on loopback) in a moment; a
        // listener is dropped once 4 s behind
        try (LiveMp3Broadcast fast = TestBroadcasts.replaying(AirFixtures.RATE, 320, Duration.ofMillis(100),
                Duration.ofSeconds(4));
             WebServer small = new WebServer(new StationConfig.Http("127.0.0.1", 0, 1), NAME, playout::nowPlaying,
                     fast, Clock.systemUTC());
             Socket stalled = new Socket()) {
            small.start();
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new InetSocketAddress("127.0.0.1", small.port()), 5000);
            stalled.setSoTimeout(10_000);
            stalled.getOutputStream().write("GET /live.mp3 HTTP/1.1\r\nHost: localhost\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = stalled.getInputStream();
            // two seconds at a time: bursts the handler forwards at once while the client reads
            short[] tone = AirFixtures.tone(2.0, 440);
            fast.write(tone, 0, tone.length); // the headers go out with the first frames
            assertThat(new String(in.readNBytes(15), StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200 OK");
            Await.until("the stream counted", Duration.ofSeconds(5), () -> small.liveStreams() == 1);

            // the one place is taken: the next listener is turned away, and told when to retry
            URI smallBase = URI.create("http://127.0.0.1:" + small.port());
            HttpResponse<String> full = http.send(HttpRequest.newBuilder(smallBase.resolve("/live.mp3"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(full.statusCode()).isEqualTo(503);
            assertThat(full.headers().firstValue("Retry-After")).isPresent();
            assertThat(http.send(HttpRequest.newBuilder(smallBase.resolve("/api/now")).timeout(Duration.ofSeconds(5))
                    .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);

            // the client never reads again: once the socket buffers are full the handler's write
            // blocks for good, the broadcast drops the listener, and the watchdog must free the place
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (small.liveStreams() > 0 && System.nanoTime() < deadline) {
                long next = fast.framesEncoded() + 70;
                fast.write(tone, 0, tone.length);
                Await.until("the encoder to catch up", Duration.ofSeconds(10), () -> fast.framesEncoded() >= next);
            }
            assertThat(small.liveStreams()).as("streams still served").isZero();
            assertThat(fast.listenerCount()).isZero();
            // the server closed the connection: what was buffered drains, then the stream ends
            long drained = 0;
            try {
                for (int n; (n = in.read(new byte[65536])) >= 0; ) {
                    drained += n;
                }
            } catch (java.net.SocketException reset) {
                // a reset is as good an end as a FIN
            }
            assertThat(drained).isPositive();

            // and the place is free again
            HttpResponse<InputStream> again = http.send(HttpRequest.newBuilder(smallBase.resolve("/live.mp3"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(again.statusCode()).isEqualTo(200);
            assertThat(again.headers().firstValue("Content-Type")).hasValue("audio/mpeg");
            again.body().close();
        }
    }
}
