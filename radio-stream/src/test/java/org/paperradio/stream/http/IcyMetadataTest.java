package org.paperradio.stream.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperradio.core.config.StationConfig;
import org.paperradio.core.store.PaperStore;
import org.paperradio.core.testing.Await;
import org.paperradio.stream.output.IcyMetadata;
import org.paperradio.stream.output.LiveMp3Broadcast;
import org.paperradio.stream.output.Mp3Frames;
import org.paperradio.stream.playout.AirFixtures;
import org.paperradio.stream.playout.Ident;
import org.paperradio.stream.playout.PaperSegment;
import org.paperradio.stream.playout.Segment;

/**
 * ICY metadata on {@code /live.mp3}, read by a raw-socket player over real HTTP on loopback (and by
 * ffprobe as an independent reader), with real MP3 encoded from real PCM.
 */
class IcyMetadataTest {

    private static final String NAME = "Paper Radio";
    private static final int METAINT = IcyMetadata.DEFAULT_METAINT;
    private static final int BYTES_PER_SECOND = 96_000 / 8;

    @TempDir
    Path data;

    private LiveMp3Broadcast broadcast;
    private WebServer web;
    private PaperSegment paper;

    @BeforeEach
    void setUp() throws Exception {
        PaperStore store = new PaperStore(data, Clock.systemUTC());
        paper = PaperSegment.load(store,
                AirFixtures.voicedPaper(store, "2501.00031v1", "Listening to Papers", 0.5, 440));
        broadcast = new LiveMp3Broadcast(AirFixtures.RATE, 96, Duration.ofMillis(300), Duration.ofSeconds(60));
        web = new WebServer(new StationConfig.Http("127.0.0.1", 0, null), NAME, () -> null, broadcast,
                Clock.systemUTC());
        web.start();
    }

    @AfterEach
    void tearDown() {
        web.stop();
        broadcast.close();
    }

    @Test
    void titlesAreFormattedPerKind() {
        assertThat(IcyMetadata.title(paper)).isEqualTo("Listening to Papers (arXiv 2501.00031v1)");
        assertThat(IcyMetadata.title(new Ident("Paper Radio ident", AirFixtures.pcm(0.1, 880))))
                .isEqualTo("Paper Radio ident");
    }

