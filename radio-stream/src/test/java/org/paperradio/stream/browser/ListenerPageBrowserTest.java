package org.paperradio.stream.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import org.paperradio.core.paper.PaperRecord;
import org.paperradio.core.paper.Script;
import org.paperradio.core.paper.Chapter;
import org.paperradio.core.paper.ScriptLine;
import org.paperradio.core.paper.Show;
import org.paperradio.core.paper.ShowAudio;
import org.paperradio.core.paper.ShowScript;
import org.paperradio.core.store.Json;
import org.paperradio.core.store.PaperFiles;
import org.paperradio.core.store.PaperStore;
import org.paperradio.core.select.Requests;
import org.paperradio.core.select.Selector;
import org.paperradio.core.select.Votes;
import org.paperradio.stream.feed.EpisodeArchive;
import org.paperradio.stream.feed.FeedApi;
import org.paperradio.stream.http.LibraryApi;
import org.paperradio.stream.http.ProgrammeApi;
import org.paperradio.stream.http.WebPages;
import org.paperradio.stream.http.WebServer;
import org.paperradio.stream.output.LiveMp3Broadcast;
import org.paperradio.stream.playout.AirFixtures;
import org.paperradio.stream.playout.Ident;
import org.paperradio.stream.playout.Interval;
import org.paperradio.stream.playout.PlayoutClock;
import org.paperradio.stream.playout.ReadyQueue;
import org.paperradio.stream.schedule.ShowScheduler;
import org.paperradio.tts.audio.Mp3Encoder;

/**
 * The listeners' pages in a real headless Chromium: a real playout clock airs two short voiced
 * papers through the live MP3 stream; the page plays it, follows the change of paper through
 * Server-Sent Events without reloading, and the archive plays a show from a chapter.
 */
class ListenerPageBrowserTest {

    private static final String NAME = "Test <Radio>";
    private static final String FIRST = "Listening to Papers";
    private static final String SECOND = "Reading Between the Lines";
    private static final String SHOW = "daily-2026-11-24";
    private static final ArxivId FIRST_ID = ArxivId.parse("2501.00031v1");

    @TempDir
    static Path data;

    private static PaperStore store;
    private static PaperLibrary library;
    private static Selector selector;
    private static LiveMp3Broadcast broadcast;
    private static PlayoutClock playout;
    private static WebServer web;
    private static WebDriverSession browser;
    private static String base;

    @BeforeAll
    static void setUp() throws Exception {
        assumeThat(WebDriverSession.available()).as("/usr/bin/chromium and /usr/bin/chromedriver").isTrue();
        store = new PaperStore(data.resolve("store"), Clock.systemUTC());
        ReadyQueue ready = new ReadyQueue(store, Duration.ofMinutes(10));
        License open = License.of("http://creativecommons.org/licenses/by/4.0/");
        ready.accept(readingTwoPages(AirFixtures.voicedPaper(store, FIRST_ID.toString(), FIRST, 7.0, 440, open)));
        ready.accept(readingTwoPages(AirFixtures.voicedPaper(store, "2501.00032v1", SECOND, 7.0, 550, open)));
        Path showsRoot = data.resolve("shows");
        writeShow(showsRoot);
        library = PaperLibrary.open(data.resolve("index"), new FlatEmbedder());
        StationConfig.Audio audio = new StationConfig.Audio(AirFixtures.RATE, 96);
        broadcast = new LiveMp3Broadcast(audio);
        playout = new PlayoutClock(store, ready, new StationConfig.Playout(null, null, null), audio,
                List.of(new StationConfig.Host("ada", "Ada", null, null, null)),
                new Ident(NAME, AirFixtures.pcm(0.2, 880)), Interval.chimes(AirFixtures.RATE), List.of(broadcast),
                Clock.systemUTC());
        LibraryApi api = new LibraryApi(library, store);
        StationConfig.Selection selection = new StationConfig.Selection(null, null, null, null, null, null, null);
        selector = new Selector(store, library, selection, new Requests(data.resolve("requests.json")),
                new Votes(data.resolve("votes.json")), Clock.systemUTC());
        ProgrammeApi programme = new ProgrammeApi(api, selector, List::of, null, showsRoot, null, null, Clock.systemUTC());
        FeedApi feed = new FeedApi(new EpisodeArchive(store, showsRoot), NAME, Map.of("ada", "Ada"), null);
        web = new WebServer(new StationConfig.Http("127.0.0.1", 0, null), NAME, playout::nowPlaying, broadcast,
                Clock.systemUTC(), api, programme, feed, new WebPages(NAME, api, store, true));
        // the browser first (the slow part), so the papers are still on air when the page loads
        browser = new WebDriverSession(Files.createDirectories(data.resolve("profile")), data.resolve("chromedriver.log"));
        web.start();
        base = "http://127.0.0.1:" + web.port();
    }

    @AfterAll
    static void tearDown() {
        if (browser != null) {
            browser.close();
        }
        if (web != null) {
            web.stop();
        }
        if (playout != null) {
            playout.stop();
        }
        if (broadcast != null) {
            broadcast.close();
        }
        if (library != null) {
            try {
                library.close();
            } catch (Exception e) {
                // temp folder goes anyway
            }
        }
    }

