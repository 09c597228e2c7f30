package org.paperradio.stream.output;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.paperradio.stream.playout.AudioOutput;
import org.paperradio.stream.playout.Segment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes the live stream to an Icecast 2 server as a source, so Icecast (and its relays) can
 * serve more listeners than one machine can.
 *
 * <p>Audio comes from a {@link Listener} of the {@link LiveMp3Broadcast}, so the air is encoded
 * once for every output; this class is an {@link AudioOutput} only to hear when a segment starts
 * ({@link #write} does nothing). A background thread connects with an HTTP {@code PUT} of
 * unbounded length ({@code Expect: 100-continue}, Basic auth, {@code Ice-*} headers), then writes
 * whole MP3 frames as the broadcast makes them, i.e. at real-time pace. Segment titles go to
 * {@code /admin/metadata?mode=updinfo} on a helper thread; the latest title is sent again after
 * every (re)connect.
 *
 * <p>It never gives up: a refused connection, a refused login ({@code 401}, or {@code 403} while
 * the server still holds our previous source), a dropped connection, a write stalled for
 * {@link #STALL_TIMEOUT}, or falling so far behind that the broadcast drops our listener, all lead
 * to a reconnect after an exponential backoff (initial, doubling, capped, jittered to [half,
 * full]); the backoff starts over after a connection that lasted {@link #STABLE_SESSION}.
 *
 * <p>The password is a secret: it is held only as the encoded {@code Authorization} header and
 * never appears in logs, exception messages or {@code toString()}.
 */
public final class IcecastOutput implements AudioOutput {

    private static final Logger log = LoggerFactory.getLogger(IcecastOutput.class);

    /** A write blocked this long means the server is gone (Icecast itself drops a source after 10 s). */
    static final Duration STALL_TIMEOUT = Duration.ofSeconds(15);
    /** A connection that lasted this long resets the backoff. */
    static final Duration STABLE_SESSION = Duration.ofSeconds(10);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_RESPONSE_HEAD = 8192;
    private static final int MAX_TITLE = 255;

    /** Where the output is. */
    public enum State { CONNECTING, CONNECTED, BACKOFF, STOPPED }

    /**
     * One Icecast mount to feed.
     *
     * @param name           the output's name in logs
     * @param url            {@code http://host[:port]/mount} (the mount point, e.g. {@code /paperradio.mp3})
     * @param user           the source user; {@code source} unless the mount says otherwise
     * @param passwordEnv    the environment variable holding the source password (never the password)
     * @param stationName    sent as {@code Ice-Name}
     * @param description    sent as {@code Ice-Description}
     * @param listed         {@code Ice-Public}: whether Icecast may list the stream in directories
     * @param initialBackoff first wait after a failure (default 1 s)
     * @param maxBackoff     longest wait between attempts (default 30 s)
     */
    public record Settings(String name, URI url, String user, String passwordEnv, String stationName,
                           String description, boolean listed, Duration initialBackoff, Duration maxBackoff) {
        public Settings {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("an icecast output needs a name");
            }
            if (url == null || !"http".equals(url.getScheme()) || url.getHost() == null || url.getRawPath() == null
                    || url.getRawPath().length() < 2 || url.getRawQuery() != null || url.getRawFragment() != null) {
                throw new IllegalArgumentException("url must be http://host[:port]/mount, not " + url);
            }
            if (url.getRawUserInfo() != null) {
                throw new IllegalArgumentException("put the password in the environment (passwordEnv), not in the url");
            }
            user = user != null && !user.isBlank() ? user : "source";
            if (user.contains(":") || !clean(user).equals(user)) {
                throw new IllegalArgumentException("user must not contain ':' or control characters");
            }
            if (passwordEnv == null || !passwordEnv.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException("passwordEnv must name an environment variable, not hold the password");
            }
            stationName = stationName != null ? clean(stationName) : "Paper Radio";
            description = description != null ? clean(description) : "";
            initialBackoff = initialBackoff != null ? initialBackoff : Duration.ofSeconds(1);
            maxBackoff = maxBackoff != null ? maxBackoff : Duration.ofSeconds(30);
            if (initialBackoff.isNegative() || initialBackoff.isZero() || maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException("backoff must be positive and maxBackoff >= initialBackoff");
            }
        }

        /** The usual settings: user {@code source}, not listed, backoff 1 s doubling to 30 s. */
        public static Settings of(String name, URI url, String passwordEnv) {
            return new Settings(name, url, null, passwordEnv, null, null, false, null, null);
        }

        /** These settings with another backoff range. */
        public Settings withBackoff(Duration initial, Duration max) {
            return new Settings(name, url, user, passwordEnv, stationName, description, listed, initial, max);
        }

        /** The mount point, e.g. {@code /paperradio.mp3}. */
        public String mount() {
            return url.getPath();
        }
    }

    private final Settings settings;
    private final String authorization;
    private final LiveMp3Broadcast broadcast;
    private final int bitrateKbps;
    private final HttpClient http;
    private final ScheduledExecutorService helper;
    private final AtomicLong connects = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicLong metadataUpdates = new AtomicLong();
    private volatile State state = State.STOPPED;
    private volatile boolean closed;
    private volatile Socket current;
    /** nanoTime when the write in progress began; 0 when no write is in progress. */
    private volatile long writeSince;
    /** The latest title on air (sanitized), null before the first segment. */
    private volatile String title;
    /** The title Icecast has for this connection (helper thread only). */
    private String titleSent;
    private Thread worker;

    /**
     * An output for {@code settings}; nothing happens until {@link #start()}.
     *
     * @param password    the source password (read from {@code settings.passwordEnv()} by the caller)
     * @param broadcast   the live stream to relay
     * @param bitrateKbps the broadcast's bitrate, announced in {@code Ice-Audio-Info}
     */
    public IcecastOutput(Settings settings, String password, LiveMp3Broadcast broadcast, int bitrateKbps) {
        this.settings = Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(password, "password");
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((settings.user() + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.broadcast = Objects.requireNonNull(broadcast, "broadcast");
        this.bitrateKbps = bitrateKbps;
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
        this.helper = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("icecast-" + settings.name() + "-helper").daemon().factory());
    }

    /**
     * The output of {@code settings} with the password read from {@code env}; empty, with an
     * error naming the variable (never a value), when the variable is unset or blank.
     */
    public static Optional<IcecastOutput> fromEnvironment(Settings settings, Function<String, String> env,
                                                          LiveMp3Broadcast broadcast, int bitrateKbps) {
        String password = env.apply(settings.passwordEnv());
        if (password == null || password.isBlank()) {
            log.error("icecast output {} is off: environment variable {} (its source password) is not set",
                    settings.name(), settings.passwordEnv());
            return Optional.empty();
        }
        return Optional.of(new IcecastOutput(settings, password, broadcast, bitrateKbps));
    }

    /** Starts connecting on a background thread. */
    public synchronized void start() {
        if (worker != null || closed) {
            throw new IllegalStateException("already started or closed");
        }
        state = State.CONNECTING;
        helper.scheduleWithFixedDelay(this::watchStall, 1, 1, TimeUnit.SECONDS);
        worker = Thread.ofVirtual().name("icecast-" + settings.name()).start(this::run);
    }

    public Settings settings() {
        return settings;
    }

    public State state() {
        return state;
    }

    /** Successful connections (logins accepted) so far. */
    public long connects() {
        return connects.get();
    }

    /** Connections after the first, i.e. how often the output came back after losing the server. */
    public long reconnects() {
        return Math.max(0, connects.get() - 1);
    }

    /** Failed attempts and lost connections so far. */
    public long failures() {
        return failures.get();
    }

    /** MP3 bytes written to Icecast so far. */
    public long bytesSent() {
        return bytesSent.get();
    }

    /** Title updates Icecast accepted so far. */
    public long metadataUpdates() {
        return metadataUpdates.get();
    }

    /** The title this output sends to Icecast (the segment on air), or null before the first. */
    public String title() {
        return title;
    }

    /** Never blocks: notes the title and leaves sending it to the helper thread. */
    @Override
    public void segmentStarted(Segment segment) {
        String t = latinPunctuation(clean(segment.title()));
        if (t.length() > MAX_TITLE) {
            int cut = Character.isHighSurrogate(t.charAt(MAX_TITLE - 4)) ? MAX_TITLE - 4 : MAX_TITLE - 3;
            t = t.substring(0, cut) + "...";
        }
        title = t;
        submitMetadata();
    }

    /** Nothing: the audio comes from the broadcast, encoded once for every output. */
    @Override
    public void write(short[] pcm, int offset, int length) {
    }

    /** Ends the source connection (Icecast then drops the mount, or falls back if it has a fallback). */
    @Override
    public void close() {
        Thread w;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            w = worker;
        }
        closeQuietly(current);
        if (w != null) {
            w.interrupt();
            try {
                if (!w.join(Duration.ofSeconds(5))) {
                    log.warn("icecast output {} did not stop within 5 s", settings.name());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        helper.shutdownNow();
        http.shutdownNow();
        state = State.STOPPED;
    }

    @Override
    public String toString() {
        return "IcecastOutput[" + settings.name() + " " + settings.url() + "]";
    }

    // ---- the worker thread ----

    private void run() {
        Duration backoff = settings.initialBackoff();
        while (!closed) {
            state = State.CONNECTING;
            long connectedAt = 0;
            boolean ended = false;
            try (Socket socket = new Socket()) {
                current = socket;
                if (closed) {
                    break;
                }
                login(socket);
                try (Listener listener = broadcast.subscribe()) {
                    connectedAt = System.nanoTime();
                    long n = connects.incrementAndGet();
                    state = State.CONNECTED;
                    log.info("icecast output {} connected as a source to {}{}", settings.name(), settings.url(),
                            n > 1 ? " (reconnect " + (n - 1) + ")" : "");
                    submitMetadata(true);
                    ended = stream(listener, new BufferedOutputStream(socket.getOutputStream(), 16 * 1024));
                }
            } catch (IllegalStateException broadcastEnded) {
                ended = true;
            } catch (IOException | RuntimeException e) {
                if (!closed) {
                    failures.incrementAndGet();
                    String what = connectedAt != 0 ? "lost the connection" : "could not connect";
                    if (connectedAt != 0 && System.nanoTime() - connectedAt >= STABLE_SESSION.toNanos()) {
                        backoff = settings.initialBackoff();
                    }
                    Duration wait = jitter(backoff);
                    if (connectedAt != 0 || failures.get() == 1) {
                        log.warn("icecast output {} {} to {}: {}; retrying in {} ms", settings.name(), what,
                                settings.url(), e.toString(), wait.toMillis());
                    } else {
                        log.info("icecast output {} {} to {}: {}; retrying in {} ms", settings.name(), what,
                                settings.url(), e.toString(), wait.toMillis());
                    }
                    state = State.BACKOFF;
                    if (!sleep(wait)) {
                        break;
                    }
                    backoff = min(backoff.multipliedBy(2), settings.maxBackoff());
                }
            } finally {
                current = null;
                writeSince = 0;
            }
            if (ended) {
                log.info("icecast output {}: the live stream ended; disconnecting", settings.name());
                break;
            }
        }
        state = State.STOPPED;
    }

    /** Connects and sends the PUT; returns once Icecast accepted the source (100 Continue or 2xx). */
    private void login(Socket socket) throws IOException {
        URI url = settings.url();
        int port = url.getPort() > 0 ? url.getPort() : 80;
        socket.connect(new InetSocketAddress(url.getHost(), port), (int) CONNECT_TIMEOUT.toMillis());
        socket.setSoTimeout((int) CONNECT_TIMEOUT.toMillis());
        socket.setTcpNoDelay(true);
        String audioInfo = "ice-samplerate=" + broadcast.sampleRate() + ";ice-bitrate=" + bitrateKbps
                + ";ice-channels=1";
        String head = "PUT " + url.getRawPath() + " HTTP/1.1\r\n"
                + "Host: " + url.getHost() + ":" + port + "\r\n"
                + "Authorization: " + authorization + "\r\n"
                + "User-Agent: PaperRadio\r\n"
                + "Content-Type: audio/mpeg\r\n"
                + "Ice-Public: " + (settings.listed() ? 1 : 0) + "\r\n"
                + "Ice-Name: " + settings.stationName() + "\r\n"
                + (settings.description().isEmpty() ? "" : "Ice-Description: " + settings.description() + "\r\n")
                + "Ice-Bitrate: " + bitrateKbps + "\r\n"
                + "Ice-Audio-Info: " + audioInfo + "\r\n"
                + "Expect: 100-continue\r\n"
                + "\r\n";
        OutputStream out = socket.getOutputStream();
        out.write(head.getBytes(StandardCharsets.UTF_8));
        out.flush();
        String status = readStatusLine(socket.getInputStream());
        String[] parts = status.split(" ", 3);
        int code;
        try {
            code = parts.length >= 2 && parts[0].startsWith("HTTP/") ? Integer.parseInt(parts[1]) : -1;
        } catch (NumberFormatException e) {
            code = -1;
        }
        if (code == 100 || (code >= 200 && code < 300)) {
            return;
        }
        String why = switch (code) {
            case 401 -> "login refused (401): check the user and the password in " + settings.passwordEnv();
            case 403 -> "source refused (403): the mount is in use or the server is full";
            default -> "unexpected answer";
        };
        throw new IOException(why + " [" + status + "]");
    }

    /** The first line of the response head (at most 8 KiB, control characters removed). */
    private static String readStatusLine(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the server closed the connection before answering");
            }
            head.write(b);
            if (head.size() > MAX_RESPONSE_HEAD) {
                throw new IOException("the server's answer is too long");
            }
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        int eol = text.indexOf("\r\n");
        String line = clean(eol >= 0 ? text.substring(0, eol) : text);
        return line.length() > 200 ? line.substring(0, 200) : line;
    }

    /**
     * Writes frames until something fails (thrown) or the broadcast ends (returns true). Being
     * dropped by the broadcast for lagging counts as a failure: the connection is too slow.
     */
    private boolean stream(Listener listener, OutputStream out) throws IOException {
        try {
            while (!closed) {
                byte[] frame = listener.next(Duration.ofSeconds(1));
                if (frame == null) {
                    if (listener.wasDropped()) {
                        throw new IOException("fell more than the broadcast's lag limit behind");
                    }
                    if (!listener.isOpen()) {
                        return !closed;
                    }
                    continue; // no audio for a second: the air is stalled, not the server
                }
                writeSince = System.nanoTime();
                out.write(frame);
                long n = frame.length;
                // send everything already waiting in one go
                for (byte[] more = listener.poll(); more != null; more = listener.poll()) {
                    out.write(more);
                    n += more.length;
                }
                out.flush();
                writeSince = 0;
                bytesSent.addAndGet(n);
            }
            return false;
        } catch (InterruptedException e) {
            return false; // closing
        }
    }

    /** Helper thread: closes a socket whose write has been blocked too long, so the worker reconnects. */
    private void watchStall() {
        long since = writeSince;
        Socket s = current;
        if (since != 0 && s != null && System.nanoTime() - since > STALL_TIMEOUT.toNanos()) {
            log.warn("icecast output {}: a write stalled for {} s; reconnecting", settings.name(),
                    STALL_TIMEOUT.toSeconds());
            closeQuietly(s);
        }
    }

    private boolean sleep(Duration d) {
        try {
            Thread.sleep(d);
            return !closed;
        } catch (InterruptedException e) {
            return false;
        }
    }

    private static Duration jitter(Duration d) {
        long ms = d.toMillis();
        return Duration.ofMillis(ms / 2 + ThreadLocalRandom.current().nextLong(ms - ms / 2 + 1));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    // ---- metadata, on the helper thread ----

    private void submitMetadata() {
        submitMetadata(false);
    }

    /** @param newConnection Icecast has no title for this connection yet */
    private void submitMetadata(boolean newConnection) {
        try {
            helper.execute(() -> {
                if (newConnection) {
                    titleSent = null;
                }
                sendTitle();
            });
        } catch (RejectedExecutionException closing) {
            // closed: nothing to update
        }
    }

    private void sendTitle() {
        String t = title;
        if (t == null || t.equals(titleSent) || state != State.CONNECTED || closed) {
            return;
        }
        URI url = settings.url();
        URI admin = URI.create("http://" + url.getRawAuthority() + "/admin/metadata?mount="
                + URLEncoder.encode(settings.mount(), StandardCharsets.UTF_8)
                + "&mode=updinfo&charset=UTF-8&song=" + URLEncoder.encode(t, StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(admin)
                .timeout(METADATA_TIMEOUT)
                .header("Authorization", authorization)
                .header("User-Agent", "PaperRadio")
                .GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            String body = response.body() == null ? "" : response.body();
            if (response.statusCode() == 200 && body.contains("<return>1</return>")) {
                titleSent = t;
                metadataUpdates.incrementAndGet();
                log.debug("icecast output {}: title is now '{}'", settings.name(), t);
            } else {
                String said = clean(body.length() > 200 ? body.substring(0, 200) : body);
                log.warn("icecast output {}: the title update was refused ({}): {}", settings.name(),
                        response.statusCode(), said);
            }
        } catch (IOException e) {
            log.warn("icecast output {}: the title update failed: {}", settings.name(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- helpers ----

    /** The text with control characters (CR and LF included) replaced by spaces and trimmed. */
    static String clean(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) ? ' ' : c);
        }
        return b.toString().replaceAll("\\s+", " ").trim();
    }

    /**
     * Typographic dashes, quotes and ellipses as their ASCII look-alikes. Icecast keeps an MP3
     * mount's titles in Latin-1 (the ICY convention) and turns any other character into an XML
     * character reference that players show as text ({@code &#8212;}); punctuation is common in
     * paper titles and has a faithful Latin-1 form, other characters are left to Icecast.
     */
    static String latinPunctuation(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212' -> b.append('-');
                case '\u2018', '\u2019', '\u201A', '\u201B', '\u2032' -> b.append('\'');
                case '\u201C', '\u201D', '\u201E', '\u201F', '\u2033' -> b.append('"');
                case '\u2026' -> b.append("...");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static void closeQuietly(Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
