package org.paperradio.stream.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.transform.dom.DOMSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.Chapter;
import org.paperradio.core.paper.LineTiming;
import org.paperradio.core.paper.ScriptLine;
import org.paperradio.core.paper.Show;
import org.paperradio.core.paper.ShowAudio;
import org.paperradio.core.paper.ShowScript;
import org.paperradio.core.paper.Stage;
import org.paperradio.core.show.ShowPlanner;
import org.paperradio.core.store.Json;
import org.paperradio.core.store.PaperStore;
import org.paperradio.core.testing.MutableClock;
import org.paperradio.core.xml.SafeXml;
import org.paperradio.stream.playout.AirFixtures;
import org.paperradio.stream.schedule.ShowScheduler;
import org.paperradio.tts.audio.Mp3Encoder;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;

/**
 * The feeds served over real HTTP from a real store and shows folder: parsed back, validated
 * against an RSS 2.0 schema, and every enclosure, chapters file and transcript fetched.
 */
class FeedApiTest {

    private static final String HOSTILE = "Evil <b>& \"]]>\" </item><item><title>fake</title></item> & co";
    private static final ArxivId P1 = ArxivId.parse("2501.00001v1");
    private static final ArxivId P2 = ArxivId.parse("2501.00002v2");
    private static final ArxivId NOT_AIRED = ArxivId.parse("2501.00003v1");
    private static final Pattern SHOW_MP3 = Pattern.compile("/shows/([^/]+)\\.mp3");
    private static final Map<String, String> HOSTS = Map.of("ada", "Ada", "ben", "Ben <the & host>");

    @TempDir
    Path root;

    private PaperStore store;
    private Path shows;
    private HttpServer server;
    private final AtomicReference<FeedApi> api = new AtomicReference<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private String origin;

