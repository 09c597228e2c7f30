package org.paperradio.stream.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperradio.core.config.StationConfig;
import org.paperradio.stream.testing.RawHttp;
import org.paperradio.stream.testing.RawHttp.Raw;
import org.paperradio.core.library.MiniLmEmbedder;
import org.paperradio.core.library.PaperLibrary;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.License;
import org.paperradio.core.paper.PaperMeta;
import org.paperradio.core.paper.Stage;
import org.paperradio.core.store.PaperStore;
import org.paperradio.stream.output.LiveMp3Broadcast;
import org.paperradio.stream.playout.AirFixtures;

/** The library API end to end: a real library and store, the web server, an HTTP client. */
class LibraryApiTest {

    private static final String CC_BY = "http://creativecommons.org/licenses/by/4.0/";

    private static final PaperMeta PROTEIN_V1 = paper("2501.00001v1", "q-bio.BM", "2025-01-10T09:00:00Z",
            "Protein folding from contact maps",
            "An early draft on predicting protein structure from residue contacts.");
    private static final PaperMeta PROTEIN = paper("2501.00001v2", "q-bio.BM", "2025-01-10T09:00:00Z",
            "Predicting protein folding pathways with coevolutionary contact maps",
            "We predict the tertiary structure of proteins from their amino acid sequence. Coevolution "
                    + "signals in multiple sequence alignments give residue contact maps that guide a folding "
                    + "simulation, improving accuracy on small globular domains.");
    private static final PaperMeta RECOGNITION = paper("2501.00002v1", "cs.CL", "2025-02-10T23:30:00Z",
            "Conformer acoustic models for noisy telephone speech recognition",
            "We train an end-to-end automatic speech recognition system on conversational telephone "
                    + "recordings. A conformer encoder lowers the word error rate of transcripts of spoken "
                    + "speech under heavy background noise.");
    private static final PaperMeta GRAPHS = paper("2501.00003v1", "cs.DS", "2025-03-10T09:00:00Z",
            "Faster shortest paths in sparse directed graphs",
            "We give an algorithm for single-source shortest paths in sparse directed graphs with "
                    + "nonnegative edge weights that beats Dijkstra's algorithm, bounding the number of vertex "
                    + "relaxations with a recursive partition of the vertices.");
    private static final PaperMeta SYNTHESIS = paper("2501.00004v1", "cs.SD", "2025-04-10T09:00:00Z",
            "Expressive neural text-to-speech synthesis of spoken voices",
            "A neural speech synthesis model turns text into natural spoken audio. A vocoder conditioned "
                    + "on prosody produces expressive speech voices that listeners rate close to recorded speech.");
    private static final PaperMeta STRINGS = paper("hep-th/9901001v1", "hep-th", "1999-01-05T09:00:00Z",
            "Dualities of compactified string theory",
            "We study T-duality and S-duality of superstring theory compactified on a torus and the "
                    + "resulting spectrum of D-branes.");

    @TempDir
    static Path data;