    /** The paper's script reads page 1, then page 2 (its second line); both pages exist as images. */
    private static PaperRecord readingTwoPages(PaperRecord rec) throws Exception {
        store.writeJson(rec.id(), PaperFiles.SCRIPT, new Script(rec.id(), rec.meta().title(), List.of(
                new ScriptLine.Spoken("ada", "Welcome to the show.", 0),
                new ScriptLine.Spoken("ben", "Today: a paper.", 2)), "test"));
        Files.createDirectories(store.file(rec.id(), PaperFiles.PAGES));
        for (int page = 1; page <= 2; page++) {
            BufferedImage image = new BufferedImage(85, 110, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = image.createGraphics();
            g.setColor(page == 1 ? Color.WHITE : Color.YELLOW);
            g.fillRect(0, 0, 85, 110);
            g.dispose();
            ImageIO.write(image, "png", store.file(rec.id(), PaperFiles.PAGES + "/00" + page + ".png").toFile());
        }
        return rec;
    }

    /** An aired daily show with a real 20 s MP3 and three chapters, the second about the first paper. */
    private static void writeShow(Path showsRoot) throws Exception {
        Path dir = Files.createDirectories(showsRoot.resolve(SHOW));
        Instant airsAt = Instant.parse("2026-11-24T18:00:00Z");
        ShowScript script = new ShowScript(SHOW, Show.Kind.DAILY, "Paper Radio daily " + SHOW, airsAt, List.of(
                new Chapter("Opening", null, List.of(new ScriptLine.Spoken("ada", "Welcome to the show.", 0))),
                new Chapter(FIRST, FIRST_ID, List.of(new ScriptLine.Spoken("ada", "Papers, read aloud.", 1))),
                new Chapter("Closing", null, List.of(new ScriptLine.Spoken("ada", "Goodbye.", 0)))),
                "extractive");
        Files.write(dir.resolve("script.json"), Json.mapper().writeValueAsBytes(script));
        short[] samples = AirFixtures.tone(20.0, 330);
        AirFixtures.writeWav(dir.resolve("show.wav"), samples, AirFixtures.RATE);
        try (Mp3Encoder enc = new Mp3Encoder(AirFixtures.RATE, 96)) {
            byte[] a = enc.encode(samples, 0, samples.length);
            byte[] b = enc.finish();
            byte[] all = new byte[a.length + b.length];
            System.arraycopy(a, 0, all, 0, a.length);
            System.arraycopy(b, 0, all, a.length, b.length);
            Files.write(dir.resolve("show.mp3"), all);
        }
        ShowAudio audio = new ShowAudio(SHOW, Duration.ofSeconds(20), AirFixtures.RATE, 1, List.of(
                new ShowAudio.ChapterMark("Opening", null, Duration.ZERO, Duration.ofSeconds(6)),
                new ShowAudio.ChapterMark(FIRST, FIRST_ID, Duration.ofSeconds(6), Duration.ofSeconds(14)),
                new ShowAudio.ChapterMark("Closing", null, Duration.ofSeconds(14), Duration.ofSeconds(20))),
                List.of());
        Files.write(dir.resolve("show.json"), Json.mapper().writeValueAsBytes(audio));
        Files.writeString(dir.resolve(ShowScheduler.AIRED_MARK), airsAt.toString());
    }

    /** The browser window is phone-sized (412 px wide): nothing may make the page scroll sideways. */
    private static final String NO_SIDEWAYS_SCROLL =
            "return document.documentElement.scrollWidth <= window.innerWidth;";
    private static final String TITLE = "return document.getElementById('title').textContent;";

    @Test
    void livePagePlaysAndFollowsTheAirThenTheArchivePlaysAShowFromAChapter() throws Exception {
        playout.start();
        browser.get(base + "/");
        browser.script("window.__sameDocument = 'yes';");

        // play with the keyboard: focus the button, press Enter
        String play = browser.find("#play");
        browser.type(play, "\uE007");
        JsonNode started = browser.await("the live stream to play", Duration.ofSeconds(20),
                "var a = document.getElementById('live-audio');"
                        + "return {paused: a.paused, t: a.currentTime, state: a.readyState, src: a.currentSrc};",
                v -> !v.path("paused").asBoolean(true) && v.path("t").asDouble() > 0.3);
        assertThat(started.path("src").asText()).isEqualTo(base + "/live.mp3");
        double t1 = started.path("t").asDouble();
        browser.await("playback to advance", Duration.ofSeconds(10),
                "return document.getElementById('live-audio').currentTime;", v -> v.asDouble() > t1 + 0.5);
        assertThat(browser.attribute(play, "aria-pressed")).isEqualTo("true");

        // one paper on air, then the other, without the page reloading (the events push it)
        String onAir = browser.await("a paper on air", Duration.ofSeconds(15), TITLE,
                v -> Set.of(FIRST, SECOND).contains(v.asText())).asText();
        String next = onAir.equals(FIRST) ? SECOND : FIRST;
        String link = browser.find("#title a");
        assertThat(browser.attribute(link, "href")).startsWith("https://arxiv.org/abs/2501.0003");
        assertThat(browser.text(browser.find("#authors"))).isEqualTo("Ada Lovelace, Alan Turing");
        browser.await("the next paper's title", Duration.ofSeconds(20), TITLE,
                v -> v.asText().equals(next));
        assertThat(browser.script("return window.__sameDocument;").asText()).as("no reload").isEqualTo("yes");
        assertThat(browser.script(NO_SIDEWAYS_SCROLL).asBoolean()).as("fits a phone-sized screen").isTrue();
        assertThat(browser.script("return document.getElementById('live-audio').paused;").asBoolean()).isFalse();

        // the page being read follows the script: the second line is about page 2, and its image shows
        JsonNode page = browser.await("page 2 of the paper on air", Duration.ofSeconds(15),
                "var i = document.getElementById('page-image');"
                        + "return {label: document.getElementById('page-label').textContent, src: i.getAttribute('src'),"
                        + " shown: !i.hidden && i.complete && i.naturalWidth > 0};",
                v -> v.path("label").asText().equals("Reading page 2") && v.path("shown").asBoolean());
        assertThat(page.path("src").asText()).matches("/papers/2501\\.0003[12]v1/page/2\\.png");

        // a listener votes the paper on air up: once
        String vote = browser.await("the vote button", Duration.ofSeconds(10),
                "var b = document.getElementById('vote'); return b.hidden ? '' : b.textContent;",
                v -> v.asText().equals("Vote up")).asText();
        assertThat(vote).isEqualTo("Vote up");
        String votedFor = browser.attribute(browser.find("#vote"), "data-paper");
        browser.click(browser.find("#vote"));
        browser.await("the vote counted", Duration.ofSeconds(10),
                "return document.getElementById('votes').textContent + '|' + document.getElementById('vote').textContent;",
                v -> v.asText().equals("1 vote|Voted"));
        assertThat(browser.property(browser.find("#vote"), "disabled")).isEqualTo("true");
        assertThat(selector.votes().count(ArxivId.parse(votedFor))).isEqualTo(1);

        // the archive: the show with its player, transcript track and chapters; a chapter seeks
        browser.get(base + "/archive");
        browser.await("the show in the archive", Duration.ofSeconds(10),
                "return document.querySelectorAll('article[data-show=\"" + SHOW + "\"] .chapters button').length;",
                v -> v.asInt() == 3);
        String audio = browser.find("article[data-show=\"" + SHOW + "\"] audio");
        assertThat(browser.property(audio, "src")).isEqualTo(base + "/shows/" + SHOW + ".mp3");
        assertThat(browser.property(browser.find("article[data-show=\"" + SHOW + "\"] audio track"), "src"))
                .isEqualTo(base + "/shows/" + SHOW + ".vtt");
        assertThat(browser.text(browser.find("article[data-show=\"" + SHOW + "\"] h2"))).isEqualTo("Paper Radio daily " + SHOW);
        assertThat(browser.script(NO_SIDEWAYS_SCROLL).asBoolean()).as("the archive fits a phone-sized screen").isTrue();
        List<String> chapters = browser.findAll("article[data-show=\"" + SHOW + "\"] .chapters button");
        assertThat(browser.text(chapters.get(1))).isEqualTo("0:06");
        browser.click(chapters.get(1));
        browser.await("the show to play from the second chapter", Duration.ofSeconds(15),
                "var a = document.querySelector('article[data-show=\"" + SHOW + "\"] audio');"
                        + "return {paused: a.paused, t: a.currentTime};",
                v -> !v.path("paused").asBoolean(true) && v.path("t").asDouble() >= 5.9 && v.path("t").asDouble() < 14);

        // the chapter's paper has its own page, reached from the show
        String paperLink = browser.find("article[data-show=\"" + SHOW + "\"] .chapters a[href^=\"/paper/\"]");
        assertThat(browser.property(paperLink, "href")).isEqualTo(base + "/paper/" + FIRST_ID);
        browser.click(paperLink);
        browser.await("the paper's page", Duration.ofSeconds(10),
                "return document.getElementById('paper-title') && document.getElementById('paper-title').textContent;",
                v -> v.asText().equals(FIRST));
        assertThat(browser.text(browser.find("#paper-abstract"))).isEqualTo("An abstract.");
        assertThat(browser.property(browser.find("#paper-abs"), "href")).isEqualTo("https://arxiv.org/abs/" + FIRST_ID);

        // the vote is remembered for this listener (the station's cookie), on the paper's own page too
        browser.get(base + "/paper/" + votedFor);
        browser.await("the paper page's vote state", Duration.ofSeconds(10),
                "var b = document.getElementById('vote'); return b.hidden ? '' : b.textContent + '|'"
                        + " + document.getElementById('votes').textContent;",
                v -> v.asText().equals("Voted|1 vote"));
    }
}
