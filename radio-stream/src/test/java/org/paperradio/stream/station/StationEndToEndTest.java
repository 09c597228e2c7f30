package org.paperradio.stream.station;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperradio.core.config.ConfigLoader;
import org.paperradio.core.config.StationConfig;
import org.paperradio.core.paper.PaperRecord;
import org.paperradio.core.store.PaperStore;
import org.paperradio.ingest.testing.TestPapers;
import org.paperradio.ingest.testing.TestPdfs;
import org.paperradio.stream.playout.AirFixtures;
import org.paperradio.stream.testing.SpeedPacer;
import org.paperradio.tts.audio.Pcm;
import org.paperradio.tts.loudness.Ffmpeg;
import org.paperradio.tts.testing.AudioChecks;

/**
 * The whole station, in-process, against an arXiv on loopback: a malformed feed first, then a
 * feed with two good papers and three bad ones (HTML served as a PDF, a truncated PDF, an
 * encrypted PDF). A listener tunes in to /live.mp3 and must hear speech; the bad papers fail
 * with clear reasons while the air goes on.
 */
class StationEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void airsServedPapersAndSurvivesBadInput() throws Exception {
        try (FakeArxiv arxiv = new FakeArxiv()) {
            StationRun.serveGood(arxiv, 0);
            StationRun.serveGood(arxiv, 1);
            StationRun.serve(arxiv, 2, "<html><body>Please verify you are human</body></html>"
                    .getBytes(StandardCharsets.UTF_8), "text/html; charset=utf-8");
            StationRun.serve(arxiv, 3, TestPdfs.truncated(StationRun.pdfOf(3)), "application/pdf");
            StationRun.serve(arxiv, 4, TestPdfs.encrypted(StationRun.pdfOf(4)), "application/pdf");
            arxiv.answerFeedOnceWith("<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'><entry><id>");

            Path data = dir.resolve("data");
            StationConfig config = new ConfigLoader().parse(StationRun.config(arxiv.base(), data), "test.yaml");
            Set<String> good = Set.of(TestPapers.get(0).id().toString(), TestPapers.get(1).id().toString());

            SpeedPacer pacer = new SpeedPacer();
            try (Station station = new Station(config, Clock.systemUTC(), System::getenv, pacer)) {
                station.start();
                URI base = URI.create("http://127.0.0.1:" + station.port() + "/");
                HttpClient client = HttpClient.newHttpClient();

                AtomicReference<JsonNode> onAir = new AtomicReference<>();
                StationRun.await("a served paper on air", Duration.ofMinutes(3), () -> now(client, base)
                        .filter(n -> good.contains(n.path("paperId").asText()))
                        .map(n -> {
                            onAir.set(n);
                            return true;
                        }).orElse(false));
                assertThat(onAir.get().path("title").asText()).isIn(TestPapers.get(0).meta().title(),
                        TestPapers.get(1).meta().title());
                assertThat(onAir.get().path("bufferedAheadSeconds").isNumber()).isTrue();

                byte[] mp3 = listen(client, base, Duration.ofSeconds(60));
                assertThat(mp3.length).as("60 s at 96 kbit/s").isGreaterThan(59 * 12_000);
                assertThat(arxiv.hits("/api/query")).as("polled again after the malformed feed").isGreaterThanOrEqualTo(2);

                PaperStore store = station.store();
                StationRun.await("the bad papers to fail", Duration.ofMinutes(1), () -> failed(store) == 3);
                assertThat(reason(store, 2)).containsIgnoringCase("html");
                assertThat(reason(store, 3)).containsAnyOf("truncated", "damaged", "broken", "not a readable PDF",
                        "cannot be read");
                assertThat(reason(store, 4)).containsIgnoringCase("encrypt");
                assertThat(now(client, base)).as("still on air after the failures").isPresent();

                // every paper that got through extraction is in the library, searchable over HTTP
                HttpResponse<String> search = client.send(HttpRequest.newBuilder(
                        base.resolve("api/search?q=" + URLEncoder.encode(
                                TestPapers.get(1).meta().title(), StandardCharsets.UTF_8))).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(search.statusCode()).isEqualTo(200);
                assertThat(JSON.readTree(search.body()).path("hits").get(0).path("id").asText())
                        .isEqualTo(TestPapers.get(1).id().toString());

                Optional<short[]> pcm = AirFixtures.decodeMp3(mp3, dir);
                assumeThat(pcm).as("ffmpeg or mpg123 installed to decode the stream").isPresent();
                assertSpeech(pcm.get());

                // a minute of the air, measured independently (ffmpeg's EBU R128 meter): at the
                // station's loudness, under its true-peak ceiling
                Path minute = Files.write(dir.resolve("live-minute.mp3"), mp3);
                Ffmpeg.Measurement air = Ffmpeg.measure(minute, dir);
                System.out.printf("60 s of /live.mp3: %.1f LUFS integrated, true peak %.1f dBTP%n",
                        air.integratedLufs(), air.truePeakDbtp());
                assertThat(air.integratedLufs()).as("integrated loudness").isCloseTo(config.sound().loudness(),
                        within(1.0));
                assertThat(air.truePeakDbtp()).as("true peak").isLessThan(config.sound().truePeak());

                // ten minutes of air, heard at ten times real time: papers, reruns, idents, stings and
                // every join between them, and nowhere a silence longer than the configured maximum
                long airedBefore = airedLines(data);
                pacer.speed(10);
                byte[] tenMinutes = listen(client, base, Duration.ofSeconds(60));
                Pcm decoded = new Pcm(AirFixtures.decodeMp3(tenMinutes, dir).orElseThrow(), AirFixtures.RATE);
                Duration silence = AudioChecks.longestSilence(decoded);
                System.out.printf("%.1f min of air at 10x: %d items aired, longest silence %d ms%n",
                        decoded.duration().toMillis() / 60_000.0, airedLines(data) - airedBefore, silence.toMillis());
                assertThat(decoded.duration()).as("air heard").isGreaterThan(Duration.ofMinutes(9));
                assertThat(airedLines(data) - airedBefore).as("items aired in those minutes").isGreaterThanOrEqualTo(4);
                assertThat(silence).as("longest silence").isLessThanOrEqualTo(config.sound().maxSilence());
                pacer.speed(1);
            }
            Path archive = data.resolve("archive");
            try (Stream<Path> files = Files.walk(archive)) {
                assertThat(files.filter(f -> f.toString().endsWith(".mp3"))).as("aired segment archived").isNotEmpty();
            }
        }
    }

