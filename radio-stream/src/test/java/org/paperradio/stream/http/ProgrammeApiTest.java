package org.paperradio.stream.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperradio.core.config.ConfigLoader;
import org.paperradio.stream.testing.RawHttp;
import org.paperradio.stream.testing.RawHttp.Raw;
import org.paperradio.core.config.StationConfig;
import org.paperradio.core.library.MiniLmEmbedder;
import org.paperradio.core.library.PaperLibrary;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.Chapter;
import org.paperradio.core.paper.License;
import org.paperradio.core.paper.PaperMeta;
import org.paperradio.core.paper.ScriptLine;
import org.paperradio.core.paper.Show;
import org.paperradio.core.paper.ShowAudio;
import org.paperradio.core.paper.ShowScript;
import org.paperradio.core.paper.Stage;
import org.paperradio.core.prompt.Prompts;
import org.paperradio.core.select.Pick;
import org.paperradio.core.select.Requests;
import org.paperradio.core.select.Votes;
import org.paperradio.core.select.Selector;
import org.paperradio.core.show.ShowPlanner;
import org.paperradio.core.show.ShowWriter;
import org.paperradio.core.store.Json;
import org.paperradio.core.store.PaperStore;
import org.paperradio.core.testing.MutableClock;
import org.paperradio.stream.output.LiveMp3Broadcast;
import org.paperradio.stream.playout.AirFixtures;
import org.paperradio.stream.schedule.ShowProducer;
import org.paperradio.stream.schedule.ShowScheduler;
import org.paperradio.tts.show.ShowVoicer;
import org.paperradio.tts.voice.Voice;
import org.paperradio.tts.voice.Voices;

/** The programme API end to end: shows on disk, a real scheduler, selector and prompts, the web server, an HTTP client. */
class ProgrammeApiTest {

    /** After every show in the archive has aired (so the scheduler announces none of them). */
    private static final Instant NOW = Instant.parse("2026-11-25T09:00:00Z");
    private static final String TOKEN = "s3cret-admin-token";
    private static final String DAILY = "daily-2026-11-24";
    private static final String WEEKLY = "weekly-2026-W47";
    private static final byte[] MP3 = "ID3 pretend mp3 bytes for the daily show".getBytes(StandardCharsets.US_ASCII);

    private static final PaperMeta PROTEIN = paper("2501.00001v1", "Predicting protein folding pathways with contact maps",
            "We predict the tertiary structure of proteins from their amino acid sequence using contact maps.");
    private static final PaperMeta SPEECH_V1 = paper("2501.00002v1", "Conformer models for telephone speech",
            "A first draft on speech recognition.");
    private static final PaperMeta SPEECH = paper("2501.00002v2", "Conformer acoustic models for noisy telephone speech",
            "We train an end-to-end speech recognition system on conversational telephone recordings.");

    @TempDir
    static Path data;

    private static final MutableClock CLOCK = new MutableClock(NOW);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static PaperStore store;
    private static PaperLibrary library;
    private static Path showsRoot;
    private static Prompts prompts;
    private static ShowScheduler scheduler;
    private static Selector selector;
    private static LiveMp3Broadcast broadcast;
    private static final List<WebServer> servers = new ArrayList<>();
    private static URI base;

    private static PaperMeta paper(String id, String title, String abs) {
        return new PaperMeta(ArxivId.parse(id), title, List.of("Ada Lovelace"), abs, List.of("cs.CL"),
                Instant.parse("2026-11-20T10:00:00Z"), null, URI.create("https://arxiv.org/pdf/" + id), License.unknown());
    }