    @BeforeEach
    void setUp() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-20T10:00:00Z"));
        store = new PaperStore(root.resolve("data"), clock);
        shows = root.resolve("data/shows");
        AirFixtures.voicedPaper(store, P1.toString(), HOSTILE, 2.0, 440);
        store.advance(P1, Stage.AIRED);
        clock.advance(Duration.ofHours(1));
        AirFixtures.voicedPaper(store, P2.toString(), "A quiet paper", 1.5, 660);
        store.advance(P2, Stage.AIRED);
        AirFixtures.voicedPaper(store, NOT_AIRED.toString(), "Not yet on air", 1.0, 550);
        writeShow("daily-2026-11-23", Show.Kind.DAILY, HOSTILE, Instant.parse("2026-11-23T18:00:00Z"), true);
        writeShow("weekly-2026-W48", Show.Kind.WEEKLY, "The week", Instant.parse("2026-11-22T17:00:00Z"), true);
        writeShow("daily-2026-11-24", Show.Kind.DAILY, "Not aired yet", Instant.parse("2026-11-24T18:00:00Z"), false);
        Files.writeString(root.resolve("data/x.vtt"), "SECRET");
        api.set(new FeedApi(new EpisodeArchive(store, shows), "Paper Radio", HOSTS, null));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            try (ex) {
                String path = ex.getRequestURI().getRawPath();
                Matcher showMp3 = SHOW_MP3.matcher(path);
                if (showMp3.matches() && ShowPlanner.isShowId(showMp3.group(1))) {
                    // stand-in for ProgrammeApi's GET /shows/{id}.mp3 (its answer is package-private in stream.http)
                    Path mp3 = shows.resolve(showMp3.group(1)).resolve("show.mp3");
                    ex.getResponseHeaders().set("Content-Type", "audio/mpeg");
                    ex.sendResponseHeaders(200, Files.size(mp3));
                    Files.copy(mp3, ex.getResponseBody());
                    return;
                }
                if (!api.get().handles(ex.getRequestMethod(), path)) {
                    ex.sendResponseHeaders(404, -1);
                    return;
                }
                FeedApi.Reply r = api.get().answer(path, ex.getRequestHeaders().getFirst("Host"));
                ex.getResponseHeaders().set("Content-Type", r.contentType());
                if (r.file() != null) {
                    ex.sendResponseHeaders(r.status(), Files.size(r.file()));
                    try (OutputStream out = ex.getResponseBody()) {
                        Files.copy(r.file(), out);
                    }
                } else {
                    ex.sendResponseHeaders(r.status(), r.body().length);
                    ex.getResponseBody().write(r.body());
                }
            }
        });
        server.start();
        origin = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void tearDown() {
        server.stop(0);
    }

    @Test
    void dailyFeedValidatesAndEveryUrlAnswers() throws Exception {
        Document doc = feed("daily");
        List<Element> items = items(doc);
        assertThat(items).hasSize(1); // the unaired daily show is not an episode yet
        Element item = items.get(0);
        assertThat(SafeXml.text(item, "", "title")).isEqualTo(HOSTILE);
        assertThat(SafeXml.text(item, "", "guid")).isEqualTo("paperradio:daily-2026-11-23");
        assertThat(SafeXml.child(item, "", "guid").getAttribute("isPermaLink")).isEqualTo("false");
        assertThat(ZonedDateTime.parse(SafeXml.text(item, "", "pubDate"), DateTimeFormatter.RFC_1123_DATE_TIME)
                .toInstant()).isEqualTo(Instant.parse("2026-11-23T18:00:00Z"));
        ShowAudio audio = Json.mapper().readValue(shows.resolve("daily-2026-11-23/show.json").toFile(), ShowAudio.class);
        assertThat(Long.parseLong(SafeXml.text(item, PodcastFeeds.ITUNES, "duration")))
                .isEqualTo(Math.round(audio.length().toMillis() / 1000.0));
        // the description is HTML listing the papers with their arXiv links, the hostile title escaped in it
        String html = SafeXml.text(item, "", "description");
        assertThat(html).contains("<a href=\"https://arxiv.org/abs/" + P1 + "\">" + Html.escape(HOSTILE) + "</a>")
                .contains("<a href=\"https://arxiv.org/abs/" + P2 + "\">A quiet paper</a>");
        checkEpisode(item, shows.resolve("daily-2026-11-23/show.mp3"), audio.chapters().size(),
                List.of("Opening", "First paper", "Second paper", "Closing"), audio.lines().size());
    }

    @Test
    void weeklyFeedHasTheWeeklyShowOnly() throws Exception {
        Document doc = feed("weekly");
        List<Element> items = items(doc);
        assertThat(items).extracting(i -> SafeXml.text(i, "", "guid")).containsExactly("paperradio:weekly-2026-W48");
        checkEpisode(items.get(0), shows.resolve("weekly-2026-W48/show.mp3"), 4,
                List.of("Opening", "First paper", "Second paper", "Closing"), 4);
    }

    @Test
    void segmentsFeedHasAiredPapersNewestFirst() throws Exception {
        Document doc = feed("segments");
        List<Element> items = items(doc);
        // P2 aired after P1: newest first; the paper that has not aired is left out
        assertThat(items).extracting(i -> SafeXml.text(i, "", "guid"))
                .containsExactly("paperradio:segment:" + P2, "paperradio:segment:" + P1);
        Element p1 = items.get(1);
        assertThat(SafeXml.text(p1, "", "title")).isEqualTo(HOSTILE);
        assertThat(SafeXml.text(p1, "", "link")).isEqualTo("https://arxiv.org/abs/" + P1);
        assertThat(SafeXml.text(p1, PodcastFeeds.ITUNES, "duration")).isEqualTo("2");
        assertThat(ZonedDateTime.parse(SafeXml.text(p1, "", "pubDate"), DateTimeFormatter.RFC_1123_DATE_TIME)
                .toInstant()).isEqualTo(Instant.parse("2026-11-20T10:00:00Z")); // when it aired, from the events log
        assertThat(SafeXml.text(items.get(0), PodcastFeeds.ITUNES, "duration")).isEqualTo("2"); // 1.5 s rounds up
        checkEpisode(p1, store.file(P1, "audio/segment.mp3"), 1, List.of(HOSTILE), 2);
        checkEpisode(items.get(0), store.file(P2, "audio/segment.mp3"), 1, List.of("A quiet paper"), 2);
        // the hostile title did not break out of its item: exactly two items, each with one title
        assertThat(doc.getElementsByTagName("item").getLength()).isEqualTo(2);
        assertThat(SafeXml.children(p1, "", "title")).hasSize(1);
    }

    @Test
    void channelCarriesTheNamespacesAndAGuidFromItsOwnUrl() throws Exception {
        Document doc = feed("daily");
        Element channel = SafeXml.child(doc.getDocumentElement(), "", "channel");
        String self = origin + "/feeds/daily.xml";
        assertThat(SafeXml.text(channel, "", "title")).isEqualTo("Paper Radio daily");
        assertThat(SafeXml.text(channel, "", "language")).isEqualTo("en");
        Element atom = SafeXml.child(channel, PodcastFeeds.ATOM, "link");
        assertThat(atom.getAttribute("href")).isEqualTo(self);
        assertThat(atom.getAttribute("rel")).isEqualTo("self");
        assertThat(SafeXml.text(channel, PodcastFeeds.ITUNES, "author")).isEqualTo("Paper Radio");
        assertThat(SafeXml.text(channel, PodcastFeeds.ITUNES, "explicit")).isEqualTo("false");
        assertThat(SafeXml.children(channel, PodcastFeeds.ITUNES, "category"))
                .extracting(e -> e.getAttribute("text")).containsExactly("Science", "Technology");
        assertThat(SafeXml.text(channel, PodcastFeeds.PODCAST, "guid"))
                .isEqualTo(PodcastFeeds.podcastGuid(self).toString());
    }

    @Test
    void theSchemaRejectsAnItemWithoutItsEnclosureLength() throws Exception {
        Document doc = feed("segments"); // valid as served
        ((Element) doc.getElementsByTagName("enclosure").item(0)).removeAttribute("length");
        assertThatThrownBy(() -> validate(doc)).isInstanceOf(SAXException.class).hasMessageContaining("length");
    }

    @Test
    void podcastGuidIsTheSpecsUuidV5OfTheUrlWithoutSchemeAndTrailingSlash() {
        // a value published by a third party's feed (computed with Python's uuid5 in the podcast namespace)
        assertThat(PodcastFeeds.podcastGuid("https://bigal.github.io/breakfast-wrap-feed/breakfast-wrap.xml//"))
                .hasToString("f95d7b89-e1ee-554c-be7f-f126f0b92dae");
        assertThat(PodcastFeeds.podcastGuid("http://smartnuf.github.io/stanford-cs229-audio/feed.xml"))
                .hasToString("469b7cc4-06ab-5668-9474-0d72dac20367");
    }

    @Test
    void configuredPublicBaseWinsOverTheHostHeader() throws Exception {
        api.set(new FeedApi(new EpisodeArchive(store, shows), "Paper Radio", HOSTS, URI.create("https://radio.example.org/pr")));
        FeedApi.Reply r = api.get().answer("/feeds/segments.xml", "evil.example:80");
        Document doc = SafeXml.parse(r.body(), "feed");
        validate(doc);
        for (Element item : items(doc)) {
            assertThat(SafeXml.child(item, "", "enclosure").getAttribute("url"))
                    .startsWith("https://radio.example.org/pr/papers/").endsWith("/segment.mp3");
        }
    }

    @Test
    void feedsNeedAPlainHostWithoutAPublicBase() {
        FeedApi feeds = api.get();
        for (String host : new String[] {null, "", "evil.example/path", "a b", "host:99999", "x\"><y", "user@host"}) {
            assertThat(feeds.answer("/feeds/daily.xml", host).status()).as(String.valueOf(host)).isEqualTo(400);
        }
        assertThat(feeds.answer("/feeds/daily.xml", "[::1]:8080").status()).isEqualTo(200);
        assertThat(feeds.answer("/feeds/monthly.xml", "localhost").status()).isEqualTo(404);
    }

    @Test
    void badIdsGet400UnknownOnes404AndNeverAFile() throws Exception {
        FeedApi feeds = api.get();
        Map<String, Integer> expected = Map.ofEntries(
                Map.entry("/papers/..%2F..%2Fx/segment.mp3", 400),
                Map.entry("/papers/../../x/segment.mp3", 400),
                Map.entry("/papers/../segment.mp3", 400),
                Map.entry("/papers/2501.00001/segment.mp3", 400), // not canonical: version missing
                Map.entry("/papers/arXiv:2501.00001v1/segment.mp3", 400),
                Map.entry("/papers/2501.00001v1/paper.json", 404),
                Map.entry("/papers/2501.00001v1/../../x.vtt", 404),
                Map.entry("/papers/" + NOT_AIRED + "/segment.mp3", 404),
                Map.entry("/papers/hep-th_9901001v2/segment.vtt", 404),
                Map.entry("/shows/../x.vtt", 400),
                Map.entry("/shows/..%2Fx.vtt", 400),
                Map.entry("/shows/not-a-show.vtt", 400),
                Map.entry("/shows/daily-2026-11-25.vtt", 404),
                Map.entry("/shows/daily-2026-11-23.mp3.srt", 400));
        expected.forEach((path, status) -> {
            FeedApi.Reply r = feeds.answer(path, "localhost");
            assertThat(r.status()).as(path).isEqualTo(status);
            assertThat(r.file()).as(path).isNull();
            assertThat(new String(r.body(), StandardCharsets.UTF_8)).as(path).doesNotContain("SECRET");
        });
        // and over the wire, as sent (no client-side normalisation of the dot segments)
        assertThat(rawStatus("/shows/../x.vtt")).isEqualTo(400);
        assertThat(rawStatus("/papers/..%2F..%2Fx/segment.mp3")).isEqualTo(400);
        assertThat(feeds.handles("POST", "/feeds/daily.xml")).isFalse();
        assertThat(feeds.handles("GET", "/shows/daily-2026-11-23.mp3")).isFalse(); // left to the programme API
    }

    // --- checks ---

    /** The enclosure, chapters and both transcripts of one item, fetched over HTTP. */
    private void checkEpisode(Element item, Path mp3, int chapters, List<String> titles, int spokenLines)
            throws Exception {
        Element enclosure = SafeXml.child(item, "", "enclosure");
        assertThat(enclosure.getAttribute("type")).isEqualTo("audio/mpeg");
        long length = Long.parseLong(enclosure.getAttribute("length"));
        assertThat(length).isEqualTo(Files.size(mp3)).isPositive();
        HttpResponse<byte[]> audio = get(enclosure.getAttribute("url"));
        assertThat(audio.statusCode()).isEqualTo(200);
        assertThat(audio.headers().firstValue("Content-Type")).hasValue("audio/mpeg");
        assertThat(audio.headers().firstValueAsLong("Content-Length")).hasValue(length);
        assertThat(audio.body()).isEqualTo(Files.readAllBytes(mp3));

        Element ch = SafeXml.child(item, PodcastFeeds.PODCAST, "chapters");
        assertThat(ch.getAttribute("type")).isEqualTo("application/json+chapters");
        HttpResponse<byte[]> chaptersReply = get(ch.getAttribute("url"));
        assertThat(chaptersReply.statusCode()).isEqualTo(200);
        JsonNode json = Json.mapper().readTree(chaptersReply.body());
        assertThat(json.path("version").asText()).isEqualTo("1.2.0");
        JsonNode list = json.path("chapters");
        assertThat(list.size()).isEqualTo(chapters);
        List<String> got = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode c = list.get(i);
            got.add(c.path("title").asText());
            assertThat(c.path("endTime").asDouble()).isGreaterThan(c.path("startTime").asDouble());
            if (i + 1 < list.size()) {
                assertThat(list.get(i + 1).path("startTime").asDouble()).isEqualTo(c.path("endTime").asDouble());
            }
        }
        assertThat(list.get(0).path("startTime").asDouble()).isZero();
        assertThat(got).isEqualTo(titles);

        List<Element> transcripts = SafeXml.children(item, PodcastFeeds.PODCAST, "transcript");
        assertThat(transcripts).extracting(e -> e.getAttribute("type")).containsExactly("text/vtt", "application/x-subrip");
        HttpResponse<byte[]> vtt = get(transcripts.get(0).getAttribute("url"));
        assertThat(vtt.statusCode()).isEqualTo(200);
        assertThat(vtt.headers().firstValue("Content-Type").orElse("")).startsWith("text/vtt");
        List<TranscriptsTest.ParsedCue> cues = TranscriptsTest.parseVtt(new String(vtt.body(), StandardCharsets.UTF_8));
        assertThat(cues).hasSize(spokenLines);
        HttpResponse<byte[]> srt = get(transcripts.get(1).getAttribute("url"));
        assertThat(srt.statusCode()).isEqualTo(200);
        assertThat(TranscriptsTest.parseSrt(new String(srt.body(), StandardCharsets.UTF_8))).isEqualTo(cues);
    }

    private Document feed(String name) throws Exception {
        HttpResponse<byte[]> r = get(origin + "/feeds/" + name + ".xml");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/rss+xml; charset=utf-8");
        Document doc = SafeXml.parse(r.body(), name + " feed");
        validate(doc);
        Element rss = doc.getDocumentElement();
        assertThat(rss.lookupNamespaceURI("itunes")).isEqualTo(PodcastFeeds.ITUNES);
        assertThat(rss.lookupNamespaceURI("podcast")).isEqualTo(PodcastFeeds.PODCAST);
        return doc;
    }

    private static List<Element> items(Document doc) {
        return SafeXml.children(SafeXml.child(doc.getDocumentElement(), "", "channel"), "", "item");
    }

    static void validate(Document doc) throws Exception {
        SchemaFactory f = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        Schema schema = f.newSchema(FeedApiTest.class.getResource("rss-2.0.xsd"));
        schema.newValidator().validate(new DOMSource(doc));
    }

    private HttpResponse<byte[]> get(String url) throws Exception {
        assertThat(url).startsWith(origin + "/");
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private int rawStatus(String path) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.getAddress().getPort())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
                line.write(c);
            }
            return Integer.parseInt(line.toString(StandardCharsets.US_ASCII).split(" ")[1]);
        }
    }

    // --- fixtures ---

    /** A complete show: script.json, show.json (4 chapters, one line each), show.wav, a real show.mp3. */
    private void writeShow(String id, Show.Kind kind, String title, Instant airsAt, boolean aired) throws IOException {
        Path dir = shows.resolve(id);
        Files.createDirectories(dir);
        String[] names = {"Opening", "First paper", "Second paper", "Closing"};
        ArxivId[] papers = {null, P1, P2, null};
        List<Chapter> chapters = new ArrayList<>();
        List<ShowAudio.ChapterMark> marks = new ArrayList<>();
        List<LineTiming> lines = new ArrayList<>();
        Duration step = Duration.ofMillis(600);
        for (int i = 0; i < names.length; i++) {
            String speaker = i % 2 == 0 ? "ada" : "ben";
            String text = "Line " + i + " of " + title;
            chapters.add(new Chapter(names[i], papers[i], List.of(new ScriptLine.Spoken(speaker, text, 0))));
            marks.add(new ShowAudio.ChapterMark(names[i], papers[i], step.multipliedBy(i), step.multipliedBy(i + 1)));
            lines.add(new LineTiming(i, speaker, text, step.multipliedBy(i).plusMillis(50), step.multipliedBy(i + 1)));
        }
        Duration length = step.multipliedBy(names.length);
        Files.write(dir.resolve("script.json"), Json.mapper().writeValueAsBytes(
                new ShowScript(id, kind, title, airsAt, chapters, "test")));
        Files.write(dir.resolve("show.json"), Json.mapper().writeValueAsBytes(
                new ShowAudio(id, length, AirFixtures.RATE, 1, marks, lines)));
        short[] tone = AirFixtures.tone(length.toMillis() / 1000.0, 330);
        AirFixtures.writeWav(dir.resolve("show.wav"), tone, AirFixtures.RATE);
        try (Mp3Encoder enc = new Mp3Encoder(AirFixtures.RATE, 96); OutputStream out = Files.newOutputStream(dir.resolve("show.mp3"))) {
            out.write(enc.encode(tone, 0, tone.length));
            out.write(enc.finish());
        }
        if (aired) {
            Files.writeString(dir.resolve(ShowScheduler.AIRED_MARK), airsAt.toString());
        }
    }
}