    private static long airedLines(Path data) throws IOException {
        try (Stream<String> lines = Files.lines(data.resolve("aired.log"))) {
            return lines.filter(l -> l.contains("aired")).count();
        }
    }

    private static long failed(PaperStore store) {
        try {
            return store.all().stream().filter(PaperRecord::failed).count();
        } catch (IOException e) {
            return 0;
        }
    }

    private static String reason(PaperStore store, int index) throws IOException {
        return store.load(TestPapers.get(index).id()).failure().reason();
    }

    static Optional<JsonNode> now(HttpClient client, URI base) {
        try {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(base.resolve("api/now")).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? Optional.of(JSON.readTree(r.body())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Reads the live stream for {@code length} of wall time, like a listener would. */
    static byte[] listen(HttpClient client, URI base, Duration length) throws IOException, InterruptedException {
        HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(base.resolve("live.mp3")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("audio/mpeg");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long end = System.nanoTime() + length.toNanos();
        try (InputStream in = r.body()) {
            byte[] buf = new byte[8192];
            while (System.nanoTime() < end) {
                int n = in.read(buf);
                if (n < 0) {
                    break;
                }
                out.write(buf, 0, n);
            }
        }
        return out.toByteArray();
    }

    /**
     * Speech, not silence and not a steady tone: most 50 ms windows carry energy, and the energy
     * rises and falls (syllables and pauses) as a voice does.
     */
    static void assertSpeech(short[] pcm) {
        int window = AirFixtures.RATE / 20;
        int windows = pcm.length / window;
        assertThat(windows).as("decoded length").isGreaterThan(19 * 20);
        double[] level = new double[windows];
        for (int w = 0; w < windows; w++) {
            level[w] = AirFixtures.rms(Arrays.copyOfRange(pcm, w * window, (w + 1) * window));
        }
        long voiced = Arrays.stream(level).filter(l -> l > 0.01).count();
        assertThat((double) voiced / windows).as("share of 50 ms windows with sound").isGreaterThan(0.5);
        double mean = Arrays.stream(level).average().orElse(0);
        double sd = Math.sqrt(Arrays.stream(level).map(l -> (l - mean) * (l - mean)).average().orElse(0));
        assertThat(sd / mean).as("level varies like speech (coefficient of variation)").isGreaterThan(0.3);
    }
}
