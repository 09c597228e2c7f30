package org.paperradio.stream.http;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.paperradio.core.config.ConfigLoader;
import org.paperradio.core.config.StationConfig;
import org.paperradio.core.library.PaperLibrary;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.Chapter;
import org.paperradio.core.paper.License;
import org.paperradio.core.paper.LineTiming;
import org.paperradio.core.paper.PaperMeta;
import org.paperradio.core.paper.ScriptLine;
import org.paperradio.core.paper.Show;
import org.paperradio.core.paper.ShowAudio;
import org.paperradio.core.paper.ShowScript;
import org.paperradio.core.paper.Stage;
import org.paperradio.core.prompt.Prompts;
import org.paperradio.core.select.Requests;
import org.paperradio.core.select.Selector;
import org.paperradio.core.select.Votes;
import org.paperradio.core.show.ShowPlanner;
import org.paperradio.core.show.ShowWriter;
import org.paperradio.core.store.Json;
import org.paperradio.core.store.PaperFiles;
import org.paperradio.core.store.PaperStore;
import org.paperradio.core.testing.FlatEmbedder;
import org.paperradio.stream.feed.FeedApi;
import org.paperradio.stream.output.LiveMp3Broadcast;
import org.paperradio.stream.playout.AirFixtures;
import org.paperradio.stream.schedule.ShowProducer;
import org.paperradio.stream.schedule.ShowScheduler;
import org.paperradio.tts.audio.Mp3Encoder;
import org.paperradio.tts.audio.Pcm;
import org.paperradio.tts.show.ShowVoicer;
import org.paperradio.tts.voice.Voice;
import org.paperradio.tts.voice.Voices;

/**
 * A web server with every API the station serves (pages, library, programme, feeds) over one
 * real data folder, laid out as the station lays it out ({@code data/} holding the papers,
 * {@code data/index}, {@code data/shows}), with files next to that folder, outside it, that
 * must never be served: each holds {@link #SECRET}.
 */
final class FullWebServer implements AutoCloseable {

    static final String SECRET = "SECRET-OUTSIDE-THE-DATA-FOLDER-5d1c";
    static final String ADMIN_TOKEN = "admin-token-for-hardening-tests";
    /** A CC BY paper with a page image. */
    static final ArxivId OPEN = ArxivId.parse("2501.00011v1");
    /** A paper that has aired, with its segment, transcript and chapters. */
    static final ArxivId AIRED = ArxivId.parse("2501.00021v1");
    static final String SHOW = "daily-2026-11-23";
    /** The names of the secret files beside the data folder. */
    static final List<String> SECRET_FILES = List.of("secret.txt", "secret.mp3", "secret.vtt", "secret.srt",
            "secret.png", "secret.json", "001.png", "show.mp3", "segment.mp3");

    final Path root;
    final Path data;
    private final PaperLibrary library;
    private final Prompts prompts;
    private final LiveMp3Broadcast broadcast;
    private final WebServer web;

    /** A voice that says nothing: the scheduler needs one, no test here voices a show. */
    record Silent(String name) implements Voice {
        @Override
        public int sampleRate() {
            return AirFixtures.RATE;
        }

        @Override
        public Pcm speak(String text) {
            return new Pcm(new short[AirFixtures.RATE / 10], AirFixtures.RATE);
        }
    }

    /** Lays out the data folder under {@code root} and starts the server on a free loopback port. */
    FullWebServer(Path root) throws Exception {
        this.root = root;
        this.data = Files.createDirectories(root.resolve("data"));
        for (String name : SECRET_FILES) {
            Files.writeString(root.resolve(name), SECRET);
        }
        Clock clock = Clock.systemUTC();
        StationConfig config = new ConfigLoader().parse("", "test");
        PaperStore store = new PaperStore(data, clock);
        PaperMeta open = new PaperMeta(OPEN, "An open paper", List.of("Ada Lovelace"), "An abstract.", List.of("cs.AI"),
                Instant.parse("2026-01-01T00:00:00Z"), null, URI.create("https://arxiv.org/pdf/" + OPEN),
                License.of("http://creativecommons.org/licenses/by/4.0/"));
        store.add(open);
        Path page = store.file(OPEN, PaperFiles.PAGES + "/001.png");
        Files.createDirectories(page.getParent());
        ImageIO.write(new BufferedImage(4, 6, BufferedImage.TYPE_INT_RGB), "png", page.toFile());
        AirFixtures.voicedPaper(store, AIRED.toString(), "An aired paper", 0.5, 440,
                License.of("http://creativecommons.org/licenses/by/4.0/"));
        store.advance(AIRED, Stage.AIRED);

        library = PaperLibrary.open(data.resolve("index"), new FlatEmbedder());
        library.add(open, open.abstractText());
        library.add(store.load(AIRED).meta(), "An abstract.");
        library.commit();

        Path shows = data.resolve("shows");
        writeShow(shows.resolve(SHOW));

        Path promptDir = Files.createDirectories(root.resolve("prompts"));
        try (DirectoryStream<Path> shipped = Files.newDirectoryStream(Path.of("..", "config", "prompts"), "*.txt")) {
            for (Path p : shipped) {
                Files.copy(p, promptDir.resolve(p.getFileName().toString()));
            }
        }
        prompts = new Prompts(promptDir);
        Selector selector = new Selector(store, library, config.selection(), new Requests(data.resolve("requests.json")),
                new Votes(data.resolve("votes.json")), clock);
        Map<String, Voice> byHost = new LinkedHashMap<>();
        for (StationConfig.Host h : config.hosts()) {
            byHost.put(h.id(), new Silent(h.id()));
        }
        Voices voices = new Voices(byHost);
        ShowProducer producer = new ShowProducer(new ShowPlanner(store, null, ZoneOffset.UTC),
                new ShowWriter(Optional.empty(), null, config), new ShowVoicer(voices, config.audio(), "Test Radio"),
                voices, config, shows);
        ShowScheduler scheduler = new ShowScheduler(new StationConfig.Schedule("UTC",
                List.of(new StationConfig.ScheduleEntry("daily", "0 18 * * *")), null, null, null, null), producer, clock);

        LibraryApi api = new LibraryApi(library, store);
        ProgrammeApi programme = new ProgrammeApi(api, selector, () -> List.of(OPEN), scheduler, shows, prompts,
                ADMIN_TOKEN, clock);
        FeedApi feed = FeedApi.of(config, store, shows, null);
        broadcast = new LiveMp3Broadcast(new StationConfig.Audio(AirFixtures.RATE, 96));
        web = new WebServer(new StationConfig.Http("127.0.0.1", 0, null), "Test Radio", () -> null, broadcast, clock,
                api, programme, feed, new WebPages("Test Radio", api, store, false));
        web.start();
    }

