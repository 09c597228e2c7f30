package org.paperradio.ingest.arxiv;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import okhttp3.Call;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import org.paperradio.core.config.StationConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP client for everything the station asks arXiv. arXiv asks robots for a
 * descriptive User-Agent, one connection at a time and at most one request every few seconds,
 * and answers 429 or 503 with Retry-After when pressed; this class keeps to all of that for
 * every caller at once (the limits are shared by all threads: a call holds the one connection
 * permit from its request until its body is read, so a long PDF download and a feed poll never
 * overlap), retries transient failures a bounded number of times, and never reads more of a
 * body than the caller allows.
 *
 * <p>Errors: {@link UnacceptableResponseException} (wrong content type, 404/410, too large)
 * means asking again will not help; any other {@link IOException} means it might, later.
 */
public final class ArxivHttp implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ArxivHttp.class);

    /**
     * How the client behaves.
     *
     * @param userAgent          sent with every request
     * @param minInterval        least time between the starts of two requests (retries included)
     * @param timeout            connect/read timeout and the call timeout of {@link #get}
     * @param maxAttempts        tries per request, the first included
     * @param backoff            wait after the first transient failure, doubled for each next one
     * @param maxBackoff         cap on that wait
     * @param maxRetryAfter      longest Retry-After a call will sit out; longer fails the call (while
     *                           still holding back every other caller for the time asked)
     * @param clock              to read Retry-After dates against
     */
    public record Settings(String userAgent, Duration minInterval, Duration timeout, int maxAttempts,
                           Duration backoff, Duration maxBackoff, Duration maxRetryAfter, Clock clock) {
        public Settings {
            Objects.requireNonNull(userAgent, "userAgent");
            if (userAgent.isBlank()) {
                throw new IllegalArgumentException("a User-Agent is required by arXiv's robot policy");
            }
            if (minInterval.isNegative() || timeout.isNegative() || timeout.isZero() || backoff.isNegative()
                    || maxBackoff.compareTo(backoff) < 0 || maxRetryAfter.isNegative()) {
                throw new IllegalArgumentException("bad HTTP settings: " + minInterval + ", " + timeout + ", "
                        + backoff + ", " + maxBackoff + ", " + maxRetryAfter);
            }
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1");
            }
            Objects.requireNonNull(clock, "clock");
        }

        /** The station's settings: 4 tries, backoff 2 s up to 60 s, Retry-After up to 5 minutes. */
        public static Settings of(StationConfig.Arxiv arxiv) {
            return new Settings(arxiv.userAgent(), arxiv.minRequestInterval(), arxiv.timeout(), 4,
                    Duration.ofSeconds(2), Duration.ofSeconds(60), Duration.ofMinutes(5), Clock.systemUTC());
        }
    }

    /** What a download wrote. */
    public record Download(long bytes, String contentType) {
    }

    private final Settings settings;
    private final OkHttpClient client;
    /** The one connection arXiv allows: held from a request's start until its body is read. Fair: first come, first served. */
    private final Semaphore connection = new Semaphore(1, true);
    /**
     * System.nanoTime() before which no request may start. Guarded by {@link #connection} (its
     * release and acquire order the accesses of different threads).
     */
    private long nextStart = System.nanoTime();
    /** Tries that failed since start, by {@link #kind(int) kind}: for the station's metrics. */
    private final Map<String, LongAdder> failedTries = new ConcurrentHashMap<>();

    public ArxivHttp(Settings settings) {
        this.settings = settings;
        String userAgent = settings.userAgent();
        this.client = new OkHttpClient.Builder()
                .connectTimeout(settings.timeout())
                .readTimeout(settings.timeout())
                .writeTimeout(settings.timeout())
                .retryOnConnectionFailure(false) // retries are ours, so they count against the rate limit
                .followSslRedirects(false) // never from https down to http (nor up: arXiv does not need it)
                .addInterceptor(chain -> chain.proceed(
                        chain.request().newBuilder().header("User-Agent", userAgent).build()))
                .build();
    }

    public ArxivHttp(StationConfig.Arxiv arxiv) {
        this(Settings.of(arxiv));
    }

    public Settings settings() {
        return settings;
    }

    /**
     * Requests that failed since start, every try counted, by kind: {@code http_<status>},
     * {@code timeout}, {@code network}, {@code too_large}, {@code wrong_type}. A try retried and
     * then answered counts too: the figure shows how arXiv treats the station, not only what was lost.
     */
    public Map<String, Long> failedTries() {
        Map<String, Long> out = new TreeMap<>();
        failedTries.forEach((kind, n) -> out.put(kind, n.sum()));
        return out;
    }

    private void countFailure(String kind) {
        failedTries.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    /** GETs {@code url} and returns its body, refusing bodies larger than {@code maxBytes}. */
    public byte[] get(HttpUrl url, long maxBytes) throws IOException {
        return execute(url, settings.timeout(), response -> readCapped(response.body(), maxBytes, url));
    }

    /**
     * GETs {@code url} and streams its body into {@code file} (created or truncated), stopping as
     * soon as it exceeds {@code maxBytes}. {@code acceptedTypes} lists media types
     * ("application/pdf") that may be answered; another type is refused before any byte is read,
     * a missing Content-Type is let through. The whole call, body included, must finish within
     * {@code callTimeout} (waiting for the connection permit not counted). On failure the file may
     * hold part of a body: write it to a temporary name (see {@code AtomicFiles}).
     */
    public Download download(HttpUrl url, Path file, long maxBytes, Duration callTimeout, Set<String> acceptedTypes)
            throws IOException {
        return execute(url, callTimeout, response -> {
            ResponseBody body = response.body();
            MediaType type = body.contentType();
            String typeName = type == null ? "" : (type.type() + "/" + type.subtype()).toLowerCase(Locale.ROOT);
            if (type != null && !acceptedTypes.isEmpty() && !acceptedTypes.contains(typeName)) {
                throw new UnacceptableResponseException("server answered " + typeName + " instead of "
                        + String.join(" or ", acceptedTypes.stream().sorted().toList()) + " for " + redacted(url));
            }
            checkDeclaredLength(body, maxBytes, url);
            long total = 0;
            try (BufferedSource in = body.source(); OutputStream out = Files.newOutputStream(file)) {
                byte[] chunk = new byte[64 * 1024];
                int n;
                while ((n = in.read(chunk)) != -1) {
                    total += n;
                    if (total > maxBytes) {
                        throw tooLarge(maxBytes, url);
                    }
                    out.write(chunk, 0, n);
                }
            }
            return new Download(total, typeName);
        });
    }

    /** A status that this call will not retry (it may still succeed later: not an Unacceptable). */
    private static final class FinalStatusException extends IOException {
        FinalStatusException(String message) {
            super(message);
        }
    }

    @FunctionalInterface
    private interface Handler<T> {
        T handle(Response successful) throws IOException;
    }

    /**
     * One request with the house rules: waits its turn, retries 429/503 after Retry-After and
     * other 5xx, 408 and network failures with exponential backoff, up to maxAttempts.
     */
    private <T> T execute(HttpUrl url, Duration callTimeout, Handler<T> handler) throws IOException {
        Request request = new Request.Builder().url(url).get().build();
        IOException last = null;
        for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
            acquireConnection();
            Duration wait;
            try (Response response = start(request, callTimeout)) {
                int code = response.code();
                if (response.isSuccessful()) {
                    try {
                        return handler.handle(response);
                    } catch (ResponseTooLargeException e) {
                        countFailure("too_large");
                        throw e;
                    } catch (UnacceptableResponseException e) {
                        countFailure("wrong_type");
                        throw e;
                    }
                }
                countFailure("http_" + code);
                if (code == 404 || code == 410) {
                    throw new UnacceptableResponseException("HTTP " + code + " for " + redacted(url));
                }
                if (code != 408 && code != 429 && code < 500) {
                    throw new FinalStatusException("HTTP " + code + " for " + redacted(url));
                }
                last = new IOException("HTTP " + code + " for " + redacted(url));
                Optional<Duration> retryAfter = (code == 429 || code == 503)
                        ? retryAfter(response.headers(), settings.clock().instant())
                        : Optional.empty();
                if (retryAfter.isPresent()) {
                    wait = retryAfter.get();
                    // Retry-After speaks for the whole site: hold back every caller, not only this one,
                    // also when this call gives up rather than wait that long
                    holdAll(wait);
                    if (wait.compareTo(settings.maxRetryAfter()) > 0) {
                        // sitting out minutes is the kernel's backoff's job, not this call's
                        throw new FinalStatusException("HTTP " + code + " for " + redacted(url) + " asks to wait "
                                + wait.toSeconds() + " s, more than the " + settings.maxRetryAfter().toSeconds()
                                + " s this client sits out");
                    }
                } else {
                    wait = backoff(attempt);
                }
            } catch (UnacceptableResponseException | FinalStatusException e) {
                throw e;
            } catch (InterruptedIOException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                last = e; // a timeout: transient
                countFailure("timeout");
                wait = backoff(attempt);
            } catch (IOException e) {
                last = e;
                countFailure("network");
                wait = backoff(attempt);
            } finally {
                connection.release();
            }
            if (attempt < settings.maxAttempts()) {
                log.info("arXiv request {} failed (try {} of {}): {}; next try in {} ms", redacted(url), attempt,
                        settings.maxAttempts(), last.getMessage(), wait.toMillis());
                sleep(wait);
            }
        }
        throw new IOException("gave up on " + redacted(url) + " after " + settings.maxAttempts() + " tries: "
                + last.getMessage(), last);
    }

    /**
     * Takes the connection permit, then waits out the rate limit while holding it: the permit
     * queue is fair, so callers go in the order they came. The caller releases it.
     */
    private void acquireConnection() throws InterruptedIOException {
        try {
            connection.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to ask arXiv");
        }
        long waitNanos = nextStart - System.nanoTime();
        if (waitNanos > 0) {
            try {
                sleep(Duration.ofNanos(waitNanos));
            } catch (InterruptedIOException e) {
                connection.release();
                throw e;
            }
        }
        nextStart = System.nanoTime() + settings.minInterval().toNanos();
    }

    /** Starts {@code request}; the call timeout covers reading the body too. Needs the permit. */
    private Response start(Request request, Duration callTimeout) throws IOException {
        Call call = client.newCall(request);
        call.timeout().timeout(callTimeout.toNanos(), TimeUnit.NANOSECONDS);
        return call.execute();
    }

    /** No request of any caller starts before {@code wait} from now. Needs the permit. */
    private void holdAll(Duration wait) {
        nextStart = Math.max(nextStart, System.nanoTime() + wait.toNanos());
    }

    private Duration backoff(int attempt) {
        Duration d = settings.backoff().multipliedBy(1L << Math.min(attempt - 1, 20));
        return d.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : d;
    }

    private static void sleep(Duration d) throws InterruptedIOException {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to ask arXiv");
        }
    }

    /**
     * Retry-After as a wait from {@code now}: either delta-seconds or an HTTP date. Empty when
     * absent or unreadable; a date in the past means no wait.
     */
    static Optional<Duration> retryAfter(Headers headers, Instant now) {
        String value = headers.get("Retry-After");
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.strip();
        if (v.matches("\\d{1,9}")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
        }
        Instant date = headers.getInstant("Retry-After");
        if (date == null) {
            return Optional.empty();
        }
        Duration d = Duration.between(now, date);
        return Optional.of(d.isNegative() ? Duration.ZERO : d);
    }

    private static byte[] readCapped(ResponseBody body, long maxBytes, HttpUrl url) throws IOException {
        checkDeclaredLength(body, maxBytes, url);
        BufferedSource in = body.source();
        Buffer buffer = new Buffer();
        long total = 0;
        long n;
        while ((n = in.read(buffer, 64 * 1024)) != -1) {
            total += n;
            if (total > maxBytes) {
                throw tooLarge(maxBytes, url);
            }
        }
        return buffer.readByteArray();
    }

    private static void checkDeclaredLength(ResponseBody body, long maxBytes, HttpUrl url)
            throws ResponseTooLargeException {
        long declared = body.contentLength();
        if (declared > maxBytes) {
            throw new ResponseTooLargeException("answer of " + declared + " bytes from " + redacted(url)
                    + " is larger than the limit of " + maxBytes + " bytes", maxBytes);
        }
    }

    private static ResponseTooLargeException tooLarge(long maxBytes, HttpUrl url) {
        return new ResponseTooLargeException("answer from " + redacted(url) + " is larger than the limit of "
                + maxBytes + " bytes", maxBytes);
    }

    /** The URL for logs and messages, without query values that could be long or sensitive. */
    private static String redacted(HttpUrl url) {
        return url.scheme() + "://" + url.host() + (url.port() == HttpUrl.defaultPort(url.scheme()) ? "" : ":" + url.port())
                + url.encodedPath() + (url.querySize() > 0 ? "?…" : "");
    }

    /** Releases the connection pool and dispatcher threads. */
    @Override
    public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }
}
