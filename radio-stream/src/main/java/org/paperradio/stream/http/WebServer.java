package org.paperradio.stream.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.paperradio.stream.feed.FeedApi;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.paperradio.core.config.StationConfig;
import org.paperradio.core.store.Json;
import org.paperradio.stream.output.IcyMetadata;
import org.paperradio.stream.output.Listener;
import org.paperradio.stream.output.LiveMp3Broadcast;
import org.paperradio.stream.playout.NowPlaying;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listeners' HTTP server (the JDK's {@link HttpServer}, one virtual thread per request):
 * the station's web pages and their static files ({@link WebPages}: {@code /}, {@code /archive},
 * {@code /paper/{id}}, {@code /static/*}, {@code /papers/{id}/page/{n}.png}),
 * {@code GET /live.mp3} the live stream, {@code GET /api/now} what is on air as JSON,
 * {@code GET /api/events} the same as Server-Sent Events ({@link WebEvents}), and, when given a
 * {@link LibraryApi}, {@code /api/search},
 * {@code /api/papers/{id}} and {@code /api/papers/{id}/related}. HEAD works on each; other methods
 * get 405, other paths 404. Paths are matched exactly (the library's ids only through the store's
 * API) and never touch the file system; only the library API reads query strings.
 *
 * <p>A player that sends {@code Icy-MetaData: 1} gets {@code icy-*} headers and, every
 * {@value IcyMetadata#DEFAULT_METAINT} bytes of MP3, an ICY metadata block naming the item on air
 * (see {@link IcyMetadata}); any other client gets the plain MP3 stream.
 *
 * <p>At most {@code maxListeners} live streams run at once; one more gets 503. A stream whose
 * client stopped reading holds its place only until the broadcast drops it for lagging: a
 * watchdog then interrupts the handler stuck writing to that client, which closes the connection.
 *
 * <p>The JDK server has no per-server limits on how long a client may take to send its request;
 * those are process-wide system properties the launcher sets (see {@code sun.net.httpserver.maxReqTime}).
 */
public final class WebServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WebServer.class);
    /** How long the stream handler waits for a frame before checking whether it should end. */
    private static final Duration FRAME_WAIT = Duration.ofMillis(500);
    private static final int FRAMES_PER_WRITE = 16;
    private static final Set<String> ROUTES = Set.of("/live.mp3", "/api/now", "/api/events");
    /** How often the watchdog looks for streams stuck writing to a client that stopped reading. */
    private static final Duration WATCHDOG_EVERY = Duration.ofMillis(500);
    private static final Duration FULL_LOG_EVERY = Duration.ofMinutes(1);
    private static final String ICY_DESCRIPTION = "New arXiv papers, read aloud";
    private static final String ICY_GENRE = "Science";

    private final StationConfig.Http http;
    private final String stationName;
    private final Supplier<NowPlaying> nowPlaying;
    private final LiveMp3Broadcast broadcast;
    private final Clock clock;
    private final LibraryApi library;
    private final ProgrammeApi programme;
    private final FeedApi feed;
    private final ObjectMapper json = Json.mapper();
    private final WebPages pages;
    /** The largest request body any route accepts: none takes one. */
    static final long MAX_BODY = 1024;
    private final OpsApi ops;
    private final AdminApi admin;
    private final ListenerCookie listenerCookie = new ListenerCookie();
    private volatile WebEvents events;
    private final int maxListeners;
    private final Semaphore streamSlots;
    private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
    private final AtomicLong lastFullLogged = new AtomicLong(System.nanoTime() - FULL_LOG_EVERY.toNanos());
    private HttpServer server;
    private ExecutorService executor;
    private ScheduledExecutorService watchdog;
    private volatile boolean stopping;

    /** A live stream being served: its listener and the handler thread writing it out. */
    private record Stream(Listener listener, Thread handler) {
    }

    /** The JSON of {@code /api/now}: durations in seconds, times as ISO-8601. */
    record NowJson(String station, String kind, String paperId, String title, List<String> authors, URI absUrl,
                   Instant startedAt, double lengthSeconds, String speaker, String line, int page, List<UpNextJson> upNext,
                   double bufferedAheadSeconds, int listeners, Instant serverTime) {
    }

    /** One entry of {@code upNext} in {@code /api/now}. */
    record UpNextJson(String paperId, String title, double lengthSeconds) {
    }

    /**
     * @param http        bind address, port (0: any free port, see {@link #port()}) and the cap
     *                    on live streams (one more gets 503)
     * @param stationName shown on the page and in the API
     * @param nowPlaying  what is on air (e.g. {@code playoutClock::nowPlaying})
     * @param broadcast   the live stream that {@code /live.mp3} serves
     * @param clock       for the API's serverTime
     */
    public WebServer(StationConfig.Http http, String stationName, Supplier<NowPlaying> nowPlaying,
                     LiveMp3Broadcast broadcast, Clock clock) {
        this(http, stationName, nowPlaying, broadcast, clock, null);
    }

    /**
     * As {@link #WebServer(StationConfig.Http, String, Supplier, LiveMp3Broadcast, Clock)}, also
     * serving the library's search and paper API.
     *
     * @param library the library API, or null for none (its paths then get 404)
     */
    public WebServer(StationConfig.Http http, String stationName, Supplier<NowPlaying> nowPlaying,
                     LiveMp3Broadcast broadcast, Clock clock, LibraryApi library) {
        this(http, stationName, nowPlaying, broadcast, clock, library, null);
    }

    /**
     * As above, also serving the programme: shows, schedule, selection, requests, prompt reload.
     *
     * @param programme the programme API, or null for none
     */
    public WebServer(StationConfig.Http http, String stationName, Supplier<NowPlaying> nowPlaying,
                     LiveMp3Broadcast broadcast, Clock clock, LibraryApi library, ProgrammeApi programme) {
        this(http, stationName, nowPlaying, broadcast, clock, library, programme, null);
    }

    /**
     * As above, also serving the podcast feeds, chapters and transcripts.
     *
     * @param feed the feed API, or null for none
     */
    public WebServer(StationConfig.Http http, String stationName, Supplier<NowPlaying> nowPlaying,
                     LiveMp3Broadcast broadcast, Clock clock, LibraryApi library, ProgrammeApi programme,
                     FeedApi feed) {
        this(http, stationName, nowPlaying, broadcast, clock, library, programme, feed,
                new WebPages(stationName, library, null, true));
    }

    /**
     * As above, with the web pages given (they need the store and the station's license stance
     * to serve page images; without them, page images get 404).
     *
     * @param pages the web pages, e.g. {@code new WebPages(name, library, store, nonCommercial)}
     */
    public WebServer(StationConfig.Http http, String stationName, Supplier<NowPlaying> nowPlaying,
                     LiveMp3Broadcast broadcast, Clock clock, LibraryApi library, ProgrammeApi programme,
                     FeedApi feed, WebPages pages) {
        this(http, stationName, nowPlaying, broadcast, clock, library, programme, feed, pages, null, null);
    }

    /**
     * As above, also answering monitoring (health, readiness, metrics) and the operator.
     *
     * @param ops   /health, /ready and /metrics, or null for none
     * @param admin the admin API, or null for none
     */
    public WebServer(StationConfig.Http http, String stationName, Supplier<NowPlaying> nowPlaying,
                     LiveMp3Broadcast broadcast, Clock clock, LibraryApi library, ProgrammeApi programme,
                     FeedApi feed, WebPages pages, OpsApi ops, AdminApi admin) {
        this.ops = ops;
        this.admin = admin;
        this.library = library;
        this.programme = programme;
        this.feed = feed;
        this.http = Objects.requireNonNull(http, "http");
        this.maxListeners = http.maxListeners();
        this.streamSlots = new Semaphore(maxListeners);
        this.stationName = Objects.requireNonNull(stationName, "stationName");
        this.nowPlaying = Objects.requireNonNull(nowPlaying, "nowPlaying");
        this.broadcast = Objects.requireNonNull(broadcast, "broadcast");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.pages = Objects.requireNonNull(pages, "pages");
    }

    /** Binds and starts serving. */
    public synchronized void start() throws IOException {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        HttpServer s = HttpServer.create(new InetSocketAddress(http.bind(), http.port()), 64);
        executor = Executors.newVirtualThreadPerTaskExecutor();
        s.setExecutor(executor);
        events = new WebEvents(nowPlaying, this::nowBody, WebEvents.DEFAULT_MAX_CLIENTS);
        s.createContext("/", this::handle);
        s.start();
        server = s;
        stopping = false;
        watchdog = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("web-stream-watchdog").daemon().factory());
        watchdog.scheduleWithFixedDelay(this::cutDroppedStreams, WATCHDOG_EVERY.toMillis(), WATCHDOG_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
        WebEvents ev = events;
        watchdog.scheduleWithFixedDelay(() -> {
            try {
                ev.cutStuck();
            } catch (Throwable t) {
                log.warn("event watchdog: {}", t.toString(), t); // a periodic task that throws is never run again
            }
        }, WATCHDOG_EVERY.toMillis(), WATCHDOG_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        log.info("web server listening on http://{}:{}/", http.bind(), port());
    }

    /** The port bound (the real one when the config asked for 0). */
    public int port() {
        HttpServer s = server;
        if (s == null) {
            throw new IllegalStateException("not started");
        }
        return s.getAddress().getPort();
    }

    /** Ends every live stream, stops accepting and waits briefly for requests in flight. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        stopping = true;
        watchdog.shutdownNow();
        for (Stream s : streams) {
            s.listener().close();
        }
        events.close(); // before the executor waits for every handler: event streams never end on their own
        server.stop(1);
        executor.close();
        server = null;
        log.info("web server stopped");
    }

    @Override
    public void close() {
        stop();
    }

    /** Live streams being served now (at most maxListeners). */
    public int liveStreams() {
        return maxListeners - streamSlots.availablePermits();
    }

    /**
     * A handler whose listener the broadcast dropped is usually stuck in a socket write to a
     * client that stopped reading, and would stay stuck (the JDK server has no write timeout).
     * Interrupting it closes the socket channel, so the write fails and the handler ends.
     */
    private void cutDroppedStreams() {
        try {
            for (Stream s : streams) {
                if (s.listener().wasDropped()) {
                    s.handler().interrupt();
                }
            }
        } catch (Throwable t) {
            // a periodic task that throws is never run again
            log.warn("stream watchdog: {}", t.toString(), t);
        }
    }

    private void handle(HttpExchange ex) {
        try {
            String path = ex.getRequestURI().getRawPath();
            String method = ex.getRequestMethod();
            Headers h = ex.getResponseHeaders();
            h.set("X-Content-Type-Options", "nosniff");
            h.set("Referrer-Policy", "no-referrer");
            if (!"GET".equals(method) && !"HEAD".equals(method) && refused(ex)) {
                return;
            }
            // pages first: the feeds claim every path under /papers/, page images included
            if (path != null && pages.handles(path)) {
                pages(ex, path, method);
                return;
            }
            // feeds first: the programme claims every GET under /shows/, the feeds its .vtt, .srt and chapters
            if (path != null && feed != null && feed.handles(method, path)) {
                feed(ex, path, "HEAD".equals(method));
                return;
            }
            if (path != null && ops != null && ops.handles(path)) {
                ops(ex, path, method);
                return;
            }
            if (path != null && admin != null && admin.handles(path)) {
                h.set("Cache-Control", "no-store");
                reply(ex, admin.answer(method, path, ex.getRequestHeaders().getFirst("Authorization")), false);
                return;
            }
            if (path != null && programme != null && programme.handles(method, path)) {
                programme(ex, path, method);
                return;
            }
            boolean api = path != null && library != null && library.handles(path);
            if (path == null || !(api || ROUTES.contains(path))) {
                sendText(ex, 404, "not found\n");
                return;
            }
            boolean head = "HEAD".equals(method);
            if (!head && !"GET".equals(method)) {
                h.set("Allow", "GET, HEAD");
                sendText(ex, 405, "method not allowed\n");
                return;
            }
            if (api) {
                library(ex, path, head);
                return;
            }
            switch (path) {
                case "/api/now" -> now(ex, head);
                case "/api/events" -> events.serve(ex, head);
                default -> live(ex, head);
            }
        } catch (IOException e) {
            log.debug("request ended early: {}", e.toString());
        } catch (RuntimeException e) {
            log.warn("request {} failed: {}", ex.getRequestURI().getRawPath(), e.toString(), e);
            try {
                sendText(ex, 500, "internal error\n");
            } catch (IOException | RuntimeException ignored) {
                // headers already sent or the client is gone
            }
        } finally {
            ex.close();
        }
    }

    /**
     * Checks a state-changing request before any route sees it, answering it when it is refused. No route takes a body: anything declaring more
     * than {@link #MAX_BODY} bytes, or chunked, gets 413 and the connection is closed unread. A
     * request another site makes a browser send (its {@code Origin} or {@code Referer} names
     * another host, or {@code Sec-Fetch-Site: cross-site}) gets 403: a page elsewhere cannot vote,
     * request papers or reach the admin API with a listener's browser. Requests without those
     * headers (curl, scripts) go on. Returns whether the request was refused (and answered).
     */
    private boolean refused(HttpExchange ex) throws IOException {
        Headers in = ex.getRequestHeaders();
        String length = in.getFirst("Content-Length");
        boolean chunked = in.getFirst("Transfer-Encoding") != null;
        long declared;
        try {
            declared = length == null ? 0 : Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            declared = Long.MAX_VALUE;
        }
        if (chunked || declared > MAX_BODY) {
            ex.getResponseHeaders().set("Connection", "close");
            sendText(ex, 413, "request body too large: these routes take none\n");
            return true;
        }
        String host = in.getFirst("Host");
        String origin = in.getFirst("Origin");
        String referer = in.getFirst("Referer");
        String site = in.getFirst("Sec-Fetch-Site");
        boolean crossSite = "cross-site".equalsIgnoreCase(site)
                || (origin != null && !sameHost(origin, host))
                || (origin == null && referer != null && !sameHost(referer, host));
        if (crossSite) {
            log.info("cross-site {} {} refused (Origin {}, Referer {})", ex.getRequestMethod(),
                    ex.getRequestURI().getRawPath(), origin, referer);
            sendText(ex, 403, "cross-site requests are not accepted\n");
            return true;
        }
        return false;
    }

    /** Whether {@code url} (an Origin or Referer) names the host and port the request was sent to. */
    private static boolean sameHost(String url, String host) {
        if (host == null) {
            return false;
        }
        try {
            URI u = new URI(url.strip());
            if (u.getHost() == null) {
                return false;
            }
            String authority = u.getPort() < 0 ? u.getHost() : u.getHost() + ":" + u.getPort();
            return authority.equalsIgnoreCase(host.strip()) || (u.getPort() < 0 && host.strip().equalsIgnoreCase(
                    u.getHost() + (u.getScheme() != null && u.getScheme().equalsIgnoreCase("https") ? ":443" : ":80")));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private void pages(HttpExchange ex, String path, String method) throws IOException {
        Headers h = ex.getResponseHeaders();
        boolean head = "HEAD".equals(method);
        if (!head && !"GET".equals(method)) {
            h.set("Allow", "GET, HEAD");
            sendText(ex, 405, "method not allowed\n");
            return;
        }
        WebPages.Reply reply = pages.answer(path, ex.getRequestHeaders().getFirst("If-None-Match"));
        if (reply.html()) {
            h.set("Content-Security-Policy", WebPages.CSP);
            h.set("X-Frame-Options", "DENY");
        }
        h.set("Cache-Control", reply.cacheControl());
        if (reply.etag() != null) {
            h.set("ETag", reply.etag());
        }
        if (reply.file() != null) {
            sendFile(ex, reply.file(), reply.contentType(), head);
            return;
        }
        h.set("Content-Type", reply.contentType());
        if (reply.status() == 304) {
            ex.sendResponseHeaders(304, -1);
            return;
        }
        send(ex, reply.status(), reply.body(), head);
    }

    private void now(HttpExchange ex, boolean head) throws IOException {
        NowJson body = nowBody(nowPlaying.get());
        Headers h = ex.getResponseHeaders();
        h.set("Content-Type", "application/json; charset=utf-8");
        h.set("Cache-Control", "no-store");
        send(ex, 200, json.writeValueAsBytes(body), head);
    }

    /** What is on air as {@code /api/now} and {@code /api/events} send it; null is off air. */
    private NowJson nowBody(NowPlaying n) {
        if (n == null) {
            return new NowJson(stationName, "off", null, null, List.of(), null, null, 0, null, null, 0, List.of(), 0,
                    broadcast.listenerCount(), clock.instant());
        }
        List<UpNextJson> next = n.upNext().stream()
                .map(u -> new UpNextJson(u.paperId(), u.title(), seconds(u.length())))
                .toList();
        return new NowJson(stationName, n.kind() == null ? "off" : n.kind().label(), n.paperId(), n.title(),
                n.authors(), n.absUrl(), n.startedAt(), seconds(n.length()), n.speaker(), n.line(), n.page(), next,
                seconds(n.bufferedAhead()), broadcast.listenerCount(), clock.instant());
    }

    private void ops(HttpExchange ex, String path, String method) throws IOException {
        Headers h = ex.getResponseHeaders();
        boolean head = "HEAD".equals(method);
        if (!head && !"GET".equals(method)) {
            h.set("Allow", "GET, HEAD");
            sendText(ex, 405, "method not allowed\n");
            return;
        }
        h.set("Cache-Control", "no-store");
        if (ops.isMetrics(path)) {
            h.set("Content-Type", ops.metrics().contentType());
            send(ex, 200, ops.metrics().scrape(), head);
            return;
        }
        reply(ex, ops.answer(path), head);
    }

    /** A JSON reply from one of the APIs. */
    private void reply(HttpExchange ex, LibraryApi.Reply reply, boolean head) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        send(ex, reply.status(), json.writeValueAsBytes(reply.body()), head);
    }

    private void library(HttpExchange ex, String path, boolean head) throws IOException {
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        reply(ex, library.answer(path, ex.getRequestURI().getRawQuery()), head);
    }

    private void programme(HttpExchange ex, String path, String method) throws IOException {
        boolean head = "HEAD".equals(method);
        String client = ex.getRemoteAddress() == null ? "?" : ex.getRemoteAddress().getAddress().getHostAddress();
        Headers h = ex.getResponseHeaders();
        String listener = listenerCookie.read(ex.getRequestHeaders());
        if (listener == null && ProgrammeApi.needsListener(method, path)) {
            listener = listenerCookie.issue(h);
        }
        LibraryApi.Reply reply = programme.answer(head ? "GET" : method, path,
                new ProgrammeApi.Caller(ex.getRequestHeaders().getFirst("Authorization"), client, listener));
        h.set("Cache-Control", "no-store");
        if (reply.body() instanceof ProgrammeApi.FileReply file) {
            sendFile(ex, file.file(), file.contentType(), head);
            return;
        }
        reply(ex, reply, head);
    }

    private void feed(HttpExchange ex, String path, boolean head) throws IOException {
        FeedApi.Reply reply = feed.answer(path, ex.getRequestHeaders().getFirst("Host"));
        Headers h = ex.getResponseHeaders();
        h.set("Cache-Control", "no-cache");
        h.set("Access-Control-Allow-Origin", "*"); // podcast web players fetch chapters and transcripts cross-origin
        if (reply.file() != null) {
            sendFile(ex, reply.file(), reply.contentType(), head);
            return;
        }
        h.set("Content-Type", reply.contentType());
        send(ex, reply.status(), reply.body(), head);
    }

    /**
     * A file from the store or the shows folder (paths come from the APIs, never from the request),
     * whole or the one byte range the request asks for: players seek in a long show that way.
     */
    private static void sendFile(HttpExchange ex, Path file, String contentType, boolean head) throws IOException {
        Headers h = ex.getResponseHeaders();
        h.set("Content-Type", contentType);
        h.set("Accept-Ranges", "bytes");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size(); // of the file as opened: a replaced file cannot change it midway
            if (head) {
                h.set("Content-Length", String.valueOf(size));
                ex.sendResponseHeaders(200, -1);
                return;
            }
            ByteRange range = ByteRange.parse(ex.getRequestHeaders().getFirst("Range"), size);
            if (range != null && !range.satisfiable()) {
                h.set("Content-Range", range.contentRange(size));
                ex.sendResponseHeaders(416, -1);
                return;
            }
            long start = range == null ? 0 : range.start();
            long length = range == null ? size : range.length();
            if (range != null) {
                h.set("Content-Range", range.contentRange(size));
            }
            ex.sendResponseHeaders(range == null ? 200 : 206, length == 0 ? -1 : length);
            try (OutputStream out = ex.getResponseBody()) {
                WritableByteChannel sink = Channels.newChannel(out);
                long sent = 0;
                while (sent < length) {
                    long n = channel.transferTo(start + sent, length - sent, sink);
                    if (n <= 0) {
                        throw new IOException(file.getFileName() + " ended early");
                    }
                    sent += n;
                }
            }
        }
    }

    private void live(HttpExchange ex, boolean head) throws IOException {
        Headers h = ex.getResponseHeaders();
        h.set("Content-Type", "audio/mpeg");
        h.set("Cache-Control", "no-cache, no-store");
        boolean icy = "1".equals(trim(ex.getRequestHeaders().getFirst("Icy-MetaData")));
        if (head) {
            if (icy) {
                icyHeaders(h);
            }
            ex.sendResponseHeaders(200, -1);
            return;
        }
        if (stopping) {
            sendText(ex, 503, "the station is stopping\n");
            return;
        }
        if (!streamSlots.tryAcquire()) {
            long now = System.nanoTime();
            long last = lastFullLogged.get();
            if (now - last > FULL_LOG_EVERY.toNanos() && lastFullLogged.compareAndSet(last, now)) {
                log.warn("live stream full ({} listeners): new listeners get 503 (logged at most once a minute)",
                        maxListeners);
            }
            h.set("Retry-After", "60");
            sendText(ex, 503, "too many listeners right now, please try again later\n");
            return;
        }
        try {
            stream(ex, icy);
        } finally {
            streamSlots.release();
        }
    }

    /** What an ICY player is told about the stream (only with a 200: a 503 is plain text). */
    private void icyHeaders(Headers h) {
        h.set("icy-metaint", String.valueOf(IcyMetadata.DEFAULT_METAINT));
        h.set("icy-name", IcyMetadata.headerValue(stationName));
        h.set("icy-description", ICY_DESCRIPTION);
        h.set("icy-genre", ICY_GENRE);
        if (broadcast.bitrateKbps() > 0) {
            h.set("icy-br", String.valueOf(broadcast.bitrateKbps()));
        }
        h.set("icy-pub", "0");
    }

    private static String trim(String s) {
        return s == null ? null : s.strip();
    }

    private void stream(HttpExchange ex, boolean icy) throws IOException {
        Listener listener;
        try {
            listener = broadcast.subscribe();
        } catch (IllegalStateException e) {
            sendText(ex, 503, "the stream has ended\n");
            return;
        }
        Stream stream = new Stream(listener, Thread.currentThread());
        streams.add(stream);
        try {
            // a stream never ends in a reusable state; this also makes the JDK server forget the
            // connection when the watchdog had to close it
            ex.getResponseHeaders().set("Connection", "close");
            if (icy) {
                icyHeaders(ex.getResponseHeaders());
            }
            ex.sendResponseHeaders(200, 0); // 0: chunked, no Content-Length
            OutputStream out = ex.getResponseBody();
            IcyMetadata meta = icy ? new IcyMetadata(out, IcyMetadata.DEFAULT_METAINT) : null;
            while (true) {
                byte[] frame = listener.next(FRAME_WAIT);
                if (frame == null) {
                    if (!listener.isOpen()) {
                        break;
                    }
                    continue;
                }
                write(out, meta, frame, listener);
                for (int i = 1; i < FRAMES_PER_WRITE; i++) {
                    byte[] more = listener.poll();
                    if (more == null) {
                        break;
                    }
                    write(out, meta, more, listener);
                }
                out.flush();
            }
            if (listener.wasDropped()) {
                log.info("live listener from {} dropped: could not keep up", ex.getRemoteAddress());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the listener went away (the normal end of a stream), or the watchdog cut it
            if (listener.wasDropped()) {
                log.info("live listener from {} cut: it stopped reading", ex.getRemoteAddress());
            } else {
                log.debug("live listener from {} disconnected: {}", ex.getRemoteAddress(), e.toString());
            }
        } finally {
            streams.remove(stream);
            listener.close();
        }
    }

    /** One frame, through the ICY writer (with the title on air at that frame) when there is one. */
    private static void write(OutputStream out, IcyMetadata meta, byte[] frame, Listener listener) throws IOException {
        if (meta == null) {
            out.write(frame);
        } else {
            meta.write(frame, listener.title());
        }
    }

    private static void sendText(HttpExchange ex, int status, String text) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        send(ex, status, text.getBytes(StandardCharsets.UTF_8), "HEAD".equals(ex.getRequestMethod()));
    }

    private static void send(HttpExchange ex, int status, byte[] body, boolean head) throws IOException {
        if (head) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static double seconds(Duration d) {
        return d == null ? 0 : d.toMillis() / 1000.0;
    }
}