    int port() {
        return web.port();
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + web.port());
    }

    /**
     * What came back over a raw socket: the status (-1 when the server closed the connection
     * without answering), headers with lower-case names, and the body as UTF-8.
     */
    record Answer(int status, Map<String, List<String>> headers, String body) {

        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    /**
     * Sends {@code request} byte for byte on a new connection and reads until the server closes
     * it (requests should say {@code Connection: close}); a reset or a close before any answer
     * gives status -1.
     */
    static Answer exchange(int port, byte[] request, Duration timeout) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout((int) timeout.toMillis());
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            try {
                socket.getOutputStream().write(request);
                socket.getOutputStream().flush();
                socket.getInputStream().transferTo(got);
            } catch (SocketException e) {
                // reset: the server refused to read on; whatever it answered before is in got
            }
            return parse(got.toString(StandardCharsets.ISO_8859_1));
        }
    }

    /** A GET (or other method) of {@code target} as sent, non-ASCII characters as their UTF-8 bytes. */
    static Answer raw(int port, String method, String target, String... headers) throws IOException {
        StringBuilder b = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: 127.0.0.1:").append(port).append("\r\n");
        for (String h : headers) {
            b.append(h).append("\r\n");
        }
        b.append("Connection: close\r\n\r\n");
        return exchange(port, b.toString().getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(10));
    }

    private static Answer parse(String all) {
        int split = all.indexOf("\r\n\r\n");
        if (!all.startsWith("HTTP/1.") || split < 0) {
            return new Answer(-1, Map.of(), all);
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        List<String> lines = all.substring(0, split).lines().toList();
        for (String line : lines.subList(1, lines.size())) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(line.substring(colon + 1).strip());
            }
        }
        String body = new String(all.substring(split + 4).getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        return new Answer(Integer.parseInt(all.substring(9, 12)), headers, body);
    }

    /** An aired daily show as the producer leaves it: script, audio with its timings, the aired mark. */
    private static void writeShow(Path dir) throws IOException {
        Files.createDirectories(dir);
        Duration step = Duration.ofMillis(400);
        List<Chapter> chapters = List.of(
                new Chapter("Opening", null, List.of(new ScriptLine.Spoken("ada", "Welcome.", 0))),
                new Chapter("An aired paper", AIRED, List.of(new ScriptLine.Spoken("ben", "A paper.", 0))));
        List<ShowAudio.ChapterMark> marks = List.of(
                new ShowAudio.ChapterMark("Opening", null, Duration.ZERO, step),
                new ShowAudio.ChapterMark("An aired paper", AIRED, step, step.multipliedBy(2)));
        List<LineTiming> lines = List.of(new LineTiming(0, "ada", "Welcome.", Duration.ZERO, step),
                new LineTiming(1, "ben", "A paper.", step, step.multipliedBy(2)));
        Instant airsAt = Instant.parse("2026-11-23T18:00:00Z");
        Files.write(dir.resolve("script.json"), Json.mapper().writeValueAsBytes(
                new ShowScript(SHOW, Show.Kind.DAILY, "Paper Radio daily", airsAt, chapters, "test")));
        Files.write(dir.resolve("show.json"), Json.mapper().writeValueAsBytes(
                new ShowAudio(SHOW, step.multipliedBy(2), AirFixtures.RATE, 1, marks, lines)));
        short[] tone = AirFixtures.tone(0.8, 330);
        AirFixtures.writeWav(dir.resolve("show.wav"), tone, AirFixtures.RATE);
        try (Mp3Encoder enc = new Mp3Encoder(AirFixtures.RATE, 96); OutputStream out = Files.newOutputStream(dir.resolve("show.mp3"))) {
            out.write(enc.encode(tone, 0, tone.length));
            out.write(enc.finish());
        }
        Files.writeString(dir.resolve(ShowScheduler.AIRED_MARK), airsAt.toString(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws Exception {
        web.stop();
        broadcast.close();
        prompts.close();
        library.close();
    }
}
