package org.paperradio.stream.station;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.paperradio.core.paper.License;
import org.paperradio.core.testing.Await;
import org.paperradio.ingest.testing.TestPapers;
import org.paperradio.ingest.testing.TestPdfs;

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

    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        Await.until(what, timeout, condition);
    }
}
