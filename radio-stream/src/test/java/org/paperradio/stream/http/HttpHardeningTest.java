package org.paperradio.stream.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.paperradio.stream.http.FullWebServer.AIRED;
import static org.paperradio.stream.http.FullWebServer.OPEN;
import static org.paperradio.stream.http.FullWebServer.SHOW;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperradio.stream.http.FullWebServer.Answer;

/**
 * The web server's limits and headers against hostile clients, through the whole server on
 * loopback: bodies far larger than any route takes (and a Content-Length that lies), header
 * floods, cross-origin requests (no CORS grant except the feeds' read-only one, no cross-site
 * vote or request), and the pages' security headers.
 */
class HttpHardeningTest {

    private static final String EVIL = "https://evil.example";
    /** Time to refuse a request; a server that reads a 10 MB body or waits for a missing one takes longer or forever. */
    private static final Duration QUICK = Duration.ofSeconds(3);

    @TempDir
    static Path root;

    private static FullWebServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new FullWebServer(root);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static Answer raw(String method, String target, String... headers) throws IOException {
        return FullWebServer.raw(server.port(), method, target, headers);
    }

    /** A vote, a request and the admin reload: the routes that take POST (none of which takes a body). */
    private static List<String> postRoutes() {
        return List.of("/api/papers/" + OPEN + "/vote", "/api/papers/" + OPEN + "/request", "/api/config/reload");
    }

    // --- bodies ---

    /**
     * What a server answered while the client was still sending: status and headers as soon as
     * they come (not waiting for the connection to close), and how many body bytes the client
     * got out before the server stopped taking them.
     */
    private record Upload(int status, String headers, long bytesSent, boolean sentAll, Duration answeredAfter) {
    }

