package org.paperradio.stream.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperradio.core.config.StationConfig;
import org.paperradio.core.library.PaperLibrary;
import org.paperradio.core.testing.FlatEmbedder;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.License;
import org.paperradio.core.paper.PaperMeta;
import org.paperradio.core.store.PaperFiles;
import org.paperradio.core.store.PaperStore;
import org.paperradio.stream.output.LiveMp3Broadcast;
import org.paperradio.stream.playout.AirFixtures;
import org.paperradio.stream.playout.NowPlaying;
import org.paperradio.stream.playout.Segment;

/**
 * The web pages' routes through a real server on loopback: the pages and their headers, the
 * static files' whitelist, the page images' license gate, and {@code /api/events} read as a
 * Server-Sent Events stream while what is on air changes.
 */
class WebPageRoutesTest {

    private static final String NAME = "Paper <Radio> & \"Friends\"";
    private static final PaperMeta OPEN = paper("2501.00011v1", "An open paper", "http://creativecommons.org/licenses/by/4.0/");
    private static final PaperMeta CLOSED = paper("2501.00012v1", "A closed paper", License.ARXIV_NONEXCLUSIVE);
    private static final PaperMeta NON_COMMERCIAL = paper("2501.00013v1", "A non-commercial paper",
            "http://creativecommons.org/licenses/by-nc-sa/4.0/");
    private static final PaperMeta OLD_STYLE = paper("hep-th/9901001v2", "Strings, open", "http://creativecommons.org/licenses/by-sa/4.0/");

    @TempDir
    static Path data;

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicReference<NowPlaying> ON_AIR = new AtomicReference<>();
    private static PaperStore store;
    private static PaperLibrary library;
    private static LiveMp3Broadcast broadcast;
    private static WebServer web;
    private static URI base;

    private static PaperMeta paper(String id, String title, String license) {
        return new PaperMeta(ArxivId.parse(id), title, List.of("Ada Lovelace"), "An abstract.", List.of("cs.AI"),
                Instant.parse("2026-01-01T00:00:00Z"), null, URI.create("https://arxiv.org/pdf/" + id),
                License.of(license));
    }

    private static NowPlaying onAir(String paperId, String title, String speaker, String line) {
        return new NowPlaying(Segment.Kind.PAPER, paperId, title, List.of("Ada Lovelace"),
                URI.create("https://arxiv.org/abs/" + paperId), Instant.parse("2026-11-24T10:00:00Z"),
                Duration.ofSeconds(30), speaker, line, 1,
                List.of(new NowPlaying.UpNext("2501.00012v1", "A closed paper", Duration.ofSeconds(40))), Duration.ZERO);
    }

    @BeforeAll
    static void setUp() throws Exception {
        store = new PaperStore(data.resolve("store"), Clock.systemUTC());
        for (PaperMeta m : List.of(OPEN, CLOSED, NON_COMMERCIAL, OLD_STYLE)) {
            store.add(m);
            Path page = store.file(m.id(), PaperFiles.PAGES + "/001.png");
            Files.createDirectories(page.getParent());
            BufferedImage img = new BufferedImage(4, 6, BufferedImage.TYPE_INT_RGB);
            img.setRGB(1, 1, m.title().hashCode());
            ImageIO.write(img, "png", page.toFile());
        }
        library = PaperLibrary.open(data.resolve("index"), new FlatEmbedder());
        broadcast = new LiveMp3Broadcast(new StationConfig.Audio(AirFixtures.RATE, 96));
        ON_AIR.set(onAir(OPEN.id().toString(), OPEN.title(), "Ada", "Welcome to the show."));
        LibraryApi api = new LibraryApi(library, store);
        web = new WebServer(new StationConfig.Http("127.0.0.1", 0, null), NAME, ON_AIR::get, broadcast,
                Clock.systemUTC(), api, null, null, new WebPages(NAME, api, store, false));
        web.start();
        base = URI.create("http://127.0.0.1:" + web.port());
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (web != null) {
            web.stop();
        }
        if (broadcast != null) {
            broadcast.close();
        }
        if (library != null) {
            library.close();
        }
    }

