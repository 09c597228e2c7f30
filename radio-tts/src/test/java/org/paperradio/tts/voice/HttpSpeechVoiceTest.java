package org.paperradio.tts.voice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.paperradio.tts.audio.Mp3Encoder;
import org.paperradio.tts.audio.Pcm;
import org.paperradio.tts.audio.Signals;
import org.paperradio.tts.audio.WavFiles;

/**
 * The OpenAI-compatible speech voice against a real HTTP server on loopback (MockWebServer)
 * that answers like Kokoro-FastAPI or OpenAI would: WAV and MP3 audio, streamed WAV of unknown
 * length, errors, redirects, garbage, hangs, stalls and oversized answers.
 */
class HttpSpeechVoiceTest {

    static final int STATION_RATE = 48_000;
    private static final String KEY = "sk-test-9f8e7d6c5b4a";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MockWebServer server = new MockWebServer();

    @BeforeEach
    void start() throws IOException {
        server.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    static HttpSpeechVoice.Settings settings(URI base, String key, String format, Duration timeout) {
        return new HttpSpeechVoice.Settings(base, "kokoro", "af_heart", key, timeout, format, 1.1, STATION_RATE);
    }

    /** The server's base URL, without a path. */
    static URI base(MockWebServer server) {
        return URI.create("http://" + server.getHostName() + ":" + server.getPort());
    }

    private HttpSpeechVoice voice() {
        return new HttpSpeechVoice(settings(base(server), KEY, "wav", Duration.ofSeconds(5)));
    }

    /** An answer with a Content-Length. */
    static MockResponse answer(int status, String contentType, byte[] body) {
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", contentType)
                .setBody(new Buffer().write(body));
    }

    /** Chunked transfer, no Content-Length: how a streaming server answers. */
    static MockResponse chunked(int status, String contentType, byte[] body, int chunk) {
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", contentType)
                .setChunkedBody(new Buffer().write(body), chunk);
    }

    /** The requests the server has had since the last call. */
    static List<RecordedRequest> drained(MockWebServer server) throws InterruptedException {
        List<RecordedRequest> out = new ArrayList<>();
        for (RecordedRequest r; (r = server.takeRequest(0, TimeUnit.MILLISECONDS)) != null; ) {
            out.add(r);
        }
        return out;
    }

    @Test
    void aWavAnswerComesBackAtTheStationRateAndTheRequestIsWhatTheApiWants() throws Exception {
        Pcm tone = Signals.sine(440, 0.5, 1.0, 24_000);
        // the Content-Type says nothing useful: the bytes decide
        server.enqueue(answer(200, "application/octet-stream", WavFiles.toBytes(tone)));

        Pcm out = voice().speak("Attention is all you need.");

        assertThat(out.sampleRate()).isEqualTo(STATION_RATE);
        assertThat(out.duration().toMillis()).isCloseTo(1000, within(5L));
        assertThat(frequency(out)).isCloseTo(440, within(2.0));
        assertThat(Signals.toneAmplitude(out, 440)).isCloseTo(0.5, within(0.02));
        assertThat(Signals.toneAmplitude(out, 880)).isLessThan(0.01);

        RecordedRequest r = server.takeRequest(1, TimeUnit.SECONDS);
        assertThat(r.getMethod()).isEqualTo("POST");
        assertThat(r.getPath()).isEqualTo("/v1/audio/speech");
        assertThat(r.getHeader("Content-Type")).startsWith("application/json");
        assertThat(r.getHeader("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(r.getHeader("Accept")).startsWith("audio/wav");
        JsonNode body = JSON.readTree(r.getBody().readByteArray());
        assertThat(body.get("model").asText()).isEqualTo("kokoro");
        assertThat(body.get("voice").asText()).isEqualTo("af_heart");
        assertThat(body.get("input").asText()).isEqualTo("Attention is all you need.");
        assertThat(body.get("response_format").asText()).isEqualTo("wav");
        assertThat(body.get("speed").asDouble()).isEqualTo(1.1);
    }

    @Test
    void anMp3AnswerIsDecodedAndResampledAndNoKeyMeansNoAuthorization() throws Exception {
        Pcm tone = Signals.sine(440, 0.5, 1.5, 24_000);
        byte[] mp3;
        try (Mp3Encoder enc = new Mp3Encoder(24_000, 64)) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            b.writeBytes(enc.encode(tone));
            b.writeBytes(enc.finish());
            mp3 = b.toByteArray();
        }
        // a server that labels MP3 as WAV: sniffing must still find the MP3
        server.enqueue(answer(200, "audio/wav", mp3));
        URI base = URI.create(base(server) + "/v1/"); // the OpenAI-client style base URL works too
        HttpSpeechVoice voice = new HttpSpeechVoice(settings(base, null, "mp3", Duration.ofSeconds(5)));

        Pcm out = voice.speak("Hello there.");

        assertThat(out.sampleRate()).isEqualTo(STATION_RATE);
        // the decoder keeps the encoder delay and padding: up to about 100 ms more
        assertThat(out.duration().toMillis()).isBetween(1490L, 1620L);
        assertThat(frequency(out)).isCloseTo(440, within(3.0));
        assertThat(Signals.toneAmplitude(out, 440)).isCloseTo(0.5, within(0.05));

        RecordedRequest r = server.takeRequest(1, TimeUnit.SECONDS);
        assertThat(r.getPath()).isEqualTo("/v1/audio/speech");
        assertThat(r.getHeader("Authorization")).isNull();
        assertThat(r.getHeader("Accept")).startsWith("audio/mpeg");
        assertThat(JSON.readTree(r.getBody().readByteArray()).get("response_format").asText()).isEqualTo("mp3");
    }

    @Test
    void aStreamedStereoWavOfUnknownLengthIsReadToTheEndAndMixedDown() throws Exception {
        Pcm left = Signals.sine(440, 0.4, 1.0, 22_050);
        Pcm right = Signals.sine(1000, 0.4, 1.0, 22_050);
        byte[] wav = stereoWav(left, right, 0xFFFF_FFFFL);
        server.enqueue(chunked(200, "audio/wav", wav, 4096));

        Pcm out = voice().speak("Two channels.");

        assertThat(out.sampleRate()).isEqualTo(STATION_RATE);
        assertThat(out.duration().toMillis()).isCloseTo(1000, within(5L));
        // both channels are in the mix, each at half level
        assertThat(Signals.toneAmplitude(out, 440)).isCloseTo(0.2, within(0.02));
        assertThat(Signals.toneAmplitude(out, 1000)).isCloseTo(0.2, within(0.02));
    }

    @Test
    void serverErrorsBecomeVoiceExceptionsWithStatusAndBodyButNeverTheKey() {
        server.enqueue(answer(500, "application/json",
                "{\"detail\":\"model exploded\\n while loading\"}".getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> voice().speak("Hello."))
                .isInstanceOf(VoiceException.class)
                .hasMessageContaining("HTTP 500")
                .hasMessageContaining("model exploded")
                .hasMessageContaining(base(server).getHost());

        server.enqueue(answer(401, "application/json",
                ("{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + ".\"}}").getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> voice().speak("Hello."))
                .isInstanceOf(VoiceException.class)
                .hasMessageContaining("HTTP 401")
                .hasMessageContaining("Incorrect API key provided")
                .hasMessageNotContaining(KEY);

        // a huge error page is read only far enough for a short message
        server.enqueue(chunked(502, "text/html", "<html>Bad gateway ".repeat(100_000).getBytes(StandardCharsets.UTF_8),
                8192));
        assertThatThrownBy(() -> voice().speak("Hello."))
                .isInstanceOf(VoiceException.class)
                .hasMessageContaining("HTTP 502: <html>Bad gateway")
                .hasMessageEndingWith("...")
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(400));
    }

    @Test
    void garbageAndUnsupportedAudioAreRefusedWithAReason() {
        server.enqueue(answer(200, "audio/wav", "<html>Bad gateway</html>".getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> voice().speak("Hello."))
                .isInstanceOf(VoiceException.class)
                .hasMessageContaining("neither WAV nor MP3")
                .hasMessageContaining("Bad gateway");

        byte[] truncated = Arrays.copyOf(WavFiles.toBytes(Signals.sine(440, 0.5, 0.1, 24_000)), 30);
        server.enqueue(answer(200, "audio/wav", truncated));
        assertThatThrownBy(() -> voice().speak("Hello."))
                .isInstanceOf(VoiceException.class)
                .hasMessageContaining("fmt chunk");

        byte[] mp3Looking = new byte[2000];
        new Random(7).nextBytes(mp3Looking);
        mp3Looking[0] = (byte) 0xFF;
        mp3Looking[1] = (byte) 0xFB;
        mp3Looking[2] = (byte) 0x90;
        server.enqueue(answer(200, "audio/mpeg", mp3Looking));
        assertThatThrownBy(() -> voice().speak("Hello."))
                .isInstanceOf(VoiceException.class);

        byte[] float32 = WavFiles.toBytes(Signals.sine(440, 0.5, 0.1, 24_000));
        ByteBuffer.wrap(float32).order(ByteOrder.LITTLE_ENDIAN).putShort(20, (short) 3).putShort(34, (short) 32);
        server.enqueue(answer(200, "audio/wav", float32));
        assertThatThrownBy(() -> voice().speak("Hello."))
                .isInstanceOf(VoiceException.class)
                .hasMessageContaining("not 16-bit PCM");

        server.enqueue(answer(200, "audio/wav", WavFiles.toBytes(Pcm.empty(24_000))));
        assertThatThrownBy(() -> voice().speak("Hello."))
                .isInstanceOf(VoiceException.class)
                .hasMessageContaining("no audio");
    }

    @Test
    void aServerThatHangsOrStallsMidAnswerTimesOut() {
        HttpSpeechVoice voice = new HttpSpeechVoice(settings(base(server), KEY, "wav", Duration.ofMillis(600)));

        // reads the request, never answers, keeps the connection open
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> voice.speak("Hello."))
                .isInstanceOf(VoiceException.class)
                .hasMessageContaining("no complete answer within 600 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));

        // headers and the first 1000 bytes arrive at once, then nothing for 2 s (the rest would take
        // minutes): a timeout on the headers alone would not end this
        byte[] wav = WavFiles.toBytes(Signals.sine(440, 0.5, 2.0, 24_000));
        server.enqueue(answer(200, "audio/wav", wav).throttleBody(1000, 2, TimeUnit.SECONDS));
        long t1 = System.nanoTime();
        assertThatThrownBy(() -> voice.speak("Hello."))
                .isInstanceOf(VoiceException.class)
                .hasMessageContaining("no complete answer within 600 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - t1)).isLessThan(Duration.ofMillis(1900));

        // headers at once, the whole body only after a delay longer than the timeout
        server.enqueue(answer(200, "audio/wav", wav).setBodyDelay(1500, TimeUnit.MILLISECONDS));
        long t2 = System.nanoTime();
        assertThatThrownBy(() -> voice.speak("Hello."))
                .isInstanceOf(VoiceException.class)
                .hasMessageContaining("no complete answer within 600 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - t2)).isLessThan(Duration.ofMillis(1400));
    }

    @Test
    void redirectsAreNotFollowedSoTheKeyStaysWithTheServer() throws Exception {
        try (MockWebServer elsewhere = new MockWebServer()) {
            elsewhere.start();
            elsewhere.enqueue(answer(200, "audio/wav", WavFiles.toBytes(Signals.sine(440, 0.5, 0.5, 24_000))));
            server.enqueue(new MockResponse().setResponseCode(307)
                    .setHeader("Location", elsewhere.url("/v1/audio/speech")));

            assertThatThrownBy(() -> voice().speak("Hello."))
                    .isInstanceOf(VoiceException.class)
                    .hasMessageContaining("HTTP 307");
            assertThat(elsewhere.getRequestCount()).isZero();
        }
    }

    @Test
    void anOversizedAnswerIsRefusedWhetherDeclaredOrStreamed() {
        HttpSpeechVoice voice = new HttpSpeechVoice(settings(base(server), KEY, "wav", Duration.ofSeconds(5)),
                HttpSpeechVoice.defaultClient(Duration.ofSeconds(5)), 100_000);
        byte[] small = WavFiles.toBytes(Signals.sine(440, 0.5, 1.0, 24_000)); // 48 KB
        byte[] big = WavFiles.toBytes(Signals.sine(440, 0.5, 6.0, 24_000)); // 288 KB

        // refused by its Content-Length, before reading
        server.enqueue(answer(200, "audio/wav", big));
        assertThatThrownBy(() -> voice.speak("Hello."))
                .isInstanceOf(VoiceException.class)
                .hasMessageContaining("larger than the allowed 100000 bytes (" + big.length + " bytes)");

        server.enqueue(chunked(200, "audio/wav", big, 8192));
        assertThatThrownBy(() -> voice.speak("Hello."))
                .isInstanceOf(VoiceException.class)
                .hasMessageContaining("larger than the allowed 100000 bytes");

        // and an answer under the cap still works with the same voice
        server.enqueue(answer(200, "audio/wav", small));
        assertThat(voiceSpeaks(voice)).isCloseTo(1000, within(5L));
        server.enqueue(chunked(200, "audio/wav", small, 8192));
        assertThat(voiceSpeaks(voice)).isCloseTo(1000, within(5L));
    }

    private static long voiceSpeaks(HttpSpeechVoice voice) {
        try {
            return voice.speak("Short.").duration().toMillis();
        } catch (VoiceException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void nothingToSayMakesNoCallAndLongTextGoesInPieces() throws Exception {
        HttpSpeechVoice voice = voice();
        assertThat(voice.speak("   ").isEmpty()).isTrue();
        assertThat(voice.speak(" ... !? ").isEmpty()).isTrue();
        assertThat(voice.speak("").sampleRate()).isEqualTo(STATION_RATE);
        assertThat(server.getRequestCount()).isZero();

        String sentence = "This sentence is about transformers and their attention heads. ";
        String text = sentence.repeat(9_000 / sentence.length() + 1).strip();
        for (int i = 0; i < 3; i++) {
            server.enqueue(answer(200, "audio/wav", WavFiles.toBytes(Signals.sine(440, 0.5, 0.5, 24_000))));
        }

        Pcm out = voice.speak(text);

        List<RecordedRequest> requests = drained(server);
        assertThat(requests).hasSize(3);
        StringBuilder sent = new StringBuilder();
        for (RecordedRequest r : requests) {
            String input = JSON.readTree(r.getBody().readByteArray()).get("input").asText();
            assertThat(input.length()).isLessThanOrEqualTo(HttpSpeechVoice.MAX_INPUT_CHARS);
            assertThat(input).endsWith("heads."); // cut after a sentence
            sent.append(input).append(' ');
        }
        assertThat(sent.toString().strip()).isEqualTo(text);
        assertThat(out.duration().toMillis()).isCloseTo(1500, within(5L));
    }

    @Test
    void anUnreachableServerIsAVoiceException() throws IOException {
        URI base = base(server);
        server.shutdown();
        HttpSpeechVoice voice = new HttpSpeechVoice(settings(base, KEY, "wav", Duration.ofSeconds(3)));
        assertThatThrownBy(() -> voice.speak("Hello."))
                .isInstanceOf(VoiceException.class)
                .hasMessageContaining(base.getHost() + ":" + base.getPort())
                .hasMessageContaining("cannot be reached")
                .hasMessageNotContaining(KEY);
    }

    @Test
    void settingsAreCheckedAndNeverShowTheKey() {
        HttpSpeechVoice.Settings s = settings(URI.create("https://api.openai.com"), KEY, "MP3", Duration.ofSeconds(30));
        assertThat(s.format()).isEqualTo("mp3");
        assertThat(s.toString()).doesNotContain(KEY).contains("apiKey=***");
        HttpSpeechVoice voice = new HttpSpeechVoice(s);
        assertThat(voice.name()).isEqualTo("kokoro/af_heart@api.openai.com").doesNotContain(KEY);
        assertThat(HttpSpeechVoice.endpoint(URI.create("http://localhost:8880/")))
                .isEqualTo(URI.create("http://localhost:8880/v1/audio/speech"));
        assertThat(HttpSpeechVoice.endpoint(URI.create("http://gpu:8000/tts/v1")))
                .isEqualTo(URI.create("http://gpu:8000/tts/v1/audio/speech"));

        assertThatThrownBy(() -> settings(URI.create("file:///etc/passwd"), null, "wav", Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> settings(URI.create("http://x"), null, "flac", Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> settings(URI.create("http://x"), null, "wav", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Frequency from upward zero crossings over the middle half (the resampler's edges left out). */
    static double frequency(Pcm pcm) {
        short[] x = pcm.samples();
        int from = x.length / 4;
        int to = 3 * x.length / 4;
        int first = -1;
        int last = -1;
        int crossings = 0;
        for (int i = from + 1; i < to; i++) {
            if (x[i - 1] < 0 && x[i] >= 0) {
                if (first < 0) {
                    first = i;
                } else {
                    crossings++;
                }
                last = i;
            }
        }
        return crossings == 0 ? 0 : crossings * (double) pcm.sampleRate() / (last - first);
    }

    /** A 16-bit stereo WAV with the given data length field (0xFFFFFFFF as streaming servers write it). */
    static byte[] stereoWav(Pcm left, Pcm right, long dataLengthField) {
        int frames = left.length();
        ByteBuffer b = ByteBuffer.allocate(44 + 4 * frames).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt((int) dataLengthField);
        b.put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16);
        b.putShort((short) 1).putShort((short) 2).putInt(left.sampleRate()).putInt(left.sampleRate() * 4);
        b.putShort((short) 4).putShort((short) 16);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt((int) dataLengthField);
        for (int i = 0; i < frames; i++) {
            b.putShort(left.samples()[i]).putShort(right.samples()[i]);
        }
        return b.array();
    }

}
