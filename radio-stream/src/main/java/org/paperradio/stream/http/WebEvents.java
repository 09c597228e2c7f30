package org.paperradio.stream.http;

import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.paperradio.core.store.Json;
import org.paperradio.stream.playout.NowPlaying;
import org.paperradio.stream.playout.Segment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/events}: what is on air as Server-Sent Events. Each client's handler (a virtual
 * thread of the web server) looks at what is on air every {@code poll} and sends a {@code now}
 * event, the same JSON as {@code /api/now}, when the item, speaker, caption line, page or up-next
 * list changed; a comment line every {@code heartbeat} keeps proxies from closing the connection and
 * finds clients that went away. At most {@code maxClients} at once; one more gets 503.
 *
 * <p>A client that stops reading would leave its handler stuck in a socket write (the JDK server
 * has no write timeout): {@link #cutStuck()}, run periodically by the server's watchdog,
 * interrupts a handler that has been writing for longer than {@code writeTimeout}, which closes
 * the connection.
 */
public final class WebEvents implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WebEvents.class);

    public static final int DEFAULT_MAX_CLIENTS = 200;
    static final Duration DEFAULT_POLL = Duration.ofMillis(250);
    static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(15);
    static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(20);
    private static final byte[] HEARTBEAT = ": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII);
    /** Tells EventSource how long to wait before reconnecting. */
    private static final byte[] RETRY = "retry: 3000\n\n".getBytes(StandardCharsets.US_ASCII);

    private final Supplier<NowPlaying> nowPlaying;
    private final Function<NowPlaying, Object> body;
    private final int maxClients;
    private final Semaphore slots;
    private final Duration poll;
    private final Duration heartbeat;
    private final Duration writeTimeout;
    private final ObjectWriter json = Json.mapper().writer().without(SerializationFeature.INDENT_OUTPUT);
    private final Set<Client> clients = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    /** The latest event, shared by all clients: what is on air is read and serialised once per poll, not per client. */
    private Snapshot latest;

    private record Snapshot(Key key, byte[] event, long atNanos) {
    }

    /** A connected client: its handler thread, and since when (nanoTime) it is in a write, 0 when not. */
    private record Client(Thread handler, AtomicLong writingSince) {
    }

    /** What a change is measured on: everything listeners see but the clock-driven parts. */
    private record Key(Segment.Kind kind, String paperId, String title, Instant startedAt, String speaker,
                       String line, int page, List<NowPlaying.UpNext> upNext) {

        static Key of(NowPlaying n) {
            return n == null ? new Key(null, null, null, null, null, null, 0, List.of())
                    : new Key(n.kind(), n.paperId(), n.title(), n.startedAt(), n.speaker(), n.line(), n.page(),
                    n.upNext());
        }
    }

    /**
     * @param nowPlaying what is on air (may answer null: off air)
     * @param body       the object sent as JSON for a {@link NowPlaying} (null included)
     * @param maxClients the cap on clients connected at once
     */
    public WebEvents(Supplier<NowPlaying> nowPlaying, Function<NowPlaying, Object> body, int maxClients) {
        this(nowPlaying, body, maxClients, DEFAULT_POLL, DEFAULT_HEARTBEAT, DEFAULT_WRITE_TIMEOUT);
    }

    WebEvents(Supplier<NowPlaying> nowPlaying, Function<NowPlaying, Object> body, int maxClients, Duration poll,
              Duration heartbeat, Duration writeTimeout) {
        if (maxClients < 1) {
            throw new IllegalArgumentException("maxClients must be at least 1: " + maxClients);
        }
        this.nowPlaying = Objects.requireNonNull(nowPlaying, "nowPlaying");
        this.body = Objects.requireNonNull(body, "body");
        this.maxClients = maxClients;
        this.slots = new Semaphore(maxClients);
        this.poll = poll;
        this.heartbeat = heartbeat;
        this.writeTimeout = writeTimeout;
    }

    /** Clients connected now. */
    public int clients() {
        return maxClients - slots.availablePermits();
    }

    /** Serves one client until it goes away, is cut, or {@link #close()} is called. */
    void serve(HttpExchange ex, boolean head) throws IOException {
        Headers h = ex.getResponseHeaders();
        if (head) {
            h.set("Content-Type", "text/event-stream; charset=utf-8");
            h.set("Cache-Control", "no-cache, no-store");
            ex.sendResponseHeaders(200, -1);
            return;
        }
        if (closed) {
            text(ex, 503, "the station is stopping\n");
            return;
        }
        if (!slots.tryAcquire()) {
            h.set("Retry-After", "30");
            text(ex, 503, "too many listeners on the live page right now, please try again later\n");
            return;
        }
        Client client = new Client(Thread.currentThread(), new AtomicLong());
        clients.add(client);
        try {
            stream(ex, client);
        } catch (IOException e) {
            // the client went away (the usual end), or was cut for not reading
            log.debug("event client {} ended: {}", ex.getRemoteAddress(), e.toString());
        } catch (InterruptedException e) {
            // closing or cut; the connection is closed below
            Thread.currentThread().interrupt();
        } finally {
            clients.remove(client);
            slots.release();
        }
    }

    private void stream(HttpExchange ex, Client client) throws IOException, InterruptedException {
        Headers h = ex.getResponseHeaders();
        h.set("Content-Type", "text/event-stream; charset=utf-8");
        h.set("Cache-Control", "no-cache, no-store");
        h.set("X-Accel-Buffering", "no"); // a reverse proxy must pass events on at once
        h.set("Connection", "close"); // never ends in a reusable state
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        write(out, client, RETRY);
        Key last = null;
        long lastWrite = System.nanoTime();
        while (!closed) {
            Snapshot now = snapshot();
            if (!now.key().equals(last)) {
                write(out, client, now.event());
                last = now.key();
                lastWrite = System.nanoTime();
            } else if (System.nanoTime() - lastWrite >= heartbeat.toNanos()) {
                write(out, client, HEARTBEAT);
                lastWrite = System.nanoTime();
            }
            Thread.sleep(poll);
        }
    }

    /** What is on air as an event, read afresh when the last read is older than the poll interval. */
    private synchronized Snapshot snapshot() throws IOException {
        long t = System.nanoTime();
        if (latest != null && t - latest.atNanos() < poll.toNanos()) {
            return latest;
        }
        NowPlaying n;
        try {
            n = nowPlaying.get();
        } catch (RuntimeException e) {
            log.debug("now playing unavailable for events: {}", e.toString());
            n = null;
        }
        Key key = Key.of(n);
        byte[] event = latest != null && latest.key().equals(key) ? latest.event()
                : event("now", json.writeValueAsString(body.apply(n)));
        latest = new Snapshot(key, event, t);
        return latest;
    }

    /** One event; a value with line breaks becomes several data lines, as the format wants. */
    static byte[] event(String name, String data) {
        StringBuilder b = new StringBuilder(data.length() + 32).append("event: ").append(name).append('\n');
        for (String line : data.split("\r\n|\r|\n", -1)) {
            b.append("data: ").append(line).append('\n');
        }
        return b.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void write(OutputStream out, Client client, byte[] bytes) throws IOException {
        client.writingSince().set(System.nanoTime());
        try {
            out.write(bytes);
            out.flush();
        } finally {
            client.writingSince().set(0);
        }
    }

    /** Interrupts handlers stuck writing to a client that stopped reading. */
    public void cutStuck() {
        long now = System.nanoTime();
        for (Client c : clients) {
            long since = c.writingSince().get();
            if (since != 0 && now - since > writeTimeout.toNanos()) {
                log.info("event client cut: it stopped reading");
                c.handler().interrupt();
            }
        }
    }

    /** Ends every client's stream; new ones get 503. */
    @Override
    public void close() {
        closed = true;
        for (Client c : clients) {
            c.handler().interrupt();
        }
    }

    private static void text(HttpExchange ex, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