    @Test
    void aPlayerThatAsksGetsTheTitleOfEachSegmentAtTheFrameWhereItStarts() throws Exception {
        try (Player player = Player.connect(web.port(), true)) {
            Await.until("the listener subscribed", Duration.ofSeconds(5), () -> broadcast.listenerCount() == 1);
            air(paper, 3.5, 440);
            air(new Ident("Paper Radio ident", AirFixtures.pcm(0.1, 880)), 3.5, 880);

            Map<String, String> headers = player.headers();
            assertThat(headers.get("status")).isEqualTo("HTTP/1.1 200 OK");
            assertThat(headers).containsEntry("icy-metaint", String.valueOf(METAINT))
                    .containsEntry("icy-name", NAME).containsEntry("icy-br", "96").containsEntry("icy-pub", "0")
                    .containsKeys("icy-description", "icy-genre").containsEntry("content-type", "audio/mpeg");

            // four blocks: at 1.3 s and 2.7 s into the paper, then at 4.0 s and 5.3 s, after the
            // ident started at 3.5 s
            ByteArrayOutputStream mp3 = new ByteArrayOutputStream();
            List<String> blocks = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                mp3.write(player.readAudio(METAINT));
                blocks.add(player.readMetadata());
            }
            assertThat(blocks).containsExactly("StreamTitle='Listening to Papers (arXiv 2501.00031v1)';", null,
                    "StreamTitle='Paper Radio ident';", null);

            // with the blocks taken out, what is left is whole MP3 frames back to back...
            byte[] audio = mp3.toByteArray();
            assertThat(wholeFrames(audio)).isGreaterThan(200);
            // ...that decode to the paper's tone, then the ident's
            Optional<short[]> pcm = AirFixtures.decodeMp3(audio, data);
            assumeThat(pcm).as("ffmpeg or mpg123 to decode").isPresent();
            short[] s = pcm.get();
            assertThat((double) s.length / AirFixtures.RATE).isBetween(5.0, 5.6);
            assertThat(frequency(s, 0.5, 3.0)).isBetween(430.0, 450.0);
            assertThat(frequency(s, 3.8, 5.0)).isBetween(860.0, 900.0);
        }
    }

    @Test
    void aPlayerJoiningMidItemIsToldWhatIsOnAir() throws Exception {
        air(paper, 2.0, 440);
        Await.until("the paper encoded", Duration.ofSeconds(10), () -> broadcast.framesEncoded() >= 70);
        try (Player player = Player.connect(web.port(), true)) {
            Await.until("the listener subscribed", Duration.ofSeconds(5), () -> broadcast.listenerCount() == 1);
            short[] more = AirFixtures.tone(3.0, 440); // the paper goes on: no new cue
            broadcast.write(more, 0, more.length);
            player.headers();
            player.readAudio(METAINT);
            assertThat(player.readMetadata()).isEqualTo("StreamTitle='Listening to Papers (arXiv 2501.00031v1)';");
        }
    }

    @Test
    void aPlayerThatDoesNotAskGetsThePlainStream() throws Exception {
        try (Player player = Player.connect(web.port(), false)) {
            Await.until("the listener subscribed", Duration.ofSeconds(5), () -> broadcast.listenerCount() == 1);
            air(paper, 3.0, 440);
            Map<String, String> headers = player.headers();
            assertThat(headers.get("status")).isEqualTo("HTTP/1.1 200 OK");
            assertThat(headers.keySet()).noneMatch(k -> k.startsWith("icy-"));

            byte[] mp3 = player.readAudio(2 * METAINT); // past where a block would be
            assertThat(new String(mp3, StandardCharsets.ISO_8859_1)).doesNotContain("StreamTitle");
            assertThat(wholeFrames(mp3)).isGreaterThan(100);
            Optional<short[]> pcm = AirFixtures.decodeMp3(mp3, data);
            assumeThat(pcm).as("ffmpeg or mpg123 to decode").isPresent();
            assertThat(AirFixtures.rms(pcm.get())).isGreaterThan(0.05);
        }
    }

    @Test
    void aHostileTitleIsSanitisedAndCapped() throws Exception {
        String hostile = "Don't stop'; StreamUrl='http://evil/';\r\nline two\u0000\u0007\u202e"
                + "é📻".repeat(3400);
        assertThat(hostile.length()).isGreaterThan(10_000);
        try (Player player = Player.connect(web.port(), true)) {
            Await.until("the listener subscribed", Duration.ofSeconds(5), () -> broadcast.listenerCount() == 1);
            air(new Ident(hostile, AirFixtures.pcm(0.1, 880)), 3.0, 660);
            player.headers();
            byte[] before = player.readAudio(METAINT);
            byte[] block = player.readMetadataBytes();
            assertThat(block.length).isLessThanOrEqualTo(255 * 16);
            int end = block.length;
            while (block[end - 1] == 0) {
                end--;
            }
            String text = strictUtf8(block, end);
            assertThat(text).startsWith("StreamTitle='").endsWith("';");
            String title = text.substring("StreamTitle='".length(), text.length() - 2);
            assertThat(title).doesNotContain("'", ";", "\r", "\n", "\u0000", "\u0007", "\u202e")
                    .startsWith("Don’t stop’, StreamUrl=’http://evil/’, line two é📻");
            assertThat(title.getBytes(StandardCharsets.UTF_8).length)
                    .isLessThanOrEqualTo(IcyMetadata.MAX_TITLE_BYTES).isGreaterThan(IcyMetadata.MAX_TITLE_BYTES - 4);
            // the stream goes on in step: around the block, the audio is whole frames back to back
            byte[] after = player.readAudio(METAINT);
            ByteArrayOutputStream audio = new ByteArrayOutputStream();
            audio.write(before);
            audio.write(after);
            assertThat(wholeFrames(audio.toByteArray())).isGreaterThan(90);
        }
    }

    @Test
    void headAnswersTheIcyHeadersWithoutABody() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> head = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web.port()
                + "/live.mp3")).header("Icy-MetaData", "1").timeout(Duration.ofSeconds(5))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("icy-metaint")).hasValue(String.valueOf(METAINT));
        assertThat(head.headers().firstValue("icy-name")).hasValue(NAME);
        assertThat(head.body()).isEmpty();
        assertThat(broadcast.listenerCount()).isZero();
    }

    @Test
    void ffprobeReadsTheStreamTitle() throws Exception {
        assumeThat(onPath("ffprobe")).as("ffprobe installed").isTrue();
        Path out = data.resolve("ffprobe.json");
        Process probe = new ProcessBuilder("ffprobe", "-v", "error", "-show_entries", "format_tags", "-of", "json",
                "-icy", "1", "http://127.0.0.1:" + web.port() + "/live.mp3")
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            Await.until("ffprobe listening", Duration.ofSeconds(10), () -> broadcast.listenerCount() == 1);
            air(paper, 4.0, 440);
            // more air until ffprobe has seen enough, then the stream ends
            for (int i = 0; i < 20 && !probe.waitFor(200, TimeUnit.MILLISECONDS); i++) {
                short[] more = AirFixtures.tone(1.0, 440);
                broadcast.write(more, 0, more.length);
            }
            broadcast.close();
            assertThat(probe.waitFor(20, TimeUnit.SECONDS)).as("ffprobe finished").isTrue();
        } finally {
            probe.destroyForcibly();
        }
        assertThat(Files.readString(out)).contains("\"StreamTitle\": \"Listening to Papers (arXiv 2501.00031v1)\"");
    }

    /** What the clock does at each item: the cue, then its audio. */
    private void air(Segment segment, double seconds, double freq) {
        broadcast.segmentStarted(segment);
        short[] tone = AirFixtures.tone(seconds, freq);
        broadcast.write(tone, 0, tone.length);
    }

    /** How many whole frames {@code mp3} holds, checking each starts where the last ended. */
    private static int wholeFrames(byte[] mp3) {
        int off = 0;
        int frames = 0;
        while (off + 4 <= mp3.length) {
            int len = Mp3Frames.frameLength(mp3, off);
            assertThat(len).as("a frame at byte %d", off).isPositive();
            off += len;
            frames++;
        }
        return frames;
    }

    /** The tone's frequency between two times, from its rising zero crossings. */
    private static double frequency(short[] s, double from, double to) {
        int a = (int) (from * AirFixtures.RATE);
        int b = (int) (to * AirFixtures.RATE);
        int crossings = 0;
        for (int i = a + 1; i < b; i++) {
            if (s[i - 1] < 0 && s[i] >= 0) {
                crossings++;
            }
        }
        return crossings / (to - from);
    }

    private static String strictUtf8(byte[] b, int len) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b, 0, len)).toString();
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }

    /** A minimal ICY player: a raw HTTP/1.1 request, then the chunked body read as the stream. */
    private static final class Player implements AutoCloseable {

        private final Socket socket;
        private final InputStream raw;
        private int chunkLeft;

        private Player(Socket socket) throws IOException {
            this.socket = socket;
            this.raw = new BufferedInputStream(socket.getInputStream());
        }

        static Player connect(int port, boolean icy) throws IOException {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /live.mp3 HTTP/1.1\r\nHost: localhost\r\nUser-Agent: test-player\r\n"
                    + (icy ? "Icy-MetaData: 1\r\n" : "") + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new Player(socket);
        }

        /** The status line (as "status") and the headers, names in lower case. */
        Map<String, String> headers() throws IOException {
            Map<String, String> h = new LinkedHashMap<>();
            h.put("status", line());
            for (String l; !(l = line()).isEmpty(); ) {
                int colon = l.indexOf(':');
                h.put(l.substring(0, colon).strip().toLowerCase(Locale.ROOT), l.substring(colon + 1).strip());
            }
            assertThat(h).containsEntry("transfer-encoding", "chunked");
            return h;
        }

        byte[] readAudio(int n) throws IOException {
            byte[] b = new byte[n];
            for (int i = 0; i < n; i++) {
                b[i] = (byte) body();
            }
            return b;
        }

        /** The next metadata block's text without its padding; null for a block of length 0. */
        String readMetadata() throws IOException {
            byte[] b = readMetadataBytes();
            if (b.length == 0) {
                return null;
            }
            int end = b.length;
            while (end > 0 && b[end - 1] == 0) {
                end--;
            }
            return new String(b, 0, end, StandardCharsets.UTF_8);
        }

        byte[] readMetadataBytes() throws IOException {
            int units = body();
            return readAudio(units * 16);
        }

        private int body() throws IOException {
            if (chunkLeft == 0) {
                String size = line();
                if (size.isEmpty()) { // the CRLF after the previous chunk
                    size = line();
                }
                chunkLeft = Integer.parseInt(size.split(";")[0].strip(), 16);
                if (chunkLeft == 0) {
                    throw new EOFException("the stream ended");
                }
            }
            int c = raw.read();
            if (c < 0) {
                throw new EOFException();
            }
            chunkLeft--;
            return c;
        }

        private String line() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            for (int c; (c = raw.read()) != '\n'; ) {
                if (c < 0) {
                    throw new EOFException();
                }
                b.write(c);
            }
            String s = b.toString(StandardCharsets.UTF_8);
            return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
