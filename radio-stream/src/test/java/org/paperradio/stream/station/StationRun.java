package org.paperradio.stream.station;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.License;
import org.paperradio.core.paper.PaperMeta;
import org.paperradio.core.paper.PaperRecord;
import org.paperradio.core.store.AtomicFiles;
import org.paperradio.core.store.PaperStore;
import org.paperradio.core.testing.Await;
import org.paperradio.ingest.testing.TestPapers;
import org.paperradio.ingest.testing.TestPdfs;
import org.paperradio.tts.audio.WavFiles;

/** Helpers shared by the whole-station tests: a config pointing at a {@link FakeArxiv}, waiting. */
public final class StationRun {

    private StationRun() {
    }

    /** A station config for tests: the fake arXiv, fast pacing, short segments, any free port. */
    public static String config(URI arxiv, Path data) {
        return """
                station:
                  name: Test Radio
                  data: %s
                arxiv:
                  apiUrl: %sapi/query
                  oaiUrl: %soai
                  categories: [cs.AI]
                  pollInterval: 2s
                  minRequestInterval: 10ms
                  timeout: 10s
                pipeline:
                  retries: 1
                  backoff: 100ms
                  maxBackoff: 200ms
                  shutdownGrace: 2s
                writer:
                  bodySentences: 3
                  prompts: %s
                schedule:
                  shows: []
                playout:
                  readyAhead: 5m
                http:
                  bind: 127.0.0.1
                  port: 0
                """.formatted(data.toAbsolutePath(), arxiv, arxiv, Path.of("..", "config", "prompts").toAbsolutePath());
    }

    static Path writeConfig(Path dir, URI arxiv, Path data) throws IOException {
        Path file = dir.resolve("station.yaml");
        Files.writeString(file, config(arxiv, data));
        return file;
    }

    /** Serves generated paper {@code index} as a good PDF under a CC BY license. */
    static void serveGood(FakeArxiv arxiv, int index) {
        TestPapers.TestPaper p = TestPapers.get(index);
        arxiv.add(p.metaWithPdfAt(arxiv.base()), new FakeArxiv.Pdf(p.pdf().bytes(), "application/pdf"), p.license());
    }

    /** Serves generated paper {@code index} with the given (bad) PDF answer. */
    static void serve(FakeArxiv arxiv, int index, byte[] body, String type) {
        TestPapers.TestPaper p = TestPapers.get(index);
        arxiv.add(p.metaWithPdfAt(arxiv.base()), new FakeArxiv.Pdf(body, type), License.unknown());
    }

    static byte[] pdfOf(int index) {
        TestPdfs.Built b = TestPapers.get(index).pdf();
        return b.bytes();
    }

    /**
     * Serves a paper that is not one of the five {@link TestPapers}: topic {@code index % 5} under
     * the new id {@code 2602.<n>v1} and a numbered title, with the given PDF answer.
     */
    static ArxivId serveAs(FakeArxiv arxiv, int n, byte[] body, String type) {
        TestPapers.TestPaper source = TestPapers.get(n % TestPapers.all().size());
        PaperMeta m = source.meta();
        ArxivId id = ArxivId.parse(String.format("2602.%05dv1", n));
        PaperMeta meta = new PaperMeta(id, m.title() + " (" + n + ")", m.authors(), m.abstractText(), m.categories(),
                m.published(), m.updated(), arxiv.base().resolve("pdf/" + id), License.unknown());
        arxiv.add(meta, new FakeArxiv.Pdf(body, type), License.unknown());
        return id;
    }

    /**
     * The paper's record as the station last wrote it, read from disk; empty while it has none
     * (a test's own store instance does not see papers the station added after it was opened).
     */
    static java.util.Optional<PaperRecord> record(PaperStore store, ArxivId id) {
        try {
            return Files.exists(store.file(id, "paper.json")) ? java.util.Optional.of(store.load(id))
                    : java.util.Optional.empty();
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    /** Bytes of the live stream a listener receives in {@code time}. */
    static long listen(URI base, Duration time) throws Exception {
        HttpResponse<InputStream> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve("live.mp3")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        long got = 0;
        long end = System.nanoTime() + time.toNanos();
        try (InputStream in = r.body()) {
            byte[] buf = new byte[8192];
            int k;
            while (System.nanoTime() < end && (k = in.read(buf)) != -1) {
                got += k;
            }
        }
        return got;
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        Await.until(what, timeout, condition);
    }

    /**
     * A scrape of the station's /metrics: the value of the first sample whose name and labels
     * match {@code pattern} (a regex; labels in alphabetical order), or -1 when there is none or
     * the scrape fails.
     */
    static double metric(URI station, String pattern) {
        return metrics(station, pattern, false);
    }

    /** The sum of every sample matching {@code pattern}; -1 when none. */
    static double metricSum(URI station, String pattern) {
        return metrics(station, pattern, true);
    }

    private static double metrics(URI station, String pattern, boolean sum) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(station.resolve("metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher m = Pattern.compile("(?m)^" + pattern + " ([0-9.eE+-]+)$").matcher(r.body());
            double total = 0;
            boolean found = false;
            while (m.find()) {
                total += Double.parseDouble(m.group(m.groupCount())); // the value: the last group
                found = true;
                if (!sum) {
                    break;
                }
            }
            return found ? total : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Every paper's record and audio read back whole: each paper.json parses and each voiced
     * segment's WAV decodes with samples in it. Safe while the station runs (its temporary files,
     * which come and go, are not looked at).
     */
    static void assertPapersReadBack(Path data) throws IOException {
        List<Path> folders;
        try (Stream<Path> papers = Files.list(data.resolve("papers"))) {
            folders = papers.filter(f -> !f.getFileName().toString().startsWith(AtomicFiles.TEMP_PREFIX)).toList();
        }
        for (Path folder : folders) {
            Path record = folder.resolve("paper.json");
            assertThat(record).as("a paper folder without its record").exists();
            JSON.readTree(record.toFile()); // throws on a torn file
            Path wav = folder.resolve("audio/segment.wav");
            if (Files.exists(wav)) {
                assertThat(WavFiles.read(wav).length()).as(wav.toString()).isPositive();
            }
        }
    }

    /**
     * After the station stopped: no temporary file left anywhere in its data folder, every JSON
     * file parses, every WAV decodes, and every paper reads back into a store.
     */
    static void assertNoHalfWrittenFiles(Path data) throws IOException {
        try (Stream<Path> files = Files.walk(data)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String name = f.getFileName().toString();
                assertThat(f.toString()).as("a temporary file left").doesNotContain("/" + AtomicFiles.TEMP_PREFIX)
                        .doesNotEndWith(".tmp");
                if (name.endsWith(".wav")) {
                    assertThat(WavFiles.read(f).length()).as(f.toString()).isPositive();
                }
                if (name.endsWith(".json")) {
                    assertThat(JSON.readTree(f.toFile())).as(f.toString()).isNotNull(); // throws on a torn file
                }
            }
        }
        assertPapersReadBack(data);
        try (Stream<Path> papers = Files.list(data.resolve("papers"))) {
            long folders = papers.filter(Files::isDirectory).count();
            assertThat(new PaperStore(data, Clock.systemUTC()).all()).as("every paper.json reads back").hasSize((int) folders);
        }
    }
}