    @BeforeAll
    static void setUp() throws Exception {
        StationConfig config = new ConfigLoader().parse("", "test");
        store = new PaperStore(data.resolve("store"), CLOCK);
        library = PaperLibrary.open(data.resolve("index"), new MiniLmEmbedder());
        for (PaperMeta m : List.of(PROTEIN, SPEECH_V1, SPEECH)) {
            store.add(m);
            store.advance(m.id(), Stage.SUMMARIZED);
        }
        library.add(PROTEIN, PROTEIN.abstractText());
        library.add(SPEECH, SPEECH.abstractText());
        library.commit();
        selector = new Selector(store, library, config.selection(), new Requests(data.resolve("requests.json")),
                new Votes(data.resolve("votes.json")), CLOCK);

        Path promptDir = Files.createDirectories(data.resolve("prompts"));
        try (DirectoryStream<Path> shipped = Files.newDirectoryStream(Path.of("..", "config", "prompts"), "*.txt")) {
            for (Path p : shipped) {
                Files.copy(p, promptDir.resolve(p.getFileName().toString()));
            }
        }
        prompts = new Prompts(promptDir);

        showsRoot = data.resolve("shows");
        writeShow(DAILY, Show.Kind.DAILY, Instant.parse("2026-11-24T18:00:00Z"), true, true);
        writeShow(WEEKLY, Show.Kind.WEEKLY, Instant.parse("2026-11-22T17:00:00Z"), false, true);
        writeShow("daily-2026-11-23", Show.Kind.DAILY, Instant.parse("2026-11-23T18:00:00Z"), false, false);
        writeShow("not-a-show", Show.Kind.DAILY, Instant.parse("2026-11-25T18:00:00Z"), false, true);
        Files.writeString(data.resolve("secret.mp3"), "not for listeners");

        Map<String, Voice> byHost = new LinkedHashMap<>();
        for (StationConfig.Host h : config.hosts()) {
            byHost.put(h.id(), new FullWebServer.Silent(h.id()));
        }
        Voices voices = new Voices(byHost);
        var schedule = new StationConfig.Schedule("UTC", List.of(new StationConfig.ScheduleEntry("daily", "0 18 * * *"),
                new StationConfig.ScheduleEntry("weekly", "0 17 * * SUN")), null, null, null, null);
        ShowProducer producer = new ShowProducer(new ShowPlanner(store, null, ZoneOffset.UTC),
                new ShowWriter(Optional.empty(), null, config), new ShowVoicer(voices, config.audio(), "Test Radio"),
                voices, config, showsRoot);
        scheduler = new ShowScheduler(schedule, producer, CLOCK);

        broadcast = new LiveMp3Broadcast(new StationConfig.Audio(AirFixtures.RATE, 96));
        base = start(TOKEN, selector, CLOCK);
    }

    /** A web server with its own programme API (so rate limits of one test do not touch another). */
    private static URI start(String token, Selector sel, Clock apiClock) throws Exception {
        ProgrammeApi api = new ProgrammeApi(new LibraryApi(library, store), sel,
                () -> List.of(PROTEIN.id(), SPEECH.id()), scheduler, showsRoot, prompts, token, apiClock);
        WebServer web = new WebServer(new StationConfig.Http("127.0.0.1", 0, null), "Test Radio", () -> null,
                broadcast, Clock.systemUTC(), new LibraryApi(library, store), api);
        servers.add(web);
        web.start();
        return URI.create("http://127.0.0.1:" + web.port());
    }

    @AfterAll
    static void tearDown() throws Exception {
        for (WebServer w : servers) {
            w.stop();
        }
        if (broadcast != null) {
            broadcast.close();
        }
        if (prompts != null) {
            prompts.close();
        }
        if (library != null) {
            library.close();
        }
    }

