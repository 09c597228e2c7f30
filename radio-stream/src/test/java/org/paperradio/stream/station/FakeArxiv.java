package org.paperradio.stream.station;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.License;
import org.paperradio.core.paper.PaperMeta;
import org.paperradio.ingest.testing.TestFeeds;
import org.paperradio.stream.testing.FeedFault;

/**
 * A small arXiv on loopback for end-to-end runs: the API ({@code /api/query}, Atom), OAI-PMH
 * ({@code /oai}, licenses) and PDFs ({@code /pdf/<id>}), speaking real HTTP. It counts every
 * request per path, so a test can prove that nothing was downloaded twice.
 */
public final class FakeArxiv implements AutoCloseable {

    /** What one PDF URL answers. */
    public record Pdf(byte[] bytes, String contentType) {
    }

    private final HttpServer server;
    private final List<PaperMeta> papers = new ArrayList<>();
    private final Map<ArxivId, License> licenses = new ConcurrentHashMap<>();
    private final Map<String, Pdf> pdfs = new ConcurrentHashMap<>();
    private final Queue<String> feedOverrides = new ConcurrentLinkedQueue<>();
    private final Queue<FeedFault> feedFaults = new ConcurrentLinkedQueue<>();
    private volatile Duration hang = Duration.ofSeconds(15);
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

    public FakeArxiv() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /** Serves a paper in the feed, its PDF answer and its license. */
    public synchronized FakeArxiv add(PaperMeta meta, Pdf pdf, License license) {
        papers.add(meta);
        pdfs.put(meta.id().toString(), pdf);
        licenses.put(meta.id(), license);
        return this;
    }

    /** The next feed request gets this body instead of the real feed (once). */
    public FakeArxiv answerFeedOnceWith(String body) {
        feedOverrides.add(body);
        return this;
    }

    /**
     * The next feed requests answer with these faults, one request each, in order; then the feed
     * answers well again. A hang lasts {@link #hangFor}; 429 asks to retry after one second; the
     * XXE payload's external entity points at {@link #XXE_EXTERNAL} here (see {@link #hits}).
     */
    public FakeArxiv failFeed(FeedFault... faults) {
        feedFaults.addAll(List.of(faults));
        return this;
    }

    /** How long a {@link FeedFault#HANG} stalls (15 s unless set). */
    public FakeArxiv hangFor(Duration d) {
        hang = d;
        return this;
    }

    /** Feed faults not served yet. */
    public int pendingFeedFaults() {
        return feedFaults.size();
    }

    /** The path the XXE payload asks the parser to fetch: must never be hit. */
    public static final String XXE_EXTERNAL = "/xxe-external";

    public int hits(String path) {
        AtomicInteger n = hits.get(path);
        return n == null ? 0 : n.get();
    }

    public static String pdfPath(ArxivId id) {
        return "/pdf/" + id;
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        try (ex) {
            if (path.equals("/api/query")) {
                String override = feedOverrides.poll();
                String body;
                synchronized (this) {
                    body = override != null ? override : TestFeeds.atom(List.copyOf(papers), base());
                }
                FeedFault fault = override == null ? feedFaults.poll() : null;
                if (fault != null) {
                    try {
                        fault.answer(ex, body, hang, 1, base().resolve(XXE_EXTERNAL.substring(1)).toString());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (IOException e) {
                        // a cut-off body on purpose, or the client gave up on a hang
                    }
                    return;
                }
                send(ex, 200, "application/atom+xml; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
            } else if (path.equals("/oai")) {
                String query = ex.getRequestURI().getQuery();
                String id = query == null ? "" : query.replaceAll(".*identifier=oai:arXiv.org:([^&]+).*", "$1");
                PaperMeta meta = findByBase(id);
                String body = meta == null ? TestFeeds.oaiNoRecord(ArxivId.parse("0000.00000"))
                        : TestFeeds.oaiGetRecord(meta, licenses.get(meta.id()));
                send(ex, 200, "text/xml; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
            } else if (path.startsWith("/pdf/") && pdfs.containsKey(path.substring(5))) {
                Pdf pdf = pdfs.get(path.substring(5));
                send(ex, 200, pdf.contentType(), pdf.bytes());
            } else {
                send(ex, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private synchronized PaperMeta findByBase(String base) {
        return papers.stream().filter(p -> p.id().base().equals(base)).findFirst().orElse(null);
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        FeedFault.send(ex, status, type, body);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
