package org.paperradio.stream.playout;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.License;
import org.paperradio.core.paper.LineTiming;
import org.paperradio.core.paper.PaperMeta;
import org.paperradio.core.paper.PaperRecord;
import org.paperradio.core.paper.SegmentAudio;
import org.paperradio.core.paper.Stage;
import org.paperradio.core.store.PaperFiles;
import org.paperradio.core.store.PaperStore;
import org.paperradio.tts.audio.Mp3Encoder;
import org.paperradio.tts.audio.Pcm;

/** Test material: voiced papers with real WAV/MP3 files in a real store, and MP3 decoding. */
public final class AirFixtures {

    public static final int RATE = 44100;

    private AirFixtures() {
    }

    /** A sine tone at a quarter of full scale. */
    public static short[] tone(double seconds, double freq) {
        short[] s = new short[(int) Math.round(seconds * RATE)];
        for (int i = 0; i < s.length; i++) {
            s[i] = (short) Math.round(8000 * Math.sin(2 * Math.PI * freq * i / RATE));
        }
        return s;
    }

    public static Pcm pcm(double seconds, double freq) {
        return new Pcm(tone(seconds, freq), RATE);
    }

    public static void writeWav(Path file, short[] samples, int rate) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short s : samples) {
            bytes.putShort(s);
        }
        AudioFormat format = new AudioFormat(rate, 16, 1, true, false);
        Files.createDirectories(file.getParent());
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(bytes.array()), format, samples.length)) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, file.toFile());
        }
    }

    /**
     * Stores a paper at VOICED with a tone of {@code seconds} as segment.wav and segment.mp3, and a
     * timing.json with one line by "ada" for the first half and one by "ben" for the second.
     */
    public static PaperRecord voicedPaper(PaperStore store, String id, String title, double seconds, double freq)
            throws IOException {
        return voicedPaper(store, id, title, seconds, freq, null);
    }

    /** As above, under the given license (null: unknown). */
    public static PaperRecord voicedPaper(PaperStore store, String id, String title, double seconds, double freq,
                                          License license) throws IOException {
        ArxivId arxiv = ArxivId.parse(id);
        PaperMeta meta = new PaperMeta(arxiv, title, List.of("Ada Lovelace", "Alan Turing"), "An abstract.",
                List.of("cs.AI"), Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:00Z"),
                URI.create("https://arxiv.org/pdf/" + id), license);
        store.add(meta);
        short[] samples = tone(seconds, freq);
        writeWav(store.file(arxiv, PaperFiles.WAV), samples, RATE);
        try (Mp3Encoder enc = new Mp3Encoder(RATE, 96)) {
            byte[] a = enc.encode(samples, 0, samples.length);
            byte[] b = enc.finish();
            byte[] all = new byte[a.length + b.length];
            System.arraycopy(a, 0, all, 0, a.length);
            System.arraycopy(b, 0, all, a.length, b.length);
            Files.write(store.file(arxiv, PaperFiles.MP3), all);
        }
        Duration length = Duration.ofMillis(Math.round(seconds * 1000));
        Duration half = length.dividedBy(2);
        store.writeJson(arxiv, PaperFiles.TIMING, new SegmentAudio(arxiv, length, RATE, 1, List.of(
                new LineTiming(0, "ada", "Welcome to the show.", Duration.ZERO, half),
                new LineTiming(1, "ben", "Today: a paper.", half, length))));
        return store.advance(arxiv, Stage.VOICED);
    }

    /**
     * Decodes MP3 bytes to mono PCM at {@link #RATE} with ffmpeg or mpg123; empty when neither is
     * installed.
     */
    public static Optional<short[]> decodeMp3(byte[] mp3, Path dir) throws IOException, InterruptedException {
        Path in = dir.resolve("decode-in.mp3");
        Path out = dir.resolve("decode-out.raw");
        Files.write(in, mp3);
        List<String> cmd;
        if (onPath("ffmpeg")) {
            cmd = List.of("ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "mp3", "-i", in.toString(),
                    "-f", "s16le", "-ac", "1", "-ar", String.valueOf(RATE), out.toString());
        } else if (onPath("mpg123")) {
            cmd = List.of("mpg123", "-q", "-m", "-r", String.valueOf(RATE), "-e", "s16", "-O", out.toString(),
                    in.toString());
        } else {
            return Optional.empty();
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("decode.log").toFile()).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("decoder timed out: " + cmd);
        }
        if (p.exitValue() != 0) {
            throw new IOException("decoder failed (" + p.exitValue() + "): " + Files.readString(dir.resolve("decode.log")));
        }
        byte[] raw = Files.readAllBytes(out);
        ByteBuffer buf = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        short[] pcm = new short[raw.length / 2];
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = buf.getShort();
        }
        return Optional.of(pcm);
    }

    public static double rms(short[] s) {
        return new Pcm(s, RATE).rms();
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        List<String> dirs = new ArrayList<>(List.of(path.split(java.io.File.pathSeparator)));
        for (String d : dirs) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }
}