    /** A show folder as the producer leaves it; {@code complete} false leaves out show.json (still being voiced). */
    private static void writeShow(String id, Show.Kind kind, Instant airsAt, boolean aired, boolean complete)
            throws Exception {
        Path dir = Files.createDirectories(showsRoot.resolve(id));
        ShowScript script = new ShowScript(id, kind, "Paper Radio " + kind.label() + " " + id, airsAt, List.of(
                new Chapter("Opening", null, List.of(new ScriptLine.Spoken("ada", "Welcome to the show.", 0))),
                new Chapter(PROTEIN.title(), PROTEIN.id(), List.of(new ScriptLine.Spoken("ben", "Proteins fold.", 1))),
                new Chapter("Closing", null, List.of(new ScriptLine.Spoken("ada", "Goodbye.", 0)))),
                "extractive");
        Files.write(dir.resolve("script.json"), Json.mapper().writeValueAsBytes(script));
        Files.write(dir.resolve("show.wav"), new byte[64]);
        Files.write(dir.resolve("show.mp3"), MP3);
        if (complete) {
            ShowAudio audio = new ShowAudio(id, Duration.ofMillis(95_500), AirFixtures.RATE, 1, List.of(
                    new ShowAudio.ChapterMark("Opening", null, Duration.ZERO, Duration.ofMillis(12_500)),
                    new ShowAudio.ChapterMark(PROTEIN.title(), PROTEIN.id(), Duration.ofMillis(12_500),
                            Duration.ofSeconds(80)),
                    new ShowAudio.ChapterMark("Closing", null, Duration.ofSeconds(80), Duration.ofMillis(95_500))),
                    List.of());
            Files.write(dir.resolve("show.json"), Json.mapper().writeValueAsBytes(audio));
        }
        if (aired) {
            Files.writeString(dir.resolve(ShowScheduler.AIRED_MARK), airsAt.toString());
        }
    }

