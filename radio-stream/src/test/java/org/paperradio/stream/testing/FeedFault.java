package org.paperradio.stream.testing;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The ways a test's arXiv API answers badly, each spoken over the real HTTP exchange: shared by
 * the station's fault tests ({@code FakeArxiv}) and the soak feed, so both inject the same faults.
 */
public enum FeedFault {
    /** 500 Internal Server Error. */
    SERVER_ERROR,
    /** 429 with Retry-After. */
    RATE_LIMITED,
    /** The answer comes only after the hang: longer than the client's timeout. */
    HANG,
    /** The whole body is promised, half is sent, the connection closes. */
    TRUNCATED,
    /** A feed far over any sane size (tens of MB of entries' padding). */
    HUGE,
    /** Not well-formed XML. */
    MALFORMED,
    /** A DOCTYPE pulling a local file and a URL into the entries through external entities. */
    XXE;

    /** Bytes of padding in a {@link #HUGE} answer: over the station's 32 MiB cap on a feed. */
    public static final int HUGE_BYTES = 40 * 1024 * 1024;

    /**
     * Answers {@code ex} with this fault. {@code goodFeed} is what a healthy server would have
     * sent (truncated, delayed or broken here); {@code hang} how long {@link #HANG} stalls;
     * {@code external} a URL the {@link #XXE} payload asks the parser to fetch (a test's own
     * server that records whether anything came). Throws after a deliberately cut-off body.
     */
    public void answer(HttpExchange ex, String goodFeed, Duration hang, int retryAfterSeconds, String external)
            throws IOException, InterruptedException {
        switch (this) {
            case SERVER_ERROR -> send(ex, 500, "text/plain", bytes("Internal Server Error"));
            case RATE_LIMITED -> {
                ex.getResponseHeaders().set("Retry-After", Integer.toString(retryAfterSeconds));
                send(ex, 429, "text/plain", bytes("Rate exceeded."));
            }
            case HANG -> {
                Thread.sleep(hang.toMillis());
                send(ex, 200, ATOM, bytes(goodFeed));
            }
            case TRUNCATED -> {
                byte[] body = bytes(goodFeed);
                ex.getResponseHeaders().set("Content-Type", ATOM);
                ex.sendResponseHeaders(200, body.length);
                OutputStream out = ex.getResponseBody();
                out.write(body, 0, body.length / 2);
                out.flush();
                throw new IOException("cut off on purpose");
            }
            case HUGE -> {
                // streamed (chunked, no length declared): the client must stop reading at its cap
                ex.getResponseHeaders().set("Content-Type", ATOM);
                ex.sendResponseHeaders(200, 0);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(bytes("<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>"));
                    byte[] pad = new byte[64 * 1024];
                    java.util.Arrays.fill(pad, (byte) 'x');
                    for (int sent = 0; sent < HUGE_BYTES; sent += pad.length) {
                        out.write(pad);
                    }
                    out.write(bytes("</title></feed>"));
                }
            }
            case MALFORMED -> send(ex, 200, ATOM,
                    bytes(goodFeed.substring(0, goodFeed.length() * 3 / 5) + "<entry><title>unclosed</summary></feed>"));
            case XXE -> send(ex, 200, ATOM, bytes(xxe(external)));
            default -> throw new IllegalStateException(toString());
        }
    }

    private static final String ATOM = "application/atom+xml; charset=utf-8";

    /** A feed whose entry pulls in a local file and {@code external} through external entities. */
    static String xxe(String external) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<!DOCTYPE feed [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">"
                + "<!ENTITY remote SYSTEM \"" + external + "\">]>\n"
                + "<feed xmlns=\"http://www.w3.org/2005/Atom\" xmlns:arxiv=\"http://arxiv.org/schemas/atom\">\n"
                + "  <id>https://arxiv.org/api/xxe</id>\n"
                + "  <entry>\n"
                + "    <id>http://arxiv.org/abs/2601.99999v1</id>\n"
                + "    <title>&xxe;</title>\n"
                + "    <summary>&remote;</summary>\n"
                + "    <published>2026-01-01T00:00:00Z</published>\n"
                + "    <updated>2026-01-01T00:00:00Z</updated>\n"
                + "    <author><name>Mallory</name></author>\n"
                + "    <category term=\"cs.AI\" scheme=\"http://arxiv.org/schemas/atom\"/>\n"
                + "  </entry>\n"
                + "</feed>\n";
    }

    /** Sends a whole answer; an empty body is sent without one (length -1). */
    public static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
