package org.paperradio.stream.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.PaperMeta;
import org.paperradio.core.paper.SegmentAudio;
import org.paperradio.core.testing.Await;
import org.paperradio.stream.playout.AirFixtures;
import org.paperradio.stream.playout.PaperSegment;
import org.paperradio.stream.testing.IcecastServer;
import org.paperradio.stream.testing.LogCapture;

/** IcecastOutput against a real icecast2 on loopback, fed by a real LiveMp3Broadcast at real-time pace. */
class IcecastOutputTest {

    private static final int RATE = AirFixtures.RATE;
    private static final String MOUNT = "/paperradio.mp3";
    private static final String PASSWORD_ENV = "PAPER_RADIO_ICECAST_PASSWORD";
    private static final String PASSWORD = "s3cret-" + Long.toHexString(System.nanoTime());
    private static final String TITLE = "Protein folding with diffusion";

    @TempDir
    Path tmp;

    private LogCapture logs;
    private LiveMp3Broadcast broadcast;
    private Thread feeder;
    private IcecastServer server;
    private IcecastOutput output;

    @BeforeEach
    void setUp() {
        logs = new LogCapture();
        broadcast = new LiveMp3Broadcast(RATE, 96, Duration.ofMillis(1500), Duration.ofSeconds(10));
        feeder = Thread.ofPlatform().name("test-air").daemon().start(this::feed);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        if (output != null) {
            output.close();
        }
        feeder.interrupt();
        feeder.join(2000);
        broadcast.close();
        if (server != null) {
            server.close();
        }
        logs.close();
    }

    /** A 440 Hz tone in 100 ms blocks at real-time pace, as the playout clock pushes the air. */
    private void feed() {
        short[] block = new short[RATE / 10];
        long start = System.nanoTime();
        long pushed = 0;
        try {
            while (true) {
                for (int i = 0; i < block.length; i++) {
                    block[i] = (short) Math.round(8000 * Math.sin(2 * Math.PI * 440 * (pushed + i) / RATE));
                }
                broadcast.write(block, 0, block.length);
                pushed += block.length;
                long due = start + (pushed * 1_000_000_000L / RATE) - 300_000_000L; // 300 ms ahead, like the clock
                long sleep = due - System.nanoTime();
                if (sleep > 0) {
                    Thread.sleep(Duration.ofNanos(sleep));
                }
            }
        } catch (InterruptedException e) {
            // test over
        }
    }

    private IcecastOutput output(URI url, String password, Duration initialBackoff, Duration maxBackoff) {
        IcecastOutput.Settings settings = new IcecastOutput.Settings("test", url, null, PASSWORD_ENV, "Paper Radio",
                "arXiv papers, read aloud", false, initialBackoff, maxBackoff);
        return IcecastOutput.fromEnvironment(settings, Map.of(PASSWORD_ENV, password)::get, broadcast, 96)
                .orElseThrow();
    }

    private static PaperSegment paper(String title) {
        ArxivId id = ArxivId.parse("2601.00001");
        PaperMeta meta = new PaperMeta(id, title, List.of("Ada Lovelace"), "An abstract.", List.of("q-bio.BM"),
                Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:00Z"),
                URI.create("https://arxiv.org/pdf/2601.00001"), null);
        SegmentAudio audio = new SegmentAudio(id, Duration.ofMinutes(5), RATE, 1, List.of());
        return new PaperSegment(meta, audio, Path.of("segment.wav"), Path.of("segment.mp3"));
    }

