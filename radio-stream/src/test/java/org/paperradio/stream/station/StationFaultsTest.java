package org.paperradio.stream.station;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperradio.core.config.ConfigLoader;
import org.paperradio.core.config.StationConfig;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.PaperRecord;
import org.paperradio.core.paper.Stage;
import org.paperradio.core.store.AppendLog;
import org.paperradio.core.store.PaperStore;
import org.paperradio.core.testing.ChatServer;
import org.paperradio.ingest.testing.TestPapers;
import org.paperradio.stream.testing.FeedFault;
import org.paperradio.stream.testing.LogCapture;
import org.paperradio.stream.testing.PdfFault;
import org.paperradio.tts.audio.Pcm;
import org.paperradio.tts.audio.WavFiles;

/**
 * The fault-injection suite on loopback: one station, in-process, against an arXiv whose API
 * answers 500, 429 with Retry-After, hangs, cuts its body off, sends 40 MB and malformed XML and
 * an XXE payload before it answers well; whose PDF links serve empty, truncated, encrypted and
 * HTML files, 2,000 pages, and decompression bombs (1 GiB of page content, a 60,000 x 60,000
 * image); with a language model that hangs and talks nonsense, and a speech server that fails
 * on one sentence. After all of it: the good papers are on air, each downloaded and worked on
 * once; every bad paper failed with its reason, in the log and in /metrics; no external entity was
 * fetched; the air never went dead.
 */
class StationFaultsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void everyFaultCostsOnlyWhatItBroke() throws Exception {
        try (FakeArxiv arxiv = new FakeArxiv(); ChatServer llm = new ChatServer(); SpeechServer speech = new SpeechServer();
             LogCapture logs = new LogCapture()) {
            StationRun.serveGood(arxiv, 0);
            StationRun.serveGood(arxiv, 1);
            Map<ArxivId, String> bad = new LinkedHashMap<>(); // paper -> what its failure must say
            ArxivId longOne = null;
            int n = 10;
            for (PdfFault f : PdfFault.values()) {
                ArxivId id = StationRun.serveAs(arxiv, n, f.body(StationRun.pdfOf(n % 5)), f.contentType());
                n++;
                switch (f) {
                    case EMPTY -> bad.put(id, "empty");
                    case TRUNCATED -> bad.put(id, "truncated");
                    case ENCRYPTED -> bad.put(id, "encrypted");
                    case HTML -> bad.put(id, "text/html");
                    case CONTENT_BOMB -> bad.put(id, "no extractable text"); // its one page's text left out
                    case IMAGE_BOMB -> bad.put(id, "no extractable text");
                    case MANY_PAGES -> longOne = id;
                }
            }
            List<ArxivId> good = List.of(TestPapers.get(0).id(), TestPapers.get(1).id(), longOne);
            arxiv.hangFor(Duration.ofSeconds(4)).failFeed(FeedFault.SERVER_ERROR, FeedFault.RATE_LIMITED,
                    FeedFault.HANG, FeedFault.TRUNCATED, FeedFault.HUGE, FeedFault.MALFORMED, FeedFault.XXE);
            // the model: nonsense, then a hang (it rests), then a broken answer, then good answers
            llm.answer("Sure! Here is a lovely poem instead.").hang().raw("{\"choices\": \"not what you asked\"}")
                    .answerWith(req -> req.user().startsWith("Write a radio segment")
                            ? StationLlmTest.SEGMENT : StationLlmTest.SUMMARY);

            Path data = dir.resolve("data");
            String yaml = StationRun.config(arxiv.base(), data).replace("  timeout: 10s\n", "  timeout: 2s\n") + """
                    llm:
                      provider: openai
                      baseUrl: %s
                      model: test-model
                      timeout: 2s
                    speech:
                      backend: server
                      server:
                        baseUrl: %s
                        format: wav
                        timeout: 5s
                    """.formatted(llm.baseUrl(), speech.base());
            StationConfig config = new ConfigLoader().parse(yaml, "faults.yaml");

            try (Station station = new Station(config, Clock.systemUTC(), Map.<String, String>of()::get)) {
                station.start();
                URI base = URI.create("http://127.0.0.1:" + station.port() + "/");
                PaperStore store = station.store();

                StationRun.await("the good papers voiced and the bad ones failed", Duration.ofMinutes(4), () ->
                        good.stream().allMatch(id -> StationRun.record(store, id)
                                        .filter(r -> r.stage().ordinal() >= Stage.VOICED.ordinal()).isPresent())
                                && bad.keySet().stream().allMatch(id -> StationRun.record(store, id)
                                        .filter(PaperRecord::failed).isPresent()));
                StationRun.await("ready to air", Duration.ofSeconds(30), () -> status(base, "ready") == 200);

                // the feed's faults: all served, each counted by kind, none fatal, no entity fetched
                assertThat(arxiv.pendingFeedFaults()).isZero();
                assertThat(arxiv.hits(FakeArxiv.XXE_EXTERNAL)).as("external entity fetched").isZero();
                for (String kind : List.of("http_500", "http_429", "timeout", "too_large")) {
                    assertThat(StationRun.metric(base, "paperradio_arxiv_request_failures_total\\{reason=\"" + kind + "\"\\}"))
                            .as("arXiv failures " + kind).isGreaterThanOrEqualTo(1);
                }
                assertThat(StationRun.metricSum(base, "paperradio_poll_failures_total\\{reason=\"[A-Za-z]+\"\\}"))
                        .as("polls that failed: gave up on the API, 40 MB, malformed, XXE").isGreaterThanOrEqualTo(3);
                assertThat(logs.lines()).as("the feed's faults in the log")
                        .anyMatch(l -> l.contains("HTTP 500")).anyMatch(l -> l.contains("HTTP 429"))
                        .anyMatch(l -> l.contains("timeout")).anyMatch(l -> l.contains("larger than"))
                        .anyMatch(l -> l.contains("DOCTYPE")).noneMatch(l -> l.contains("root:x:0:0"));

                // the bad PDFs: failed for good, each with its reason in the record, the log and /metrics
                for (Map.Entry<ArxivId, String> e : bad.entrySet()) {
                    PaperRecord rec = store.load(e.getKey());
                    assertThat(rec.failure().reason()).as(e.getKey() + " failure").containsIgnoringCase(e.getValue());
                    assertThat(rec.failure().retryable()).as("bad input is not retried").isFalse();
                    assertThat(logs.lines()).as("the log names " + e.getKey())
                            .anyMatch(l -> l.contains(e.getKey().toString()) && l.contains("failed"));
                }
                assertThat(logs.lines()).as("the bomb's page named in the log")
                        .anyMatch(l -> l.contains("left out: each shows more than"));
                assertThat(StationRun.metricSum(base,
                        "paperradio_stage_failures_total\\{reason=\"BadInputException\",stage=\"[a-z]+\"\\}"))
                        .isEqualTo(bad.size());

                // the model's faults: counted, and the extractive writer stood in; the speech server's
                // failed sentence was spoken by MaryTTS
                assertThat(StationRun.metric(base, "paperradio_llm_unusable_answers_total")).isGreaterThanOrEqualTo(1);
                assertThat(StationRun.metric(base, "paperradio_llm_calls_total\\{outcome=\"timeout\"\\}")).isGreaterThanOrEqualTo(1);
                assertThat(logs.lines()).anyMatch(l -> l.contains("unusable")).anyMatch(l -> l.contains("gave no answer within"));
                assertThat(StationRun.metric(base, "paperradio_llm_fallbacks_total")).isGreaterThanOrEqualTo(1);
                assertThat(speech.failed()).as("requests the speech server failed").isGreaterThanOrEqualTo(1);
                assertThat(StationRun.metric(base, "paperradio_tts_fallback_lines_total")).isGreaterThanOrEqualTo(1);

                // the 2,000-page paper was read up to the page limit, and its pages rendered up to it
                try (var pages = java.nio.file.Files.list(store.file(longOne, "pages"))) {
                    assertThat(pages.count()).as("page images of the 2,000-page paper").isBetween(1L, 60L);
                }

                // nothing done twice: each good paper downloaded once, each stage's event once
                List<AppendLog.Entry> events = store.events().read();
                for (ArxivId id : good) {
                    assertThat(arxiv.hits(FakeArxiv.pdfPath(id))).as("downloads of " + id).isEqualTo(1);
                    for (String event : List.of("fetched", "extracted", "indexed", "written", "voiced")) {
                        assertThat(events).filteredOn(e -> e.event().equals(event) && e.subject().equals(id.toString()))
                                .as(event + " " + id).hasSize(1);
                    }
                }
                StationRun.assertPapersReadBack(data);

                // the air went on: a listener hears a stream, and there was never dead air
                assertThat(StationRun.listen(base, Duration.ofSeconds(3))).as("bytes of /live.mp3 in 3 s").isGreaterThan(8_000);
                assertThat(StationRun.metric(base, "paperradio_air_dead_seconds_total")).as("dead air").isZero();
                assertThat(StationRun.metricSum(base, "paperradio_air_items_total\\{kind=\"[a-z]+\"\\}")).isPositive();
            }
            StationRun.assertNoHalfWrittenFiles(data); // the station has stopped: no temporary file may be left
        }
    }

    private static int status(URI base, String path) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve(path)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * An OpenAI-style speech server on loopback ({@code POST /v1/audio/speech}) that answers a WAV
     * for every sentence but one: the first sentence it is asked for fails with 500, every time it
     * is asked again. Its audio is a quiet tone as long as the sentence would take to say (this is
     * the speech server's side of the protocol; MaryTTS stands in for the failed sentence).
     */
    private static final class SpeechServer implements AutoCloseable {
        private final MockWebServer server = new MockWebServer();
        private final AtomicReference<String> failing = new AtomicReference<>();
        private final AtomicInteger failed = new AtomicInteger();

        SpeechServer() throws IOException {
            server.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    try {
                        JsonNode body = JSON.readTree(request.getBody().readUtf8());
                        String input = body.path("input").asText();
                        failing.compareAndSet(null, input);
                        if (input.equals(failing.get())) {
                            failed.incrementAndGet();
                            return new MockResponse().setResponseCode(500).setBody("{\"error\": \"engine crashed\"}");
                        }
                        return new MockResponse().setHeader("Content-Type", "audio/wav")
                                .setBody(new Buffer().write(WavFiles.toBytes(tone(input.length()))));
                    } catch (IOException e) {
                        return new MockResponse().setResponseCode(400);
                    }
                }
            });
            server.start(InetAddress.getLoopbackAddress(), 0);
        }

        URI base() {
            return server.url("/").uri();
        }

        int failed() {
            return failed.get();
        }

        /** 60 ms per character of a 220 Hz tone at 24 kHz, at about -20 dBFS. */
        private static Pcm tone(int characters) {
            int rate = 24_000;
            short[] s = new short[Math.min(characters, 600) * rate * 60 / 1000];
            for (int i = 0; i < s.length; i++) {
                s[i] = (short) (3000 * Math.sin(2 * Math.PI * 220 * i / rate));
            }
            return new Pcm(s, rate);
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
