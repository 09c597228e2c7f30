package org.paperradio.stream.soak;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.paperradio.core.config.ConfigLoader;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.License;
import org.paperradio.core.paper.PaperMeta;
import org.paperradio.ingest.testing.TestFeeds;
import org.paperradio.ingest.testing.TestPapers;
import org.paperradio.ingest.testing.TestPdfs;
import org.paperradio.stream.testing.FeedFault;
import org.paperradio.stream.testing.PdfFault;

/**
 * The arXiv of a soak run (not a test; {@code scripts/soak} starts it): the API ({@code /api/query},
 * Atom, newest first), OAI-PMH ({@code /oai}) and PDFs ({@code /pdf/<id>}) on a fixed loopback
 * port, publishing a batch of new papers at a fixed pace and injecting faults at random (seeded).
 *
 * <p>API faults ({@link FeedFault}): 500, 429 with Retry-After, a hang longer than the station's
 * timeout, a body cut off mid-transfer, a huge body, malformed XML, an XXE payload (whose external
 * entity points back here: a fetch of it is counted). PDF faults ({@link PdfFault}, decided when a
 * paper is published): truncated, encrypted, HTML instead of PDF, empty. The counts are printed when it stops (SIGTERM).
 *
 * <p>It has its own server rather than {@code FakeArxiv} because it needs a fixed port, a feed that
 * grows over time and per-request faults, none of which the tests' fake needs.
 *
 * <p>Papers: the five {@link TestPapers} topics, reused round-robin under new ids and titles, so
 * there is no limit on how many can be published.
 *
 * <p>Usage: {@code SoakFeed --port P [--seed 1] [--initial 5] [--batch 3] [--every 90s]
 * [--api-faults 0.3] [--pdf-faults 0.25] [--hang 20s] [--retry-after 3]}.
 */
public final class SoakFeed implements AutoCloseable {

    private static final FeedFault[] API_FAULTS = FeedFault.values();
    private static final PdfFault[] PDF_FAULTS = PdfFault.values();
    /** Where the XXE payload's external entity points: a fetch of it would show in the report. */
    private static final String EXTERNAL = "/xxe-external";
    private static final String[] TITLE_PREFIXES = {
        "", "Revisiting ", "Scaling Up ", "A Second Look at ", "Towards ", "Simpler Baselines for ", "On "};
    /** The most entries one feed answer carries, whatever max_results asks. */
    private static final int MAX_RESULTS = 200;

    /** One published paper: its metadata (pdf link on this server), license and PDF fault if any. */
    private record Published(PaperMeta meta, License license, TestPapers.TestPaper source, PdfFault pdfFault) {
    }

    /** The knobs of a run. */
    record Options(int port, long seed, int initial, int batch, Duration every, double apiFaults, double pdfFaults,
            Duration hang, int retryAfterSeconds) {
    }

    private final Options options;
    private final Random random;
    private final HttpServer server;
    private final ScheduledExecutorService publisher;
    private final List<Published> papers = new ArrayList<>();
    private final Map<String, AtomicLong> faults = new LinkedHashMap<>();
    private final Map<String, AtomicLong> requests = new LinkedHashMap<>();
    private final AtomicLong brokenPublished = new AtomicLong();