    /** Listens to the mount like a player for {@code d}: the MP3 bytes after the response head. */
    private byte[] listen(IcecastServer s, Duration d) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", s.port()), 2000);
            socket.setSoTimeout(500);
            socket.getOutputStream().write(("GET " + MOUNT + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                assertThat(b).as("response head").isNotNegative();
                head.write(b);
            }
            assertThat(head.toString(StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.0 200")
                    .containsIgnoringCase("Content-Type: audio/mpeg");
            long end = System.nanoTime() + d.toNanos();
            byte[] buf = new byte[8192];
            while (System.nanoTime() < end) {
                try {
                    int n = in.read(buf);
                    if (n < 0) {
                        break;
                    }
                    body.write(buf, 0, n);
                } catch (SocketTimeoutException quiet) {
                    // keep listening until the deadline
                }
            }
        }
        return body.toByteArray();
    }

    /** Decodes what a listener got and checks it is seconds of the 440 Hz tone, not silence or noise. */
    private void assertTone(byte[] mp3, double minSeconds) throws IOException, InterruptedException {
        Optional<short[]> decoded = AirFixtures.decodeMp3(mp3, tmp);
        assumeThat(decoded).as("ffmpeg or mpg123 installed").isPresent();
        short[] pcm = decoded.get();
        assertThat(pcm.length).as("decoded samples").isGreaterThan((int) (minSeconds * RATE));
        // skip the first and last half second (decoder start-up, a frame cut by the end of listening)
        int from = RATE / 2;
        int to = pcm.length - RATE / 2;
        short[] middle = java.util.Arrays.copyOfRange(pcm, from, to);
        assertThat(AirFixtures.rms(middle)).as("rms").isGreaterThan(0.1); // the tone is at 0.24 of full scale
        int crossings = 0;
        for (int i = 1; i < middle.length; i++) {
            if ((middle[i - 1] < 0) != (middle[i] < 0)) {
                crossings++;
            }
        }
        double hz = crossings / 2.0 / ((double) middle.length / RATE);
        assertThat(hz).as("frequency").isBetween(420.0, 460.0);
    }

    private void awaitTitle(String title) throws InterruptedException {
        Await.until("icecast shows the title '" + title + "'", Duration.ofSeconds(5),
                () -> title.equals(status().map(s -> s.path("title").asText(null)).orElse(null)));
    }

    /** The mount's status on icecast; empty when it has no source or icecast does not answer. */
    private Optional<JsonNode> status() {
        try {
            return server.source(MOUNT);
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private void assertNoSecretLogged() {
        String basic = Base64.getEncoder().encodeToString(("source:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        assertThat(logs.lines()).isNotEmpty().noneMatch(l -> l.contains(PASSWORD) || l.contains(basic));
        assertThat(output.toString()).doesNotContain(PASSWORD);
    }

    @Test
    void streamsDecodableAirWithTheTitleAndComesBackAfterIcecastRestarts() throws Exception {
        server = IcecastServer.start(tmp.resolve("icecast"), PASSWORD);
        output = output(server.url(MOUNT), PASSWORD, Duration.ofSeconds(1), Duration.ofSeconds(30));
        output.start();
        Await.until("connected", Duration.ofSeconds(10), () -> output.state() == IcecastOutput.State.CONNECTED);

        long t0 = System.nanoTime();
        output.segmentStarted(paper(TITLE));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("segmentStarted returns at once")
                .isLessThan(Duration.ofMillis(50));

        byte[] heard = listen(server, Duration.ofSeconds(4));
        assertTone(heard, 3);
        awaitTitle(TITLE);
        JsonNode source = server.source(MOUNT).orElseThrow();
        assertThat(source.path("server_name").asText()).isEqualTo("Paper Radio");
        assertThat(source.path("server_type").asText()).isEqualTo("audio/mpeg");
        assertThat(source.path("audio_info").asText()).contains("ice-bitrate=96");
        assertThat(output.reconnects()).isZero();
        assertThat(output.metadataUpdates()).isEqualTo(1);

        long restartedAt = System.nanoTime();
        server.restart();
        long upAt = System.nanoTime();
        Await.until("reconnected", Duration.ofSeconds(20),
                () -> output.state() == IcecastOutput.State.CONNECTED && output.reconnects() >= 1);
        long back = System.nanoTime();
        System.out.printf("icecast restart took %d ms; the output was back %d ms after icecast listened again%n",
                (upAt - restartedAt) / 1_000_000, (back - upAt) / 1_000_000);
        assertThat(output.failures()).isGreaterThanOrEqualTo(1);

        awaitTitle(TITLE); // icecast forgot it with the restart: the output sent it again
        assertTone(listen(server, Duration.ofSeconds(3)), 2);

        output.segmentStarted(paper("Schrödinger bridges — a survey"));
        // sent as UTF-8 (Latin-1 letters arrive intact); the dash, which Latin-1 lacks, as a hyphen
        awaitTitle("Schrödinger bridges - a survey");
        assertNoSecretLogged();
    }

    @Test
    void startsWhileIcecastIsDownAndConnectsWhenItComesUp() throws Exception {
        server = IcecastServer.start(tmp.resolve("icecast"), PASSWORD);
        server.stop();
        output = output(server.url(MOUNT), PASSWORD, Duration.ofMillis(100), Duration.ofMillis(400));
        output.segmentStarted(paper(TITLE)); // before any connection: kept for when there is one
        output.start();
        Await.until("a few refused attempts", Duration.ofSeconds(5), () -> output.failures() >= 3);
        assertThat(output.state()).isIn(IcecastOutput.State.BACKOFF, IcecastOutput.State.CONNECTING);

        long t0 = System.nanoTime();
        for (int i = 0; i < 1000; i++) {
            output.segmentStarted(paper(TITLE + " " + i));
            output.write(new short[4410], 0, 4410);
        }
        output.segmentStarted(paper(TITLE));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("the clock's calls never wait for the server")
                .isLessThan(Duration.ofMillis(500));

        server.restart();
        Await.until("connected", Duration.ofSeconds(5), () -> output.state() == IcecastOutput.State.CONNECTED);
        assertThat(output.reconnects()).isZero();
        awaitTitle(TITLE);
        assertTone(listen(server, Duration.ofSeconds(3)), 2);
        assertNoSecretLogged();
    }

    @Test
    void aWrongPasswordIsRefusedRetriedAndNeverLogged() throws Exception {
        server = IcecastServer.start(tmp.resolve("icecast"), "the-real-one");
        output = output(server.url(MOUNT), PASSWORD, Duration.ofMillis(100), Duration.ofMillis(300));
        output.start();
        Await.until("refused twice", Duration.ofSeconds(5), () -> output.failures() >= 2);
        assertThat(output.connects()).isZero();
        assertThat(output.state()).isNotEqualTo(IcecastOutput.State.CONNECTED);
        assertThat(server.source(MOUNT)).isEmpty();
        assertThat(logs.from(IcecastOutput.class)).anyMatch(l -> l.contains("401") && l.contains(PASSWORD_ENV));
        assertNoSecretLogged();
    }

    @Test
    void closingEndsTheSourceOnIcecast() throws Exception {
        server = IcecastServer.start(tmp.resolve("icecast"), PASSWORD);
        output = output(server.url(MOUNT), PASSWORD, Duration.ofSeconds(1), Duration.ofSeconds(30));
        output.start();
        Await.until("on icecast", Duration.ofSeconds(10), () -> status().isPresent());
        output.close();
        assertThat(output.state()).isEqualTo(IcecastOutput.State.STOPPED);
        Await.until("mount gone", Duration.ofSeconds(5), () -> status().isEmpty() && server.isUp());
        assertThat(output.bytesSent()).isPositive();
        assertThat(broadcast.listenerCount()).isZero();
    }

    @Test
    void passwordStaysInTheEnvironment() {
        URI url = URI.create("http://127.0.0.1:8000/paperradio.mp3");
        assertThatThrownBy(() -> IcecastOutput.Settings.of("x", URI.create("http://source:pw@127.0.0.1:8000/m.mp3"),
                PASSWORD_ENV)).isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("pw@");
        assertThatThrownBy(() -> IcecastOutput.Settings.of("x", url, "hunter2!"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> IcecastOutput.Settings.of("x", URI.create("http://127.0.0.1:8000/"), PASSWORD_ENV))
                .isInstanceOf(IllegalArgumentException.class);

        IcecastOutput.Settings settings = IcecastOutput.Settings.of("relay", url, PASSWORD_ENV);
        assertThat(settings.user()).isEqualTo("source");
        assertThat(settings.mount()).isEqualTo("/paperradio.mp3");
        assertThat(IcecastOutput.fromEnvironment(settings, Map.<String, String>of()::get, broadcast, 96)).isEmpty();
        assertThat(logs.from(IcecastOutput.class)).anyMatch(l -> l.startsWith("ERROR") && l.contains(PASSWORD_ENV));
    }

    @Test
    void titlesAreCleanedAndBounded() {
        assertThat(IcecastOutput.clean("Line one\r\nIce-Name: evil\t x")).isEqualTo("Line one Ice-Name: evil x");
        output = new IcecastOutput(IcecastOutput.Settings.of("t", URI.create("http://127.0.0.1:9/m.mp3"), PASSWORD_ENV),
                PASSWORD, broadcast, 96);
        output.segmentStarted(paper("A".repeat(5000)));
        assertThat(output.title()).hasSize(255).endsWith("A...");
        output.segmentStarted(paper("“Attention” isn’t all — you need…"));
        assertThat(output.title()).isEqualTo("\"Attention\" isn't all - you need...");
    }
}