    private static MiniLmEmbedder embedder;
    private static PaperStore store;
    private static PaperLibrary library;
    private static LiveMp3Broadcast broadcast;
    private static WebServer web;
    private static URI base;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void setUp() throws Exception {
        embedder = new MiniLmEmbedder();
        store = new PaperStore(data.resolve("store"), Clock.systemUTC());
        library = PaperLibrary.open(data.resolve("index"), embedder);
        for (PaperMeta m : List.of(PROTEIN_V1, PROTEIN, RECOGNITION, GRAPHS, SYNTHESIS, STRINGS)) {
            store.add(m);
            store.advance(m.id(), Stage.INDEXED);
            library.add(m, m.abstractText());
        }
        store.advance(PROTEIN.id(), Stage.VOICED);
        library.commit();
        broadcast = new LiveMp3Broadcast(new StationConfig.Audio(AirFixtures.RATE, 96));
        web = new WebServer(new StationConfig.Http("127.0.0.1", 0, null), "Test Radio", () -> null, broadcast,
                Clock.systemUTC(), new LibraryApi(library, store));
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

    private static PaperMeta paper(String id, String category, String published, String title, String abs) {
        return new PaperMeta(ArxivId.parse(id), title, List.of("Ada Lovelace", "Alan Turing"), abs,
                List.of(category), Instant.parse(published), Instant.parse(published).plusSeconds(3600),
                URI.create("https://arxiv.org/pdf/" + id), License.of(CC_BY));
    }

    private static HttpResponse<String> send(String method, String rawPathAndQuery) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + rawPathAndQuery)).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return HTTP.send(req, HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode get(String rawPathAndQuery) throws Exception {
        HttpResponse<String> res = send("GET", rawPathAndQuery);
        assertThat(res.statusCode()).as("GET %s: %s", rawPathAndQuery, res.body()).isEqualTo(200);
        assertThat(res.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        assertThat(res.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        return JSON.readTree(res.body());
    }

    /** An answer read off the socket: status, Content-Type and body. */
    private static Raw rawGet(String target) throws Exception {
        return RawHttp.send(web.port(), "GET", target);
    }

    private static List<String> ids(JsonNode hits) {
        List<String> out = new ArrayList<>();
        hits.forEach(h -> out.add(h.path("id").asText()));
        return out;
    }

    @Test
    void searchFindsThePaperWithItsMetadata() throws Exception {
        JsonNode res = get("/api/search?q=protein+folding%20structure");
        assertThat(res.path("query").asText()).isEqualTo("protein folding structure");
        JsonNode top = res.path("hits").get(0);
        assertThat(top.path("id").asText()).isEqualTo("2501.00001v2");
        assertThat(top.path("title").asText()).isEqualTo(PROTEIN.title());
        assertThat(top.path("authors").get(1).asText()).isEqualTo("Alan Turing");
        assertThat(top.path("categories").get(0).asText()).isEqualTo("q-bio.BM");
        assertThat(Instant.parse(top.path("published").asText())).isEqualTo(PROTEIN.published());
        assertThat(top.path("absUrl").asText()).isEqualTo("https://arxiv.org/abs/2501.00001v2");
        assertThat(top.path("score").asDouble()).isPositive();
        // the library holds one document per paper: the older version is never a separate hit
        assertThat(ids(res.path("hits"))).doesNotContain("2501.00001v1");

        JsonNode graphs = get("/api/search?q=Dijkstra%20shortest%20paths&limit=1");
        assertThat(ids(graphs.path("hits"))).containsExactly("2501.00003v1");
        // old-style ids travel in JSON as they are written
        assertThat(ids(get("/api/search?q=superstring+D-branes&limit=1").path("hits")))
                .containsExactly("hep-th/9901001v1");
    }

    @Test
    void categoryAndDateFiltersNarrowTheHits() throws Exception {
        assertThat(ids(get("/api/search?q=speech&category=cs.SD").path("hits"))).containsExactly("2501.00004v1");
        assertThat(ids(get("/api/search?q=speech&category=cs.CL").path("hits"))).containsExactly("2501.00002v1");
        assertThat(ids(get("/api/search?q=speech&category=cs.CL&category=cs.SD&limit=100").path("hits")))
                .containsExactlyInAnyOrder("2501.00002v1", "2501.00004v1");
        assertThat(ids(get("/api/search?q=speech&category=math.AG").path("hits"))).isEmpty();
        // to is inclusive of its whole day (the recognition paper came out at 23:30 UTC)
        assertThat(ids(get("/api/search?q=speech&category=cs.CL&category=cs.SD&to=2025-02-10").path("hits")))
                .containsExactly("2501.00002v1");
        assertThat(ids(get("/api/search?q=speech&category=cs.CL&category=cs.SD&from=2025-02-11").path("hits")))
                .containsExactly("2501.00004v1");
        assertThat(ids(get("/api/search?q=speech&from=2025-01-01&to=2025-03-31&limit=100").path("hits")))
                .doesNotContain("2501.00004v1", "hep-th/9901001v1")
                .contains("2501.00002v1");
    }

    @Test
    void relatedFindsTheNearestOtherPaperNeverItself() throws Exception {
        JsonNode res = get("/api/papers/2501.00002/related?limit=2");
        assertThat(res.path("id").asText()).isEqualTo("2501.00002v1");
        List<String> related = ids(res.path("related"));
        assertThat(related).hasSize(2).doesNotContain("2501.00002v1");
        assertThat(related.get(0)).isEqualTo("2501.00004v1");
        assertThat(res.path("related").get(0).path("authors").get(0).asText()).isEqualTo("Ada Lovelace");

        // an older version asks about the same paper, which is never its own relative
        JsonNode fromOld = get("/api/papers/2501.00001v1/related?limit=100");
        assertThat(fromOld.path("id").asText()).isEqualTo("2501.00001v1");
        assertThat(ids(fromOld.path("related"))).hasSize(4)
                .noneMatch(id -> id.startsWith("2501.00001"));
        assertThat(ids(get("/api/papers/hep-th%2F9901001/related").path("related"))).hasSize(4);
    }

    @Test
    void paperJsonRoundTrips() throws Exception {
        JsonNode p = get("/api/papers/2501.00001");
        // no version: the newest the store holds
        assertThat(p.path("id").asText()).isEqualTo("2501.00001v2");
        assertThat(p.path("title").asText()).isEqualTo(PROTEIN.title());
        assertThat(p.path("authors").get(0).asText()).isEqualTo("Ada Lovelace");
        assertThat(p.path("abstract").asText()).isEqualTo(PROTEIN.abstractText());
        assertThat(p.path("categories").get(0).asText()).isEqualTo("q-bio.BM");
        assertThat(Instant.parse(p.path("published").asText())).isEqualTo(PROTEIN.published());
        assertThat(Instant.parse(p.path("updated").asText())).isEqualTo(PROTEIN.updated());
        assertThat(p.path("license").asText()).isEqualTo(CC_BY);
        assertThat(p.path("stage").asText()).isEqualTo("voiced");
        assertThat(p.path("versions").toString()).isEqualTo("[\"2501.00001v1\",\"2501.00001v2\"]");
        assertThat(p.path("absUrl").asText()).isEqualTo("https://arxiv.org/abs/2501.00001v2");
        assertThat(p.path("pdfUrl").asText()).isEqualTo("https://arxiv.org/pdf/2501.00001v2");

        JsonNode v1 = get("/api/papers/2501.00001v1");
        assertThat(v1.path("id").asText()).isEqualTo("2501.00001v1");
        assertThat(v1.path("title").asText()).isEqualTo(PROTEIN_V1.title());
        assertThat(v1.path("stage").asText()).isEqualTo("indexed");

        JsonNode old = get("/api/papers/hep-th/9901001v1");
        assertThat(old.path("title").asText()).isEqualTo(STRINGS.title());
        assertThat(get("/api/papers/hep-th%2F9901001").path("id").asText()).isEqualTo("hep-th/9901001v1");
        assertThat(send("HEAD", "/api/papers/2501.00003").statusCode()).isEqualTo(200);
    }

    @Test
    void badInputGets400NamingTheParameter() throws Exception {
        String longQ = "a".repeat(1001);
        Map<String, String> cases = Map.ofEntries(
                Map.entry("/api/search", "q"),
                Map.entry("/api/search?q=", "q"),
                Map.entry("/api/search?q=+++%20", "q"),
                Map.entry("/api/search?q=" + longQ, "q"),
                Map.entry("/api/search?q=a&q=b", "q"),
                Map.entry("/api/search?q=speech&from=2025-13-01", "from"),
                Map.entry("/api/search?q=speech&from=2025-02-30", "from"),
                Map.entry("/api/search?q=speech&to=yesterday", "to"),
                Map.entry("/api/search?q=speech&from=2025-03-02&to=2025-03-01", "from"),
                Map.entry("/api/search?q=speech&limit=0", "limit"),
                Map.entry("/api/search?q=speech&limit=101", "limit"),
                Map.entry("/api/search?q=speech&limit=-1", "limit"),
                Map.entry("/api/search?q=speech&limit=ten", "limit"),
                Map.entry("/api/search?q=speech&limit=99999999999999999999", "limit"),
                Map.entry("/api/search?q=speech&category=", "category"),
                Map.entry("/api/search?q=speech&category=%3Cscript%3E", "category"),
                Map.entry("/api/search?q=%00", "query string"),
                Map.entry("/api/papers/2501.00001/related?limit=0", "limit"),
                Map.entry("/api/papers/2501.00001/related?limit=101", "limit"),
                Map.entry("/api/papers/not-an-id", "id"),
                Map.entry("/api/papers/", "id"),
                Map.entry("/api/papers/2501.00001v0", "id"),
                Map.entry("/api/papers/arXiv:2501.00001", "id"),
                Map.entry("/api/papers/2501.00001%20", "id"),
                Map.entry("/api/papers/..%2F..%2Fetc%2Fpasswd", "id"),
                Map.entry("/api/papers/2501.00001%00", "id"),
                Map.entry("/api/papers/%C0%AE%C0%AE%2Fetc", "id"),
                Map.entry("/api/papers/" + "9".repeat(5000), "id"),
                Map.entry("/api/papers/http:%2F%2Fexample.org%2Fabs%2F2501.00001", "id"),
                Map.entry("/api/papers/..%2Frelated", "id"));
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Raw res = rawGet(c.getKey());
            assertThat(res.status()).as("GET %s: %s", c.getKey(), res.body()).isEqualTo(400);
            assertThat(res.contentType()).as(c.getKey()).isEqualTo("application/json; charset=utf-8");
            assertThat(JSON.readTree(res.body()).path("error").asText()).as(c.getKey()).startsWith(c.getValue());
        }
        // a malformed escape is refused by the JDK server itself, before any handler runs
        for (String target : List.of("/api/search?q=%ZZ", "/api/papers/2501.00001%2", "/api/papers/%G0")) {
            assertThat(rawGet(target).status()).as(target).isEqualTo(400);
        }
        // an unknown parameter is ignored
        assertThat(ids(get("/api/search?q=Dijkstra&sort=new&limit=1").path("hits"))).containsExactly("2501.00003v1");
    }

    @Test
    void dotSegmentsAndNulsNeverReachTheFileSystem() throws Exception {
        // sent raw so that nothing between the test and the server resolves the dots
        for (String target : List.of("/api/papers/../../etc/passwd", "/api/papers/../search?q=x",
                "/api/papers/2501.00001/../../../etc/passwd", "/api/papers/%2e%2e%2f%2e%2e%2fpapers",
                "/api/papers/2501.00001%00.json", "/api/papers/hep-th/../9901001v1",
                "/api/papers/2501.00001/related/../../x")) {
            Raw res = rawGet(target);
            assertThat(res.status()).as(target).isIn(400, 404);
            assertThat(JSON.readTree(res.body()).path("error").asText()).isNotBlank();
        }
        assertThat(rawGet("/api/papers/hep-th/9901001v1").status()).isEqualTo(200);
    }

    @Test
    void unknownPapersGet404() throws Exception {
        for (String path : List.of("/api/papers/2501.09999", "/api/papers/2501.09999v1", "/api/papers/2501.00001v7",
                "/api/papers/2501.09999/related", "/api/papers/math/0101001v1", "/api/papers/2501.00003v2/related")) {
            HttpResponse<String> res = send("GET", path);
            assertThat(res.statusCode()).as(path).isEqualTo(404);
            assertThat(JSON.readTree(res.body()).path("error").asText()).isNotBlank();
        }
    }

    @Test
    void otherMethodsGet405() throws Exception {
        for (String method : List.of("POST", "PUT", "DELETE")) {
            for (String path : List.of("/api/search?q=speech", "/api/papers/2501.00001",
                    "/api/papers/2501.00001/related")) {
                HttpResponse<String> res = send(method, path);
                assertThat(res.statusCode()).as(method + " " + path).isEqualTo(405);
                assertThat(res.headers().firstValue("Allow")).hasValue("GET, HEAD");
            }
        }
    }

    @Test
    void withoutALibraryTheApiIsNotThere() throws Exception {
        try (WebServer plain = new WebServer(new StationConfig.Http("127.0.0.1", 0, null), "Plain", () -> null,
                broadcast, Clock.systemUTC())) {
            plain.start();
            URI plainBase = URI.create("http://127.0.0.1:" + plain.port());
            for (String path : List.of("/api/search?q=speech", "/api/papers/2501.00001")) {
                HttpResponse<String> res = HTTP.send(HttpRequest.newBuilder(plainBase.resolve(path))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(res.statusCode()).as(path).isEqualTo(404);
            }
        }
    }

    @Test
    void aLibraryThatFailsGets500WithAJsonError() throws Exception {
        PaperLibrary closed = PaperLibrary.open(data.resolve("closed-index"), embedder);
        closed.add(GRAPHS, "");
        closed.close();
        try (WebServer broken = new WebServer(new StationConfig.Http("127.0.0.1", 0, null), "Broken", () -> null,
                broadcast, Clock.systemUTC(), new LibraryApi(closed, store))) {
            broken.start();
            URI brokenBase = URI.create("http://127.0.0.1:" + broken.port());
            for (String path : List.of("/api/search?q=speech", "/api/papers/2501.00003/related")) {
                HttpResponse<String> res = HTTP.send(HttpRequest.newBuilder(brokenBase.resolve(path))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(res.statusCode()).as(path).isEqualTo(500);
                assertThat(JSON.readTree(res.body()).path("error").asText()).isNotBlank();
            }
            // the store's side still answers
            assertThat(HTTP.send(HttpRequest.newBuilder(brokenBase.resolve("/api/papers/2501.00003"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                    .isEqualTo(200);
        }
    }
}