    SoakFeed(Options options) throws IOException {
        this.options = options;
        this.random = new Random(options.seed());
        for (FeedFault f : API_FAULTS) {
            faults.put(name("api", f), new AtomicLong());
        }
        for (PdfFault f : PDF_FAULTS) {
            faults.put(name("pdf", f), new AtomicLong());
        }
        for (String k : List.of("api", "oai", "pdf", "xxe external", "other")) {
            requests.put(k, new AtomicLong());
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), options.port()), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        publisher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "soak-publisher");
            t.setDaemon(true);
            return t;
        });
    }

    void start() {
        publish(options.initial());
        server.start();
        long every = options.every().toMillis();
        publisher.scheduleAtFixedRate(() -> publish(options.batch()), every, every, TimeUnit.MILLISECONDS);
        say("serving on " + base() + ", " + options);
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /** Publishes {@code n} new papers, newest last; some get a broken PDF. */
    private synchronized void publish(int n) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int index = papers.size();
            TestPapers.TestPaper source = TestPapers.get(index % TestPapers.all().size());
            int round = index / TestPapers.all().size();
            ArxivId id = ArxivId.parse(String.format("2601.%05dv1", index + 1));
            String title = TITLE_PREFIXES[round % TITLE_PREFIXES.length] + source.meta().title()
                    + (round >= TITLE_PREFIXES.length ? " (" + (round / TITLE_PREFIXES.length + 1) + ")" : "");
            Instant published = now.plusMillis(i);
            PaperMeta meta = new PaperMeta(id, title, source.meta().authors(), source.meta().abstractText(),
                    source.meta().categories(), published, published, base().resolve("pdf/" + id), License.unknown());
            PdfFault pdfFault = random.nextDouble() < options.pdfFaults() ? PDF_FAULTS[random.nextInt(PDF_FAULTS.length)] : null;
            if (pdfFault != null) {
                brokenPublished.incrementAndGet();
            }
            papers.add(new Published(meta, source.license(), source, pdfFault));
            names.add(id + (pdfFault == null ? "" : "[" + pdfFault + "]"));
        }
        say("published " + n + " (" + papers.size() + " in all): " + String.join(" ", names));
    }

    private void handle(HttpExchange ex) {
        String path = ex.getRequestURI().getPath();
        try (ex) {
            if (path.equals("/api/query")) {
                requests.get("api").incrementAndGet();
                api(ex);
            } else if (path.equals("/oai")) {
                requests.get("oai").incrementAndGet();
                oai(ex);
            } else if (path.equals(EXTERNAL)) {
                requests.get("xxe external").incrementAndGet();
                send(ex, 200, "text/plain", bytes("an external entity was resolved"));
            } else if (path.startsWith("/pdf/")) {
                requests.get("pdf").incrementAndGet();
                pdf(ex, path.substring(5));
            } else {
                requests.get("other").incrementAndGet();
                send(ex, 404, "text/plain", bytes("not found"));
            }
        } catch (IOException | RuntimeException e) {
            // the client gave up (a hang outlasted its timeout) or a cut-off body: expected here
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void api(HttpExchange ex) throws IOException, InterruptedException {
        String feed = TestFeeds.atom(latest(maxResults(ex.getRequestURI().getRawQuery())));
        FeedFault fault = apiFault();
        if (fault == null) {
            send(ex, 200, "application/atom+xml; charset=utf-8", bytes(feed));
            return;
        }
        faults.get(name("api", fault)).incrementAndGet();
        say("api: " + fault);
        fault.answer(ex, feed, options.hang(), options.retryAfterSeconds(), base().resolve(EXTERNAL).toString());
    }

    private void oai(HttpExchange ex) throws IOException {
        String query = ex.getRequestURI().getQuery();
        String base = query == null ? "" : query.replaceAll(".*identifier=oai:arXiv.org:([^&]+).*", "$1");
        Published p = find(base);
        String body = p == null ? TestFeeds.oaiNoRecord(ArxivId.parse("0000.00000")) : TestFeeds.oaiGetRecord(p.meta(), p.license());
        send(ex, 200, "text/xml; charset=utf-8", bytes(body));
    }

    private void pdf(HttpExchange ex, String id) throws IOException {
        Published p = find(id.replaceAll("v\\d+$", ""));
        if (p == null) {
            send(ex, 404, "text/plain", bytes("not found"));
            return;
        }
        PdfFault fault = p.pdfFault();
        TestPapers.TestPaper s = p.source();
        // built per request (a few milliseconds) rather than kept: a long soak publishes thousands
        byte[] pdf = TestPdfs.paper(p.meta().title(), p.meta().authors(), p.meta().abstractText(), s.sections()).bytes();
        if (fault == null) {
            send(ex, 200, "application/pdf", pdf);
            return;
        }
        faults.get(name("pdf", fault)).incrementAndGet();
        say("pdf " + id + ": " + fault);
        send(ex, 200, fault.contentType(), fault.body(pdf));
    }

    private static String name(String where, Enum<?> fault) {
        return where + " " + fault.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }

    private FeedFault apiFault() {
        synchronized (random) {
            return random.nextDouble() < options.apiFaults() ? API_FAULTS[random.nextInt(API_FAULTS.length)] : null;
        }
    }

    /** The newest {@code n} papers, newest first (sortBy=submittedDate, descending). */
    private synchronized List<PaperMeta> latest(int n) {
        List<PaperMeta> out = new ArrayList<>();
        for (int i = papers.size() - 1; i >= 0 && out.size() < n; i--) {
            out.add(papers.get(i).meta());
        }
        return out;
    }

    private synchronized Published find(String base) {
        for (Published p : papers) {
            if (p.meta().id().base().equals(base)) {
                return p;
            }
        }
        return null;
    }

    private static int maxResults(String query) {
        if (query != null) {
            for (String part : query.split("&")) {
                if (part.startsWith("max_results=")) {
                    try {
                        return Math.max(1, Math.min(MAX_RESULTS, Integer.parseInt(part.substring(12))));
                    } catch (NumberFormatException e) {
                        return 10;
                    }
                }
            }
        }
        return 10;
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        FeedFault.send(ex, status, type, body);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void say(String line) {
        System.out.println(LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + " soak-feed: " + line);
    }

    /** What was served and injected, for the end of the run. */
    synchronized String report() {
        StringBuilder b = new StringBuilder("== feed: ").append(papers.size()).append(" papers published; requests");
        requests.forEach((k, v) -> b.append(' ').append(k).append('=').append(v.get()));
        b.append("; ").append(brokenPublished.get()).append(" published with a broken PDF")
                .append("\n== feed faults injected (answers served):\n");
        faults.forEach((f, n) -> b.append(String.format("   %-16s %6d%n", f, n.get())));
        return b.toString();
    }

    @Override
    public void close() {
        publisher.shutdownNow();
        server.stop(0);
    }

    public static void main(String[] args) throws Exception {
        Options o = parse(args);
        SoakFeed feed = new SoakFeed(o);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            feed.close();
            System.out.print(feed.report());
            System.out.flush();
            stopped.countDown();
        }, "soak-feed-stop"));
        feed.start();
        stopped.await();
    }

    private static Options parse(String[] args) {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option value, got " + Arrays.toString(args));
            }
            a.put(args[i].substring(2), args[i + 1]);
        }
        if (args.length % 2 != 0 || !a.containsKey("port")) {
            throw new IllegalArgumentException("usage: SoakFeed --port P [--seed 1] [--initial 5] [--batch 3] [--every 90s]"
                    + " [--api-faults 0.3] [--pdf-faults 0.25] [--hang 20s] [--retry-after 3]");
        }
        return new Options(Integer.parseInt(a.get("port")), Long.parseLong(a.getOrDefault("seed", "1")),
                Integer.parseInt(a.getOrDefault("initial", "5")), Integer.parseInt(a.getOrDefault("batch", "3")),
                ConfigLoader.parseDuration(a.getOrDefault("every", "90s")),
                Double.parseDouble(a.getOrDefault("api-faults", "0.3")),
                Double.parseDouble(a.getOrDefault("pdf-faults", "0.25")),
                ConfigLoader.parseDuration(a.getOrDefault("hang", "20s")),
                Integer.parseInt(a.getOrDefault("retry-after", "3")));
    }
}