    private static HttpResponse<String> send(URI server, String method, String path, String authorization)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server + path)).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode getJson(String path) throws Exception {
        HttpResponse<String> res = send(base, "GET", path, null);
        assertThat(res.statusCode()).as("GET %s: %s", path, res.body()).isEqualTo(200);
        assertThat(res.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        return JSON.readTree(res.body());
    }

    /** An answer read off the socket: status, Content-Type and body. */
    private static Raw raw(String method, String target) throws Exception {
        return RawHttp.send(base.getPort(), method, target);
    }

    @Test
    void showsListsCompleteShowsNewestFirstWithTheirChapters() throws Exception {
        JsonNode shows = getJson("/api/shows");

        List<String> ids = new ArrayList<>();
        shows.forEach(s -> ids.add(s.path("id").asText()));
        // the half-made show and the folder that is no show are left out
        assertThat(ids).containsExactly(DAILY, WEEKLY);
        JsonNode daily = shows.get(0);
        assertThat(daily.path("kind").asText()).isEqualTo("daily");
        assertThat(daily.path("aired").asBoolean()).isTrue();
        assertThat(shows.get(1).path("kind").asText()).isEqualTo("weekly");
        assertThat(shows.get(1).path("aired").asBoolean()).isFalse();
        assertThat(daily.path("mp3").asText()).isEqualTo("/shows/" + DAILY + ".mp3");
        assertThat(daily.path("chapters")).hasSize(3);
    }

    @Test
    void oneShowHasItsChaptersWithPapersAndTimes() throws Exception {
        JsonNode show = getJson("/api/shows/" + DAILY);

        assertThat(show.path("id").asText()).isEqualTo(DAILY);
        assertThat(show.path("title").asText()).isEqualTo("Paper Radio daily " + DAILY);
        assertThat(Instant.parse(show.path("airsAt").asText())).isEqualTo(Instant.parse("2026-11-24T18:00:00Z"));
        assertThat(show.path("lengthSeconds").asDouble()).isEqualTo(95.5);
        assertThat(show.path("writtenBy").asText()).isEqualTo("extractive");
        JsonNode chapters = show.path("chapters");
        assertThat(chapters).hasSize(3);
        assertThat(chapters.get(0).path("title").asText()).isEqualTo("Opening");
        assertThat(chapters.get(0).path("paper").isNull()).isTrue();
        assertThat(chapters.get(1).path("title").asText()).isEqualTo(PROTEIN.title());
        assertThat(chapters.get(1).path("paper").asText()).isEqualTo("2501.00001v1");
        assertThat(chapters.get(1).path("start").asDouble()).isEqualTo(12.5);
        assertThat(chapters.get(1).path("end").asDouble()).isEqualTo(80.0);
        assertThat(chapters.get(2).path("end").asDouble()).isEqualTo(95.5);

        assertThat(send(base, "GET", "/api/shows/daily-2026-11-23", null).statusCode()).as("half made").isEqualTo(404);
        assertThat(send(base, "GET", "/api/shows/daily-2026-11-30", null).statusCode()).isEqualTo(404);
        assertThat(send(base, "GET", "/api/shows/not-a-show", null).statusCode()).isEqualTo(404);
    }

    @Test
    void theMp3IsServedWhole() throws Exception {
        HttpResponse<byte[]> res = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/shows/" + DAILY + ".mp3"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("Content-Type")).hasValue("audio/mpeg");
        assertThat(res.headers().firstValueAsLong("Content-Length")).hasValue(MP3.length);
        assertThat(res.body()).isEqualTo(MP3);

        HttpResponse<String> head = send(base, "HEAD", "/shows/" + DAILY + ".mp3", null);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Type")).hasValue("audio/mpeg");
        assertThat(head.body()).isEmpty();
        Raw rawHead = raw("HEAD", "/shows/" + DAILY + ".mp3");
        assertThat(rawHead.status()).isEqualTo(200);
        assertThat(rawHead.body()).isEmpty();
        assertThat(head.headers().firstValueAsLong("Content-Length")).as("HEAD tells the size").hasValue(MP3.length);

        assertThat(send(base, "GET", "/shows/" + DAILY, null).statusCode()).isEqualTo(404);
        assertThat(send(base, "GET", "/shows/daily-2026-11-30.mp3", null).statusCode()).isEqualTo(404);
    }

    private static HttpResponse<byte[]> ranged(String path, String range) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Range", range)
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void aPlayerSeeksInAShowWithOneByteRange() throws Exception {
        String path = "/shows/" + DAILY + ".mp3";
        int size = MP3.length;

        HttpResponse<byte[]> middle = ranged(path, "bytes=4-10");
        assertThat(middle.statusCode()).isEqualTo(206);
        assertThat(middle.body()).isEqualTo(Arrays.copyOfRange(MP3, 4, 11));
        assertThat(middle.headers().firstValue("Content-Range")).hasValue("bytes 4-10/" + size);
        assertThat(middle.headers().firstValue("Accept-Ranges")).hasValue("bytes");

        HttpResponse<byte[]> rest = ranged(path, "bytes=30-");
        assertThat(rest.statusCode()).isEqualTo(206);
        assertThat(rest.body()).isEqualTo(Arrays.copyOfRange(MP3, 30, size));
        HttpResponse<byte[]> tail = ranged(path, "bytes=-5");
        assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(MP3, size - 5, size));
        assertThat(tail.headers().firstValue("Content-Range")).hasValue("bytes " + (size - 5) + "-" + (size - 1) + "/" + size);
        HttpResponse<byte[]> past = ranged(path, "bytes=0-999999");
        assertThat(past.statusCode()).as("a range past the end is cut at the end").isEqualTo(206);
        assertThat(past.body()).isEqualTo(MP3);

        HttpResponse<byte[]> unsatisfiable = ranged(path, "bytes=" + size + "-");
        assertThat(unsatisfiable.statusCode()).isEqualTo(416);
        assertThat(unsatisfiable.headers().firstValue("Content-Range")).hasValue("bytes */" + size);
        assertThat(ranged(path, "bytes=-0").statusCode()).isEqualTo(416);

        // what is not one valid range gets the whole file
        for (String whole : List.of("bytes=9-3", "bytes=0-1,5-6", "lines=1-2", "bytes=-", "bytes=99999999999999999999-")) {
            HttpResponse<byte[]> full = ranged(path, whole);
            assertThat(full.statusCode()).as(whole).isEqualTo(200);
            assertThat(full.body()).as(whole).isEqualTo(MP3);
        }
    }

    @Test
    void pathsOutOfTheShowsFolderGetNoFile() throws Exception {
        for (String target : List.of(
                "/shows/..%2F..%2Fpaper.json.mp3",
                "/shows/..%2Fsecret.mp3",
                "/shows/../secret.mp3",
                "/shows/%2e%2e/secret.mp3",
                "/shows/" + DAILY + "/../../secret.mp3",
                "/shows/" + DAILY + "%2Fshow.mp3",
                "/api/shows/../x",
                "/api/shows/..%2F..%2Fstore",
                "/api/shows/" + DAILY + "/..",
                "/api/shows/")) {
            Raw res = raw("GET", target);
            assertThat(res.status()).as(target).isIn(400, 404);
            assertThat(res.contentType()).as(target).isNotEqualTo("audio/mpeg");
            assertThat(res.body()).as(target).doesNotContain("not for listeners").doesNotContain("pretend mp3");
        }
    }

    @Test
    void scheduleNamesTheNextSlotOfEachShow() throws Exception {
        JsonNode slots = getJson("/api/schedule");

        assertThat(slots).hasSize(2);
        assertThat(slots.get(0).path("show").asText()).isEqualTo("daily");
        assertThat(Instant.parse(slots.get(0).path("at").asText())).isEqualTo(Instant.parse("2026-11-25T18:00:00Z"));
        assertThat(slots.get(1).path("show").asText()).isEqualTo("weekly");
        assertThat(Instant.parse(slots.get(1).path("at").asText())).isEqualTo(Instant.parse("2026-11-29T17:00:00Z"));
    }

    @Test
    void aRequestPutsThePaperFirstInTheSelection() throws Exception {
        JsonNode before = getJson("/api/selection");
        assertThat(before.path("waiting")).hasSize(2);
        assertThat(before.path("requests").size()).isZero();

        // by base id: the request goes to the newest version
        HttpResponse<String> res = send(base, "POST", "/api/papers/2501.00002/request", null);
        assertThat(res.statusCode()).as(res.body()).isEqualTo(202);
        JsonNode body = JSON.readTree(res.body());
        assertThat(body.path("id").asText()).isEqualTo("2501.00002v2");
        assertThat(body.path("requests").asInt()).isEqualTo(1);
        assertThat(JSON.readTree(send(base, "POST", "/api/papers/2501.00002v1/request", null).body())
                .path("requests").asInt()).isEqualTo(2);
        selector.decide(PROTEIN.id(), Pick.PASSED_OVER);

        JsonNode after = getJson("/api/selection");
        JsonNode first = after.path("waiting").get(0);
        assertThat(first.path("paper").asText()).isEqualTo("2501.00002v2");
        assertThat(first.path("reasons").get(0).asText()).isEqualTo("requested by listeners 2x: +200.00");
        assertThat(first.path("score").asDouble()).isGreaterThan(after.path("waiting").get(1).path("score").asDouble() + 150);
        assertThat(after.path("requests").path("2501.00002").asInt()).isEqualTo(2);
        assertThat(after.path("recent").get(0).path("paper").asText()).isEqualTo("2501.00001v1");
        assertThat(after.path("recent").get(0).path("outcome").asText()).isEqualTo("passed over");
    }

    @Test
    void aRequestForAnUnknownOrMalformedPaperIsRefused() throws Exception {
        assertThat(send(base, "POST", "/api/papers/2509.99999v1/request", null).statusCode()).isEqualTo(404);
        assertThat(raw("POST", "/api/papers/..%2F..%2Fx/request").status()).isEqualTo(400);
        assertThat(raw("POST", "/api/papers/request").status()).isIn(400, 404);
        assertThat(raw("POST", "/api/papers//request").status()).isIn(400, 404);
        assertThat(selector.requests().count(ArxivId.parse("2509.99999v1"))).isZero();
    }

    @Test
    void oneClientGetsTwentyRequestsAnHour() throws Exception {
        MutableClock apiClock = new MutableClock(NOW);
        Selector own = new Selector(store, null, new StationConfig.Selection(null, null, null, null, null, null, null),
                new Requests(data.resolve("rate-limit-requests.json")), new Votes(data.resolve("rate-limit-votes.json")),
                apiClock);
        URI server = start(TOKEN, own, apiClock);
        for (int i = 1; i <= ProgrammeApi.REQUESTS_PER_HOUR; i++) {
            assertThat(send(server, "POST", "/api/papers/2501.00001v1/request", null).statusCode()).as("request %d", i)
                    .isEqualTo(202);
        }
        HttpResponse<String> limited = send(server, "POST", "/api/papers/2501.00001v1/request", null);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(own.requests().count(PROTEIN.id())).isEqualTo(ProgrammeApi.REQUESTS_PER_HOUR);

        apiClock.advance(Duration.ofMinutes(30));
        assertThat(send(server, "POST", "/api/papers/2501.00001v1/request", null).statusCode()).isEqualTo(429);
        apiClock.advance(Duration.ofMinutes(31));
        assertThat(send(server, "POST", "/api/papers/2501.00001v1/request", null).statusCode()).isEqualTo(202);
    }

    /** A client keeping cookies as a browser does (its own jar: one listener). */
    private static HttpClient listener() {
        return HttpClient.newBuilder().cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static HttpResponse<String> vote(HttpClient client, URI server, String method, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(server + path)).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void oneVotePerListenerPerPaperLiftsItInTheSelection() throws Exception {
        MutableClock apiClock = new MutableClock(NOW);
        Selector own = new Selector(store, null, new StationConfig.Selection(null, null, null, null, null, 0.0, 3.0),
                new Requests(data.resolve("vote-requests.json")), new Votes(data.resolve("vote-votes.json")), apiClock);
        URI server = start(TOKEN, own, apiClock);
        HttpClient ada = listener();
        HttpClient ben = listener();

        JsonNode none = JSON.readTree(vote(ada, server, "GET", "/api/papers/2501.00002/vote").body());
        assertThat(none.path("votes").asInt()).isZero();
        assertThat(none.path("voted").asBoolean()).isFalse();

        HttpResponse<String> first = vote(ada, server, "POST", "/api/papers/2501.00002/vote");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(first.headers().firstValue("Set-Cookie")).get().asString()
                .startsWith(ListenerCookie.NAME + "=").contains("HttpOnly").contains("SameSite=Strict");
        JsonNode counted = JSON.readTree(first.body());
        assertThat(counted.path("id").asText()).isEqualTo("2501.00002v2");
        assertThat(counted.path("votes").asInt()).isEqualTo(1);
        assertThat(counted.path("counted").asBoolean()).isTrue();

        // the same listener again, on another version of the paper: not counted
        HttpResponse<String> again = vote(ada, server, "POST", "/api/papers/2501.00002v1/vote");
        assertThat(again.headers().firstValue("Set-Cookie")).as("the cookie is kept, not replaced").isEmpty();
        assertThat(JSON.readTree(again.body()).path("counted").asBoolean()).isFalse();
        assertThat(JSON.readTree(again.body()).path("votes").asInt()).isEqualTo(1);
        assertThat(JSON.readTree(vote(ada, server, "GET", "/api/papers/2501.00002/vote").body()).path("voted")
                .asBoolean()).isTrue();

        assertThat(JSON.readTree(vote(ben, server, "POST", "/api/papers/2501.00002/vote").body()).path("votes").asInt())
                .isEqualTo(2);
        assertThat(JSON.readTree(vote(ben, server, "GET", "/api/papers/2501.00002/vote").body()).path("voted")
                .asBoolean()).isTrue();
        assertThat(own.votes().count(SPEECH.id())).isEqualTo(2);
        assertThat(new Votes(data.resolve("vote-votes.json")).count(SPEECH.id())).as("stored").isEqualTo(2);

        JsonNode selection = JSON.readTree(send(server, "GET", "/api/selection", null).body());
        JsonNode top = selection.path("waiting").get(0);
        assertThat(top.path("paper").asText()).isEqualTo("2501.00002v2");
        assertThat(top.path("reasons").get(0).asText()).isEqualTo("voted up by 2 listeners: +6.00");

        // a forged or malformed cookie is no listener: a new one is issued
        HttpResponse<String> forged = HTTP.send(HttpRequest.newBuilder(URI.create(server + "/api/papers/2501.00001/vote"))
                .header("Cookie", ListenerCookie.NAME + "=../../etc; other=1")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(200);
        assertThat(forged.headers().firstValue("Set-Cookie")).get().asString().doesNotContain("../");

        assertThat(vote(ada, server, "POST", "/api/papers/2509.99999v1/vote").statusCode()).isEqualTo(404);
        assertThat(RawHttp.send(server.getPort(), "POST", "/api/papers/..%2F..%2Fx/vote").status()).isEqualTo(400);
        assertThat(vote(ada, server, "PUT", "/api/papers/2501.00002/vote").statusCode()).isEqualTo(405);
    }

    @Test
    void oneAddressGetsSixtyVotesAnHourWhateverItsCookies() throws Exception {
        MutableClock apiClock = new MutableClock(NOW);
        Selector own = new Selector(store, null, new StationConfig.Selection(null, null, null, null, null, 0.0, null),
                new Requests(data.resolve("flood-requests.json")), new Votes(data.resolve("flood-votes.json")), apiClock);
        URI server = start(TOKEN, own, apiClock);
        // a client that drops its cookie each time is a new listener each time: the address limit holds it
        for (int i = 1; i <= ProgrammeApi.VOTES_PER_HOUR; i++) {
            assertThat(send(server, "POST", "/api/papers/2501.00001/vote", null).statusCode()).as("vote %d", i)
                    .isEqualTo(200);
        }
        assertThat(send(server, "POST", "/api/papers/2501.00001/vote", null).statusCode()).isEqualTo(429);
        assertThat(own.votes().count(PROTEIN.id())).isEqualTo(ProgrammeApi.VOTES_PER_HOUR);
        apiClock.advance(Duration.ofMinutes(61));
        assertThat(send(server, "POST", "/api/papers/2501.00001/vote", null).statusCode()).isEqualTo(200);
    }

    @Test
    void reloadNeedsTheAdminToken() throws Exception {
        assertThat(send(base, "POST", "/api/config/reload", null).statusCode()).isEqualTo(401);
        assertThat(send(base, "POST", "/api/config/reload", "Bearer wrong").statusCode()).isEqualTo(401);
        assertThat(send(base, "POST", "/api/config/reload", "Bearer " + TOKEN + "x").statusCode()).isEqualTo(401);
        assertThat(send(base, "POST", "/api/config/reload", TOKEN).statusCode()).as("no Bearer scheme").isEqualTo(401);

        HttpResponse<String> ok = send(base, "POST", "/api/config/reload", "Bearer " + TOKEN);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(ok.body());
        assertThat(body.path("ok").asBoolean()).isTrue();
        assertThat(body.path("problems")).isEmpty();
        assertThat(body.path("versions").path("system.txt").asText()).isEqualTo(prompts.current().versions().get("system.txt"));
    }

    @Test
    void aBrokenPromptFileIsReportedAnd422() throws Exception {
        Path system = prompts.dir().resolve("system.txt");
        String good = Files.readString(system);
        String versionBefore = prompts.current().versions().get("system.txt");
        try {
            Files.writeString(system, "You work for {{station}}.\nSay {{stat");
            HttpResponse<String> res = send(base, "POST", "/api/config/reload", "Bearer " + TOKEN);

            assertThat(res.statusCode()).as(res.body()).isEqualTo(422);
            JsonNode body = JSON.readTree(res.body());
            assertThat(body.path("ok").asBoolean()).isFalse();
            assertThat(body.path("problems").get(0).asText()).contains("system.txt").contains("unclosed placeholder");
            assertThat(body.path("versions").path("system.txt").asText()).isEqualTo(versionBefore);
        } finally {
            Files.writeString(system, good);
        }
        assertThat(send(base, "POST", "/api/config/reload", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
    }

    @Test
    void withoutATokenConfiguredTheAdminRouteIsOff() throws Exception {
        for (String token : new String[] {null, ""}) {
            URI server = start(token, selector, CLOCK);
            assertThat(send(server, "POST", "/api/config/reload", "Bearer ").statusCode()).isEqualTo(404);
            assertThat(send(server, "POST", "/api/config/reload", null).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void otherMethodsOnTheReadOnlyRoutesAreNotAnswered() throws Exception {
        for (String path : List.of("/api/shows", "/api/selection", "/api/schedule", "/shows/" + DAILY + ".mp3")) {
            HttpResponse<String> res = send(base, "DELETE", path, null);
            assertThat(res.statusCode()).as("DELETE " + path).isIn(404, 405);
            assertThat(res.body()).doesNotContain("pretend mp3");
        }
        assertThat(send(base, "GET", "/api/config/reload", "Bearer " + TOKEN).statusCode()).isIn(404, 405);
    }
}