    /**
     * Sends {@code head} then {@code bodyBytes} of body from another thread (stopping at the first
     * write error), and reads the answer's head with a timeout.
     */
    private static Upload upload(String head, long bodyBytes, boolean thenStall) throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
            socket.setSoTimeout((int) QUICK.toMillis());
            socket.setSendBufferSize(64 * 1024);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            AtomicLong sent = new AtomicLong();
            long start = System.nanoTime();
            CompletableFuture<Boolean> writer = CompletableFuture.supplyAsync(() -> {
                byte[] chunk = new byte[16 * 1024];
                Arrays.fill(chunk, (byte) 'a');
                try {
                    while (sent.get() < bodyBytes) {
                        int n = (int) Math.min(chunk.length, bodyBytes - sent.get());
                        out.write(chunk, 0, n);
                        sent.addAndGet(n);
                    }
                    out.flush();
                    return true;
                } catch (IOException e) {
                    return false; // the server closed or reset: it stopped reading
                }
            });
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            int status = -1;
            try {
                int b;
                while ((b = in.read()) >= 0) {
                    got.write(b);
                    if (got.size() >= 4 && got.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                        break;
                    }
                }
            } catch (SocketTimeoutException | SocketException e) {
                // no answer in time, or a reset before one
            }
            Duration after = Duration.ofNanos(System.nanoTime() - start);
            String text = got.toString(StandardCharsets.ISO_8859_1);
            if (text.startsWith("HTTP/1.")) {
                status = Integer.parseInt(text.substring(9, 12));
            }
            if (thenStall) {
                socket.close(); // ends the writer too
            }
            Boolean all;
            try {
                all = writer.get(QUICK.toMillis() * 2, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                socket.close();
                all = writer.get(5, TimeUnit.SECONDS);
            }
            return new Upload(status, text, sent.get(), all, after);
        }
    }

    private static String postHead(String route, String lengthHeaders) {
        return "POST " + route + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + "Authorization: Bearer " + FullWebServer.ADMIN_TOKEN + "\r\n" + lengthHeaders + "Connection: close\r\n\r\n";
    }

    @Test
    void aHugeBodyIsRefusedWithoutBeingReadWhole() throws Exception {
        long size = 32L * 1024 * 1024;
        List<String> problems = new ArrayList<>();
        for (String route : postRoutes()) {
            Upload u = upload(postHead(route, "Content-Length: " + size + "\r\n"), size, false);
            if (u.status() < 400 || u.status() > 499) {
                problems.add(route + ": a " + size + " byte body got " + (u.status() < 0 ? "no answer" : u.status())
                        + " (want 413): " + u.headers().lines().findFirst().orElse(""));
            }
            if (u.sentAll()) {
                problems.add(route + ": the server took the whole " + size + " byte body");
            }
            if (u.answeredAfter().compareTo(QUICK) > 0) {
                problems.add(route + ": answered after " + u.answeredAfter());
            }
        }
        assertThat(problems).isEmpty();
        assertThat(raw("GET", "/api/now").status()).isEqualTo(200);
    }

    @Test
    void aContentLengthThatLiesIsRefusedQuickly() throws Exception {
        // says 10 MB, sends 100 bytes, then nothing: the server must answer (refuse) without waiting for the rest
        List<String> problems = new ArrayList<>();
        for (String route : postRoutes()) {
            Upload u = upload(postHead(route, "Content-Length: 10485760\r\n"), 100, true);
            if (u.status() < 400 || u.status() > 499) {
                problems.add(route + ": Content-Length 10485760 with 100 bytes sent got "
                        + (u.status() < 0 ? "no answer within " + QUICK : String.valueOf(u.status())) + " (want 413)");
            }
        }
        assertThat(problems).isEmpty();
        assertThat(raw("GET", "/api/now").status()).isEqualTo(200);
    }

    @Test
    void aHugeChunkedBodyIsRefused() throws Exception {
        // a chunked body has no Content-Length to check up front: one 32 MB chunk announced in hex
        List<String> problems = new ArrayList<>();
        for (String route : postRoutes()) {
            long size = 32L * 1024 * 1024;
            Upload u = upload(postHead(route, "Transfer-Encoding: chunked\r\n") + Long.toHexString(size) + "\r\n", size,
                    false);
            if (u.status() < 400 || u.status() > 499) {
                problems.add(route + ": a " + size + " byte chunk got " + (u.status() < 0 ? "no answer" : u.status())
                        + " (want 413)");
            }
            if (u.sentAll()) {
                problems.add(route + ": the server took the whole chunk");
            }
        }
        assertThat(problems).isEmpty();
        assertThat(raw("GET", "/api/now").status()).isEqualTo(200);
    }

    @Test
    void malformedAndConflictingLengthsAreRefused() throws Exception {
        // request smuggling shapes: a proxy and this server must never disagree on where a request ends
        List<String> problems = new ArrayList<>();
        String route = "/api/papers/" + OPEN + "/request";
        for (String lengths : List.of("Content-Length: -1\r\n", "Content-Length: 99999999999999999999999\r\n",
                "Content-Length: abc\r\n", "Content-Length: 5\r\nContent-Length: 50\r\n",
                "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n", "Transfer-Encoding: gzip, chunked\r\n")) {
            Upload u = upload(postHead(route, lengths), 5, true);
            // 501 is the RFC's answer to a transfer coding the server does not know (gzip here)
            if ((u.status() < 400 || u.status() > 499) && u.status() != 501) {
                problems.add(lengths.strip().replace("\r\n", " + ") + " -> "
                        + (u.status() < 0 ? "no answer" : String.valueOf(u.status())) + " (want 400)");
            }
        }
        assertThat(problems).isEmpty();
        assertThat(raw("GET", "/api/now").status()).isEqualTo(200);
    }

    // --- headers ---

    @Test
    void aHeaderFloodIsRefusedQuickly() throws Exception {
        StringBuilder many = new StringBuilder("GET /api/now HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (int i = 0; i < 20_000; i++) {
            many.append("X-Flood-").append(i).append(": ").append("v".repeat(20)).append("\r\n");
        }
        String oneLong = "GET /api/now HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Long: " + "v".repeat(2 * 1024 * 1024) + "\r\n";
        String longCookie = "GET /api/now HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " + "pr_listener=x; ".repeat(100_000) + "\r\n";
        List<String> problems = new ArrayList<>();
        List<String> outcomes = new ArrayList<>();
        for (String request : List.of(many.toString(), oneLong, longCookie)) {
            long start = System.nanoTime();
            Answer a = FullWebServer.exchange(server.port(),
                    (request + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1), Duration.ofSeconds(5));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            String what = request.length() / 1024 + " KB of headers";
            outcomes.add(what + ": " + (a.status() < 0 ? "closed" : a.status()) + " in " + took.toMillis() + " ms");
            if (a.status() != -1 && (a.status() < 400 || a.status() > 499)) {
                problems.add(what + " got " + a.status() + " (want 431, or the connection closed)");
            }
            if (took.compareTo(QUICK) > 0) {
                problems.add(what + " took " + took);
            }
        }
        assertThat(problems).as(String.join("; ", outcomes)).isEmpty();
        assertThat(raw("GET", "/api/now").status()).isEqualTo(200);
    }

    // --- cross-origin ---

    @Test
    void theApisGrantNoCrossOriginAccess() throws Exception {
        List<String> problems = new ArrayList<>();
        List<String[]> requests = List.of(new String[] {"GET", "/api/now"}, new String[] {"GET", "/api/papers/" + OPEN},
                new String[] {"GET", "/api/search?q=paper"}, new String[] {"GET", "/api/shows"},
                new String[] {"GET", "/api/shows/" + SHOW}, new String[] {"GET", "/api/selection"},
                new String[] {"GET", "/api/schedule"}, new String[] {"GET", "/api/papers/" + OPEN + "/vote"},
                new String[] {"GET", "/"}, new String[] {"GET", "/paper/" + OPEN},
                new String[] {"GET", "/shows/" + SHOW + ".mp3"}, new String[] {"GET", "/papers/" + OPEN + "/page/1.png"},
                new String[] {"POST", "/api/papers/" + AIRED + "/vote"}, new String[] {"POST", "/api/papers/" + AIRED + "/request"},
                new String[] {"POST", "/api/config/reload"});
        for (String[] r : requests) {
            Answer a = raw(r[0], r[1], "Origin: " + EVIL, "Content-Length: 0");
            String allow = a.header("Access-Control-Allow-Origin");
            if (allow != null) {
                problems.add(r[0] + " " + r[1] + " grants Access-Control-Allow-Origin: " + allow);
            }
            if (a.header("Access-Control-Allow-Credentials") != null) {
                problems.add(r[0] + " " + r[1] + " sends Access-Control-Allow-Credentials");
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void noPreflightIsGrantedForThePostRoutes() throws Exception {
        List<String> problems = new ArrayList<>();
        List<String> targets = new ArrayList<>(postRoutes());
        targets.addAll(List.of("/feeds/daily.xml", "/shows/" + SHOW + ".vtt", "/papers/" + AIRED.folderName() + "/segment.mp3"));
        for (String target : targets) {
            Answer a = raw("OPTIONS", target, "Origin: " + EVIL, "Access-Control-Request-Method: POST",
                    "Access-Control-Request-Headers: content-type, authorization");
            String allowOrigin = a.header("Access-Control-Allow-Origin");
            String allowMethods = a.header("Access-Control-Allow-Methods");
            if (a.status() >= 200 && a.status() < 300 && allowOrigin != null) {
                problems.add("OPTIONS " + target + " -> " + a.status() + " allowing origin " + allowOrigin);
            }
            if (allowMethods != null && allowMethods.toUpperCase(Locale.ROOT).contains("POST")) {
                problems.add("OPTIONS " + target + " allows methods " + allowMethods);
            }
            if (a.header("Access-Control-Allow-Headers") != null) {
                problems.add("OPTIONS " + target + " allows headers " + a.header("Access-Control-Allow-Headers"));
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theFeedsAloneAreReadableFromAnyOriginAndOnlyWithGet() throws Exception {
        for (String target : List.of("/feeds/daily.xml", "/shows/" + SHOW + ".vtt", "/shows/" + SHOW + ".chapters.json",
                "/papers/" + AIRED.folderName() + "/segment.srt")) {
            Answer get = raw("GET", target, "Origin: " + EVIL);
            assertThat(get.status()).as(target).isEqualTo(200);
            assertThat(get.header("Access-Control-Allow-Origin")).as(target).isEqualTo("*");
            assertThat(get.header("Access-Control-Allow-Credentials")).as(target).isNull();
            Answer post = raw("POST", target, "Origin: " + EVIL, "Content-Length: 0");
            assertThat(post.status()).as("POST " + target).isBetween(400, 499);
            assertThat(post.header("Access-Control-Allow-Origin")).as("POST " + target).isNull();
        }
    }

    /**
     * A form on another site can POST to the station without a preflight (a "simple" request);
     * the browser hides the answer but the vote or request is still cast, from the visitor's
     * address, past the per-address rate limit of the attacker's own. The server should refuse a
     * state-changing POST whose Origin (or Referer) names another site.
     */
    @Test
    void aCrossSitePostCastsNoVoteAndNoRequest() throws Exception {
        List<String> problems = new ArrayList<>();
        for (String route : List.of("/api/papers/" + AIRED + "/vote", "/api/papers/" + AIRED + "/request")) {
            Answer a = raw("POST", route, "Origin: " + EVIL, "Content-Type: application/x-www-form-urlencoded",
                    "Content-Length: 0");
            if (a.status() != 403) {
                problems.add("POST " + route + " with Origin " + EVIL + " -> " + a.status() + " " + a.body().strip()
                        + " (want 403)");
            }
            Answer referer = raw("POST", route, "Referer: " + EVIL + "/page", "Content-Length: 0");
            if (referer.status() != 403) {
                problems.add("POST " + route + " with Referer " + EVIL + "/page -> " + referer.status() + " (want 403)");
            }
        }
        Answer vote = raw("GET", "/api/papers/" + AIRED + "/vote");
        assertThat(problems).as("cross-site POSTs that were acted on (votes now: %s)", vote.body().strip()).isEmpty();
        // the station's own page still votes: same origin, or no Origin at all (curl, older browsers)
        assertThat(raw("POST", "/api/papers/" + OPEN + "/vote", "Origin: http://127.0.0.1:" + server.port(),
                "Content-Length: 0").status()).isEqualTo(200);
    }

    // --- security headers ---

    @Test
    void thePagesCarrySecurityHeaders() throws Exception {
        List<String> problems = new ArrayList<>();
        for (String page : List.of("/", "/archive", "/paper/" + OPEN)) {
            Answer a = raw("GET", page);
            assertThat(a.status()).as(page).isEqualTo(200);
            assertThat(a.header("Content-Type")).as(page).startsWith("text/html");
            String csp = a.header("Content-Security-Policy");
            if (csp == null) {
                problems.add(page + ": no Content-Security-Policy");
            } else {
                if (!csp.contains("default-src") || !csp.contains("script-src 'self'")) {
                    problems.add(page + ": CSP without default-src and script-src 'self': " + csp);
                }
                if (csp.contains("unsafe-inline") || csp.contains("unsafe-eval") || csp.contains("*")) {
                    problems.add(page + ": CSP allows inline, eval or any source: " + csp);
                }
            }
            String frames = a.header("X-Frame-Options");
            if (!"DENY".equalsIgnoreCase(frames) && (csp == null || !csp.contains("frame-ancestors 'none'"))) {
                problems.add(page + ": may be framed (X-Frame-Options " + frames + ", no frame-ancestors 'none')");
            }
            if (!"nosniff".equalsIgnoreCase(a.header("X-Content-Type-Options"))) {
                problems.add(page + ": no X-Content-Type-Options: nosniff");
            }
            String referrer = a.header("Referrer-Policy");
            if (referrer == null || !List.of("no-referrer", "same-origin", "strict-origin",
                    "strict-origin-when-cross-origin").contains(referrer.toLowerCase(Locale.ROOT))) {
                problems.add(page + ": Referrer-Policy " + referrer);
            }
        }
        // every other answer at least must not be sniffed into HTML
        for (String target : List.of("/api/now", "/api/papers/" + OPEN, "/static/app.js", "/feeds/daily.xml",
                "/shows/" + SHOW + ".vtt", "/nope", "/api/papers/nope")) {
            if (!"nosniff".equalsIgnoreCase(raw("GET", target).header("X-Content-Type-Options"))) {
                problems.add(target + ": no X-Content-Type-Options: nosniff");
            }
        }
        assertThat(problems).isEmpty();
    }
}