    private static HttpResponse<String> send(String method, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(5))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<byte[]> bytes(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The status of a request sent byte for byte (no client tidies the path first). */
    private static int rawStatus(String target) throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", web.port()), 5000);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String all = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            return Integer.parseInt(all.substring(9, 12));
        }
    }

    @Test
    void everyPageHasAStrictPolicyAndNoInlineOrExternalCode() throws Exception {
        for (String path : List.of("/", "/archive", "/paper/" + OPEN.id(), "/paper/hep-th/9901001v2", "/?q=proteins")) {
            HttpResponse<String> res = send("GET", path);
            assertThat(res.statusCode()).as(path).isEqualTo(200);
            assertThat(res.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
            assertThat(res.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(res.headers().firstValue("X-Frame-Options")).hasValue("DENY");
            assertThat(res.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                    .contains("default-src 'self'", "script-src 'self';", "style-src 'self';", "frame-ancestors 'none'")
                    .doesNotContain("unsafe-inline", "unsafe-eval", "http", "*"));
            String html = res.body();
            assertThat(html).contains("<meta name=\"viewport\"", "Paper &lt;Radio&gt; &amp; &quot;Friends&quot;")
                    .doesNotContain(NAME, "<style", " style=", "http://", "https://", "//cdn", "javascript:");
            // every script is a file of the station's own, and there is exactly one
            Matcher scripts = Pattern.compile("<script([^>]*)>").matcher(html);
            int count = 0;
            while (scripts.find()) {
                assertThat(scripts.group(1)).matches(" defer src=\"/static/app\\.js\\?v=[0-9a-f]{16}\"");
                count++;
            }
            assertThat(count).as(path).isEqualTo(1);
            assertThat(html).containsPattern("<link href=\"/static/app\\.css\\?v=[0-9a-f]{16}\" rel=\"stylesheet\">");
        }
        assertThat(send("GET", "/").body()).contains("<audio controls id=\"live-audio\"", "src=\"/live.mp3\"",
                "aria-live=\"polite\"", "<button id=\"play\" type=\"button\"", "role=\"search\"");
        assertThat(send("GET", "/paper/" + OPEN.id()).body()).contains("data-paper=\"2501.00011v1\"");
        assertThat(send("GET", "/paper/hep-th/9901001v2").body()).contains("data-paper=\"hep-th/9901001v2\"");
        assertThat(send("GET", "/paper/2501.00011").body()).as("the newest version").contains("data-paper=\"2501.00011v1\"");
    }

    @Test
    void paperPagesOnlyForPapersTheLibraryHolds() throws Exception {
        assertThat(send("GET", "/paper/2501.99999v1").statusCode()).isEqualTo(404);
        assertThat(send("GET", "/paper/not%20an%20id").statusCode()).isEqualTo(400);
        assertThat(send("GET", "/paper/").statusCode()).isEqualTo(400);
        assertThat(rawStatus("/paper/<script>")).isEqualTo(400);
        HttpResponse<String> post = send("POST", "/archive");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
        assertThat(send("GET", "/archive/").statusCode()).isEqualTo(404);
        HttpResponse<String> head = send("HEAD", "/archive");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
    }

    @Test
    void staticFilesAreAWhitelistWithTheirTypesAndCaching() throws Exception {
        HttpResponse<String> js = send("GET", "/static/app.js");
        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(js.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(js.headers().firstValue("Cache-Control")).hasValue("public, max-age=3600");
        String etag = js.headers().firstValue("ETag").orElseThrow();
        assertThat(etag).matches("\"[0-9a-f]{16}\"");
        // the page refers to the same version it serves
        assertThat(send("GET", "/").body()).contains("/static/app.js?v=" + etag.replace("\"", ""));
        assertThat(js.body()).contains("EventSource", "/api/events", "textContent")
                .doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "http://");
        HttpResponse<String> again = HTTP.send(HttpRequest.newBuilder(base.resolve("/static/app.js?v=x"))
                .header("If-None-Match", etag).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();

        HttpResponse<String> css = send("GET", "/static/app.css");
        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
        assertThat(css.body()).contains(":focus-visible", "@media").doesNotContain("@import", "url(");

        for (String path : List.of("/static/", "/static/app.js.map", "/static/APP.JS", "/static/app.js/",
                "/static/web/app.js", "/static/%61pp.js", "/static/app.css%00", "/static/../static/app.js",
                "/static/..%2fWebPages.class", "/static/../../org/paperradio/stream/http/WebPages.class")) {
            assertThat(rawStatus(path)).as(path).isEqualTo(404);
        }
    }

    @Test
    void pageImagesOnlyWhenTheLicenseAllowsThem() throws Exception {
        HttpResponse<byte[]> open = bytes("/papers/2501.00011v1/page/1.png");
        assertThat(open.statusCode()).isEqualTo(200);
        assertThat(open.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(open.body()).isEqualTo(Files.readAllBytes(store.file(OPEN.id(), PaperFiles.PAGES + "/001.png")));
        assertThat(bytes("/papers/2501.00011/page/1.png").statusCode()).as("newest version").isEqualTo(200);
        assertThat(bytes("/papers/hep-th/9901001v2/page/1.png").statusCode()).as("old-style id").isEqualTo(200);
        assertThat(bytes("/papers/hep-th%2F9901001v2/page/1.png").statusCode()).isEqualTo(200);

        assertThat(bytes("/papers/2501.00012v1/page/1.png").statusCode()).as("arXiv's license").isEqualTo(404);
        assertThat(bytes("/papers/2501.00013v1/page/1.png").statusCode()).as("NC on a commercial station").isEqualTo(404);
        assertThat(bytes("/papers/2501.00011v1/page/2.png").statusCode()).as("no such page").isEqualTo(404);
        assertThat(bytes("/papers/2501.99999v1/page/1.png").statusCode()).as("no such paper").isEqualTo(404);
        for (String n : List.of("0", "1000", "01", "001", "-1", "1e2", "x", "")) {
            assertThat(bytes("/papers/2501.00011v1/page/" + n + ".png").statusCode()).as(n).isEqualTo(404);
        }
        assertThat(bytes("/papers/2501.00011v1/page/1.jpg").statusCode()).isEqualTo(404);
        assertThat(rawStatus("/papers/../store/page/1.png")).isEqualTo(400);
        assertThat(rawStatus("/papers/2501.00011v1/../2501.00012v1/page/1.png")).isEqualTo(400);
        assertThat(rawStatus("/papers//page/1.png")).isEqualTo(404);
    }

    @Test
    void eventsSendWhatIsOnAirAndThenEachChange() throws Exception {
        ON_AIR.set(onAir(OPEN.id().toString(), OPEN.title(), "Ada", "Welcome to the show."));
        HttpResponse<InputStream> res = HTTP.send(HttpRequest.newBuilder(base.resolve("/api/events")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("Content-Type")).hasValue("text/event-stream; charset=utf-8");
        assertThat(res.headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("no-cache"));
        try (SseReader events = new SseReader(res.body())) {
            SseReader.Event first = events.next(Duration.ofSeconds(5));
            assertThat(first.name()).isEqualTo("now");
            JsonNode now = JSON.readTree(first.data());
            assertThat(now.path("station").asText()).isEqualTo(NAME);
            assertThat(now.path("title").asText()).isEqualTo(OPEN.title());
            assertThat(now.path("speaker").asText()).isEqualTo("Ada");
            assertThat(now.path("upNext").get(0).path("title").asText()).isEqualTo("A closed paper");

            // nothing changed: nothing sent (the heartbeat is 15 s away)
            assertThat(events.next(Duration.ofMillis(900))).isNull();

            ON_AIR.set(onAir(OPEN.id().toString(), OPEN.title(), "Ben", "Today: a paper."));
            JsonNode caption = JSON.readTree(events.next(Duration.ofSeconds(5)).data());
            assertThat(caption.path("speaker").asText()).isEqualTo("Ben");
            assertThat(caption.path("line").asText()).isEqualTo("Today: a paper.");

            ON_AIR.set(onAir(CLOSED.id().toString(), CLOSED.title(), "Ada", "Next up."));
            SseReader.Event change = events.next(Duration.ofSeconds(5));
            assertThat(change.name()).isEqualTo("now");
            assertThat(JSON.readTree(change.data()).path("title").asText()).isEqualTo(CLOSED.title());
            assertThat(JSON.readTree(change.data()).path("paperId").asText()).isEqualTo("2501.00012v1");

            ON_AIR.set(null);
            assertThat(JSON.readTree(events.next(Duration.ofSeconds(5)).data()).path("kind").asText()).isEqualTo("off");
        }
        ON_AIR.set(onAir(OPEN.id().toString(), OPEN.title(), "Ada", "Welcome to the show."));
        assertThat(send("HEAD", "/api/events").statusCode()).isEqualTo(200);
        assertThat(send("POST", "/api/events").statusCode()).isEqualTo(405);
    }

    /** A minimal Server-Sent Events parser over a response body, read on its own thread. */
    static final class SseReader implements AutoCloseable {

        record Event(String name, String data) {
        }

        private final InputStream in;
        private final java.util.concurrent.BlockingQueue<Object> events = new java.util.concurrent.LinkedBlockingQueue<>();
        private final Thread reader;

        SseReader(InputStream in) {
            this.in = in;
            this.reader = Thread.ofVirtual().start(this::read);
        }

        private void read() {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String name = "message";
                StringBuilder data = null;
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.isEmpty()) {
                        if (data != null) {
                            events.add(new Event(name, data.toString()));
                        } else if (!name.equals("message")) {
                            events.add(new Event(name, ""));
                        }
                        name = "message";
                        data = null;
                    } else if (line.startsWith(":")) {
                        events.add(line); // a comment: kept so tests can see heartbeats
                    } else if (line.startsWith("event:")) {
                        name = line.substring(6).strip();
                    } else if (line.startsWith("data:")) {
                        String d = line.substring(5);
                        d = d.startsWith(" ") ? d.substring(1) : d;
                        data = data == null ? new StringBuilder(d) : data.append('\n').append(d);
                    }
                }
                events.add("EOF");
            } catch (Exception e) {
                events.add("EOF");
            }
        }

        /** The next event (comments skipped), or null when none came in time or the stream ended. */
        Event next(Duration wait) throws InterruptedException {
            long end = System.nanoTime() + wait.toNanos();
            while (true) {
                Object o = events.poll(Math.max(0, end - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
                if (o == null || "EOF".equals(o)) {
                    return null;
                }
                if (o instanceof Event e) {
                    return e;
                }
            }
        }

        /** The next line or event of any kind (a comment is a String), or null on time out. */
        Object nextAny(Duration wait) throws InterruptedException {
            return events.poll(wait.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
        }

        @Override
        public void close() throws Exception {
            in.close();
            reader.interrupt();
        }
    }
}
