package org.paperradio.tts.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.paperradio.tts.audio.Mp3Encoder;
import org.paperradio.tts.audio.Pcm;
import org.paperradio.tts.audio.WavFiles;

/**
 * A local speech server for the benchmark: OpenAI's {@code POST /v1/audio/speech} on loopback,
 * answered by the espeak-ng engine (the Debian package), WAV or MP3 as asked. It stands in for
 * the Kokoro or Piper front ends the station's server backend is meant for, with a real engine
 * behind a real socket. Keeps the time spent inside espeak-ng, so the client's own cost
 * (HTTP, decoding, resampling) can be told apart.
 */
final class EspeakSpeechServer implements AutoCloseable {

    private static final Pattern VOICE = Pattern.compile("[A-Za-z0-9+_-]{1,40}");
    private static final int ESPEAK_WPM = 175;

    private final HttpServer server;
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicLong engineNanos = new AtomicLong();

    EspeakSpeechServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/v1/audio/speech", this::speech);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
    }

    static boolean installed() {
        try {
            Process p = new ProcessBuilder("espeak-ng", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Nanoseconds spent inside espeak-ng so far. */
    long engineNanos() {
        return engineNanos.get();
    }

    private void speech(HttpExchange ex) throws IOException {
        try (ex) {
            if (!ex.getRequestMethod().equals("POST")) {
                send(ex, 405, "text/plain", "POST only".getBytes(StandardCharsets.UTF_8));
                return;
            }
            JsonNode body = json.readTree(ex.getRequestBody().readNBytes(1 << 20));
            String input = body.path("input").asText("");
            String voice = body.path("voice").asText("en-us");
            String format = body.path("response_format").asText("mp3").toLowerCase(Locale.ROOT);
            double speed = body.path("speed").asDouble(1.0);
            if (input.isBlank() || !VOICE.matcher(voice).matches()) {
                send(ex, 400, "application/json", "{\"error\":{\"message\":\"bad input or voice\"}}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            long t0 = System.nanoTime();
            Pcm pcm = espeak(input, voice, speed);
            byte[] audio;
            if (format.equals("wav")) {
                audio = WavFiles.toBytes(pcm);
            } else {
                Mp3Encoder enc = new Mp3Encoder(pcm.sampleRate(), 128);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.writeBytes(enc.encode(pcm));
                out.writeBytes(enc.finish());
                enc.close();
                audio = out.toByteArray();
            }
            engineNanos.addAndGet(System.nanoTime() - t0);
            send(ex, 200, format.equals("wav") ? "audio/wav" : "audio/mpeg", audio);
        } catch (IOException | RuntimeException e) {
            send(ex, 500, "application/json", ("{\"error\":{\"message\":\"" + e.getClass().getSimpleName() + "\"}}")
                    .getBytes(StandardCharsets.UTF_8));
        }
    }

    /** espeak-ng's WAV on stdout has no length in its header: the samples after it are read as they come. */
    private static Pcm espeak(String text, String voice, double speed) throws IOException {
        Process p = new ProcessBuilder(List.of("espeak-ng", "--stdout", "-v", voice,
                "-s", Integer.toString((int) Math.round(ESPEAK_WPM * speed))))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(text.getBytes(StandardCharsets.UTF_8));
        }
        byte[] wav;
        try (InputStream out = p.getInputStream()) {
            wav = out.readAllBytes();
        }
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0 || wav.length < 44) {
                p.destroyForcibly();
                throw new IOException("espeak-ng failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        int rate = b.getInt(24);
        short[] s = new short[(wav.length - 44) / 2];
        b.position(44);
        b.asShortBuffer().get(s);
        return new Pcm(s, rate);
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, body.length);
        ex.getResponseBody().write(body);
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
