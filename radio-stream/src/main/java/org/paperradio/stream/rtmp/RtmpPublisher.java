package org.paperradio.stream.rtmp;

import java.io.BufferedOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one live stream published on an RTMP server ({@code rtmp://host[:port]/app/streamKey};
 * {@code rtmps} is not supported), for as long as it runs.
 *
 * <p>The producer calls {@link #send(FlvTag)}, which never blocks: tags go into a bounded
 * queue (see {@link SendQueue} for what is dropped when it is full or the server is away). A
 * background virtual thread connects (simple handshake, {@code connect}, {@code releaseStream},
 * {@code FCPublish}, {@code createStream}, {@code publish} live), sends {@code @setDataFrame
 * onMetaData} and the sequence headers, then the media. It answers pings, acknowledges bytes
 * when the server sets a window, and never gives up: a refused connection, a refused publish
 * ({@code onStatus} level error, e.g. {@code NetStream.Publish.BadName}), a dropped connection or
 * a stalled write all lead to a reconnect after an exponential backoff (initial, doubling, capped,
 * with jitter in [half, full]). After a session of {@link Options#maxSession()} it ends the
 * stream and reconnects at once (Twitch ends a broadcast after 48 h).
 *
 * <p>After every (re)connect it re-sends the latest metadata and sequence headers and resumes
 * video at the next key frame (audio goes on). Timestamps: each connection is rebased so that
 * its first media tag is sent at 0 and later tags at their offset from it; within a connection
 * audio and video timestamps each never go backwards (a tag older than the last one sent of its
 * kind is sent with the last timestamp). A new connection therefore starts near 0 again, as a
 * fresh publish should.
 *
 * <p>The stream key is a secret: logs and exception messages show the URL as
 * {@code rtmp://host/app/***}, and server text is redacted before it is logged.
 */
public final class RtmpPublisher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RtmpPublisher.class);

    private static final int CSID_CONTROL = 2;
    private static final int CSID_COMMAND = 3;
    private static final int CSID_AUDIO = 4;
    private static final int CSID_DATA = 5;
    private static final int CSID_VIDEO = 6;
    private static final int HANDSHAKE_SIZE = 1536;

    /** Where the publisher is. */
    public enum State { CONNECTING, PUBLISHING, BACKOFF, STOPPED }

    /**
     * Tuning.
     *
     * @param queueCapacity tags held for sending (at 30 fps plus MP3 audio about 70 tags a second)
     * @param chunkSize outgoing RTMP chunk size
     * @param initialBackoff first wait after a failure
     * @param maxBackoff longest wait between attempts
     * @param maxSession end the stream and reconnect after this long (Twitch: 48 h)
     * @param connectTimeout TCP connect timeout, also the wait for each handshake/command reply
     * @param writeStallTimeout a write blocked this long means the server is gone
     */
    public record Options(int queueCapacity, int chunkSize, Duration initialBackoff, Duration maxBackoff,
            Duration maxSession, Duration connectTimeout, Duration writeStallTimeout) {

        public Options {
            if (queueCapacity < 8 || chunkSize < 128 || chunkSize > 0xFFFFFF) {
                throw new IllegalArgumentException("queueCapacity >= 8 and chunkSize 128..16777215 required");
            }
            for (Duration d : List.of(initialBackoff, maxBackoff, maxSession, connectTimeout, writeStallTimeout)) {
                if (d.isNegative() || d.isZero()) {
                    throw new IllegalArgumentException("durations must be positive");
                }
            }
        }

        /** 1024 tags, 4096-byte chunks, backoff 1 s doubling to 30 s, sessions of 47 h, 10 s / 30 s timeouts. */
        public static Options defaults() {
            return new Options(1024, 4096, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofHours(47),
                    Duration.ofSeconds(10), Duration.ofSeconds(30));
        }

        /** These options with another backoff range. */
        public Options withBackoff(Duration initial, Duration max) {
            return new Options(queueCapacity, chunkSize, initial, max, maxSession, connectTimeout, writeStallTimeout);
        }

        /** These options with another session length. */
        public Options withMaxSession(Duration session) {
            return new Options(queueCapacity, chunkSize, initialBackoff, maxBackoff, session, connectTimeout,
                    writeStallTimeout);
        }
    }

    private final RtmpUrl url;
    private final Options options;
    private final Clock clock;
    private final Consumer<State> listener;
    private final SendQueue queue;
    private final AtomicLong reconnects = new AtomicLong();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile State state = State.STOPPED;
    private volatile boolean closed;
    private volatile Connection current;
    private Thread worker;

    /** A publisher for {@code url}; nothing happens until {@link #start()}. */
    public RtmpPublisher(String url, Options options, Clock clock) {
        this(url, options, clock, s -> { });
    }

    /** As above, telling {@code listener} (on the publisher's thread) each state change. */
    public RtmpPublisher(String url, Options options, Clock clock, Consumer<State> listener) {
        this.url = RtmpUrl.parse(url);
        this.options = options;
        this.clock = clock;
        this.listener = listener;
        this.queue = new SendQueue(options.queueCapacity());
    }

    /** Starts publishing on a background virtual thread. */
    public synchronized void start() {
        if (worker != null || closed) {
            throw new IllegalStateException("already started or closed");
        }
        worker = Thread.ofVirtual().name("rtmp-publisher").start(this::run);
    }

    /** Hands a tag over for sending; never blocks, never throws for network trouble. */
    public void send(FlvTag tag) {
        if (!closed) {
            queue.offer(tag, state == State.PUBLISHING);
        }
    }

    /** Current state; {@link State#STOPPED} before {@link #start()} and after {@link #close()}. */
    public State state() {
        return state;
    }

    /** How many times publishing started again after the first time. */
    public long reconnects() {
        return reconnects.get();
    }

    /** Tags dropped so far (queue full, disconnected, or video waiting for a key frame). */
    public long droppedTags() {
        return queue.dropped();
    }

    /** The target with the stream key hidden. */
    public String target() {
        return url.redacted();
    }

    /** Ends the stream politely if connected, stops the thread and waits for it (up to 5 s). */
    @Override
    public void close() {
        Thread w;
        synchronized (this) {
            closed = true;
            w = worker;
        }
        stopped.countDown();
        if (w == null) {
            return;
        }
        Connection c = current;
        if (c != null && state != State.PUBLISHING) {
            c.abort(); // connecting: no stream to end, just stop waiting
        }
        try {
            if (!w.join(Duration.ofSeconds(5))) {
                Connection still = current;
                if (still != null) {
                    still.abort();
                }
                w.join(Duration.ofSeconds(2));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        setState(State.STOPPED);
    }

    private void run() {
        int failures = 0;
        boolean publishedBefore = false;
        while (!closed) {
            setState(State.CONNECTING);
            boolean expired = false;
            Connection c = new Connection();
            current = c;
            try {
                c.open();
                failures = 0;
                if (publishedBefore) {
                    reconnects.incrementAndGet();
                }
                publishedBefore = true;
                setState(State.PUBLISHING);
                log.info("publishing to {}", url.redacted());
                expired = c.pump();
                if (expired) {
                    log.info("session to {} reached {}; reconnecting", url.redacted(), options.maxSession());
                }
            } catch (IOException | RuntimeException e) {
                if (!closed) {
                    // the reader usually knows the cause; the writer only sees the closed socket
                    Throwable cause = c.failure != null ? c.failure : e;
                    log.warn("RTMP {}: {}", url.redacted(), url.redact(String.valueOf(cause.getMessage())));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                c.end();
                break;
            }
            c.end();
            current = null;
            if (closed || expired) {
                continue;
            }
            setState(State.BACKOFF);
            Duration wait = backoff(failures++);
            log.info("reconnecting to {} in {} ms", url.redacted(), wait.toMillis());
            try {
                if (stopped.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                    break;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        setState(State.STOPPED);
    }

    private Duration backoff(int failures) {
        long max = options.maxBackoff().toMillis();
        long d = options.initialBackoff().toMillis() << Math.min(failures, 20);
        d = Math.min(Math.max(d, 1), max);
        return Duration.ofMillis(d / 2 + ThreadLocalRandom.current().nextLong(d / 2 + 1));
    }

    private void setState(State s) {
        if (state != s) {
            state = s;
            try {
                listener.accept(s);
            } catch (RuntimeException e) {
                log.warn("state listener failed", e);
            }
        }
    }

    /** One TCP connection: handshake, commands, then media until it fails or ends. */
    private final class Connection {

        private final Socket socket = new Socket();
        private final ReentrantLock writeLock = new ReentrantLock();
        private final BlockingQueue<List<Object>> commands = new ArrayBlockingQueue<>(64);
        private ChunkWriter writer;
        private ChunkReader reader;
        private volatile IOException failure;
        private volatile long writeStartedMs;
        private volatile boolean publishing;
        private long ackWindow;
        private long lastAck;
        private long peerBandwidth = -1;
        private int streamId;
        private Thread readerThread;

        void open() throws IOException, InterruptedException {
            int timeout = (int) options.connectTimeout().toMillis();
            socket.connect(new InetSocketAddress(url.host(), url.port()), timeout);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(timeout);
            handshake();
            // from here on the reader thread owns the input; short timeouts let it check for stalls
            socket.setSoTimeout(1000);
            writer = new ChunkWriter(new BufferedOutputStream(socket.getOutputStream(), 64 * 1024));
            reader = new ChunkReader(new StallCheckingInput(socket.getInputStream()));
            readerThread = Thread.ofVirtual().name("rtmp-reader").start(this::readLoop);

            byte[] size = ByteBuffer.allocate(4).putInt(options.chunkSize()).array();
            writeLock.lock();
            try {
                write(CSID_CONTROL, new RtmpMessage(RtmpMessage.SET_CHUNK_SIZE, 0, 0, size));
                writer.chunkSize(options.chunkSize());
            } finally {
                writeLock.unlock();
            }
            command(0, "connect", 1, Map.of(
                    "app", url.app(),
                    "type", "nonprivate",
                    "flashVer", "FMLE/3.0 (compatible; PaperRadio)",
                    "tcUrl", url.tcUrl()));
            awaitResult(1, "connect");
            command(0, "releaseStream", 2, null, url.streamKey());
            command(0, "FCPublish", 3, null, url.streamKey());
            command(0, "createStream", 4, (Object) null);
            List<Object> created = awaitResult(4, "createStream");
            if (created.size() < 4 || !(created.get(3) instanceof Double id)) {
                throw new IOException("createStream answer without a stream id");
            }
            streamId = id.intValue();
            command(streamId, "publish", 5, null, url.streamKey(), "live");
            awaitPublishStart();
            publishing = true;
        }

        /** Sends until closed, failed (throws) or the session is over (returns true). */
        boolean pump() throws IOException, InterruptedException {
            Instant started = clock.instant();
            List<FlvTag> initial = queue.latestConfig();
            for (FlvTag t : initial) {
                sendTag(t, 0);
            }
            boolean needKeyframe = true;
            long base = -1;
            long lastAudio = 0;
            long lastVideo = 0;
            while (!closed) {
                IOException f = failure;
                if (f != null) {
                    throw f;
                }
                if (Duration.between(started, clock.instant()).compareTo(options.maxSession()) >= 0) {
                    return true;
                }
                FlvTag t = queue.poll(200);
                if (t == null) {
                    continue;
                }
                if (t.isConfig()) {
                    if (!initial.contains(t)) { // still queued copies of what was just sent need not go twice
                        sendTag(t, lastVideo);
                    }
                    continue;
                }
                boolean video = t.type() == FlvTag.Type.VIDEO;
                if (video && needKeyframe) {
                    if (!t.isKeyframe()) {
                        continue; // the decoder has nothing to predict from yet
                    }
                    needKeyframe = false;
                }
                if (base < 0) {
                    base = t.timestampMs();
                }
                long ts = Math.max(0, t.timestampMs() - base);
                if (video) {
                    ts = lastVideo = Math.max(ts, lastVideo);
                } else {
                    ts = lastAudio = Math.max(ts, lastAudio);
                }
                sendTag(t, ts);
            }
            return false;
        }

        /** Ends the stream politely when publishing, then closes. */
        void end() {
            if (publishing && failure == null && socket.isConnected() && !socket.isClosed()) {
                try {
                    command(0, "FCUnpublish", 6, null, url.streamKey());
                    command(0, "deleteStream", 7, null, streamId);
                } catch (IOException | RuntimeException e) {
                    log.debug("could not end the stream politely: {}", url.redact(e.getMessage()));
                }
            }
            abort();
            Thread r = readerThread;
            if (r != null) {
                try {
                    r.join(Duration.ofSeconds(2));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        void abort() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }

        private void sendTag(FlvTag t, long ts) throws IOException {
            switch (t.type()) {
                case AUDIO -> write(CSID_AUDIO, new RtmpMessage(RtmpMessage.AUDIO, streamId, ts, t.body()));
                case VIDEO -> write(CSID_VIDEO, new RtmpMessage(RtmpMessage.VIDEO, streamId, ts, t.body()));
                case SCRIPT -> {
                    // RTMP form of metadata: "@setDataFrame" before the FLV script body
                    byte[] prefix = Amf0.encode("@setDataFrame");
                    byte[] body = new byte[prefix.length + t.body().length];
                    System.arraycopy(prefix, 0, body, 0, prefix.length);
                    System.arraycopy(t.body(), 0, body, prefix.length, t.body().length);
                    write(CSID_DATA, new RtmpMessage(RtmpMessage.DATA_AMF0, streamId, 0, body));
                }
            }
        }

        private void command(int msgStream, String name, int txn, Object... args) throws IOException {
            Object[] values = new Object[args.length + 2];
            values[0] = name;
            values[1] = txn;
            System.arraycopy(args, 0, values, 2, args.length);
            write(CSID_COMMAND, new RtmpMessage(RtmpMessage.COMMAND_AMF0, msgStream, 0, Amf0.encode(values)));
        }

        private void write(int csid, RtmpMessage m) throws IOException {
            writeLock.lock();
            try {
                writeStartedMs = clock.millis();
                writer.write(csid, m);
            } finally {
                writeStartedMs = 0;
                writeLock.unlock();
            }
        }

        private List<Object> awaitResult(int txn, String what) throws IOException, InterruptedException {
            while (true) {
                List<Object> c = nextCommand(what);
                if (c.size() >= 2 && c.get(1) instanceof Double t && t == txn) {
                    if ("_result".equals(c.get(0))) {
                        return c;
                    }
                    if ("_error".equals(c.get(0))) {
                        throw new IOException(what + " refused: " + statusCode(c));
                    }
                }
            }
        }

        private void awaitPublishStart() throws IOException, InterruptedException {
            while (true) {
                List<Object> c = nextCommand("publish");
                if ("onStatus".equals(c.get(0))) {
                    String code = statusCode(c);
                    if ("NetStream.Publish.Start".equals(code)) {
                        return;
                    }
                    if ("error".equals(statusField(c, "level"))) {
                        throw new IOException("publish refused: " + code);
                    }
                } else if ("_error".equals(c.get(0))) {
                    throw new IOException("publish refused: " + statusCode(c));
                }
            }
        }

        private List<Object> nextCommand(String what) throws IOException, InterruptedException {
            long deadline = clock.millis() + options.connectTimeout().toMillis();
            while (true) {
                IOException f = failure;
                if (f != null) {
                    throw f;
                }
                List<Object> c = commands.poll(100, TimeUnit.MILLISECONDS);
                if (c != null && !c.isEmpty() && c.get(0) instanceof String) {
                    return c;
                }
                if (closed) {
                    throw new IOException("closed");
                }
                if (clock.millis() > deadline) {
                    throw new IOException("no answer to " + what + " within " + options.connectTimeout());
                }
            }
        }

        private String statusField(List<Object> c, String field) {
            for (int i = c.size() - 1; i >= 2; i--) {
                if (c.get(i) instanceof Map<?, ?> m && m.get(field) != null) {
                    return url.redact(String.valueOf(m.get(field)));
                }
            }
            return null;
        }

        private String statusCode(List<Object> c) {
            String code = statusField(c, "code");
            return code != null ? code : "(no code)";
        }

        private void handshake() throws IOException {
            var out = socket.getOutputStream();
            var in = socket.getInputStream();
            byte[] c0c1 = new byte[1 + HANDSHAKE_SIZE];
            c0c1[0] = 3;
            ThreadLocalRandom.current().nextBytes(c0c1);
            c0c1[0] = 3;
            // time 0 and zero field: the simple (unsigned) handshake, which nginx and Twitch accept
            for (int i = 1; i < 9; i++) {
                c0c1[i] = 0;
            }
            out.write(c0c1);
            out.flush();
            byte[] s0s1 = in.readNBytes(1 + HANDSHAKE_SIZE);
            if (s0s1.length < 1 + HANDSHAKE_SIZE) {
                throw new IOException("handshake cut short by server");
            }
            if (s0s1[0] != 3) {
                throw new IOException("server speaks RTMP version " + (s0s1[0] & 0xFF));
            }
            byte[] c2 = java.util.Arrays.copyOfRange(s0s1, 1, 1 + HANDSHAKE_SIZE); // echo S1
            out.write(c2);
            out.flush();
            byte[] s2 = in.readNBytes(HANDSHAKE_SIZE);
            if (s2.length < HANDSHAKE_SIZE) {
                throw new IOException("handshake cut short by server");
            }
        }

        private void readLoop() {
            try {
                while (true) {
                    RtmpMessage m = reader.read();
                    handle(m);
                    long read = reader.bytesRead();
                    if (ackWindow > 0 && read - lastAck >= ackWindow) {
                        lastAck = read;
                        write(CSID_CONTROL, new RtmpMessage(RtmpMessage.ACK, 0, 0,
                                ByteBuffer.allocate(4).putInt((int) read).array()));
                    }
                }
            } catch (IOException | RuntimeException e) {
                if (failure == null) {
                    failure = e instanceof IOException io ? io
                            : new IOException("bad data from server: " + url.redact(e.getMessage()));
                }
                abort();
            }
        }

        private void handle(RtmpMessage m) throws IOException {
            ByteBuffer p = ByteBuffer.wrap(m.payload());
            switch (m.typeId()) {
                case RtmpMessage.SET_CHUNK_SIZE -> reader.chunkSize(p.getInt() & 0x7FFFFFFF);
                case RtmpMessage.ABORT -> reader.abort(p.getInt());
                case RtmpMessage.WINDOW_ACK_SIZE -> ackWindow = p.getInt() & 0xFFFFFFFFL;
                case RtmpMessage.SET_PEER_BANDWIDTH -> {
                    long bw = p.getInt() & 0xFFFFFFFFL;
                    if (bw != peerBandwidth) {
                        peerBandwidth = bw; // answer with our window, as other encoders do
                        write(CSID_CONTROL, new RtmpMessage(RtmpMessage.WINDOW_ACK_SIZE, 0, 0,
                                ByteBuffer.allocate(4).putInt((int) bw).array()));
                    }
                }
                case RtmpMessage.USER_CONTROL -> {
                    if (m.payload().length >= 6 && p.getShort() == 6) { // ping request -> ping response
                        byte[] pong = {0, 7, m.payload()[2], m.payload()[3], m.payload()[4], m.payload()[5]};
                        write(CSID_CONTROL, new RtmpMessage(RtmpMessage.USER_CONTROL, 0, 0, pong));
                    }
                }
                case RtmpMessage.COMMAND_AMF0 -> {
                    List<Object> c = Amf0.decodeAll(m.payload());
                    if (publishing && !c.isEmpty() && "onStatus".equals(c.get(0))
                            && "error".equals(statusField(c, "level"))) {
                        throw new IOException("server stopped the stream: " + statusCode(c));
                    }
                    if (!commands.offer(c)) {
                        log.debug("dropping unexpected command from server");
                    }
                }
                default -> {
                    // acks from the server, data messages and the like need no answer
                }
            }
        }

        /** Turns read timeouts into stall checks so the reader state is never cut mid-chunk. */
        private final class StallCheckingInput extends FilterInputStream {
            StallCheckingInput(InputStream in) {
                super(in);
            }

            @Override
            public int read() throws IOException {
                byte[] b = new byte[1];
                int n = read(b, 0, 1);
                return n < 0 ? -1 : b[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                while (true) {
                    try {
                        return super.read(b, off, len);
                    } catch (SocketTimeoutException e) {
                        long started = writeStartedMs;
                        if (started != 0 && clock.millis() - started > options.writeStallTimeout().toMillis()) {
                            throw new IOException("write stalled for over " + options.writeStallTimeout());
                        }
                    }
                }
            }
        }
    }
}
