package org.paperradio.tts.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.paperradio.tts.loudness.Ffmpeg;

/** MP3 encoded with jump3r's LAME and decoded back with its mpglib: the audio must survive. */
class Mp3RoundTripTest {

    @ParameterizedTest
    @CsvSource({"44100,96", "48000,128", "22050,64", "24000,48"})
    void aToneSurvivesEncodingAndDecoding(int rate, int kbps) throws IOException {
        Pcm in = Signals.sine(440, 0.5, 2.0, rate);
        byte[] mp3 = encode(in, kbps, 1000);

        // constant bitrate: size follows from length and bitrate (within a few frames)
        assertThat((double) mp3.length).isCloseTo(kbps * 1000 / 8.0 * 2.0, within(kbps * 1000 / 8.0 * 0.15));
        Pcm out = Mp3Decoder.decode(mp3, Duration.ofMinutes(1));
        assertThat(out.sampleRate()).isEqualTo(rate);
        assertThat(out.duration().minus(in.duration()).abs()).isLessThan(Duration.ofMillis(100));
        assertThat(Signals.toneAmplitude(out, 440)).isCloseTo(0.5, within(0.05));
        assertThat(Signals.toneAmplitude(out, 1000)).isLessThan(0.02);
    }

    @Test
    void blockSizeDoesNotChangeTheResult() throws IOException {
        Pcm in = Signals.sine(1000, 0.4, 1.0, 44_100);
        Pcm a = Mp3Decoder.decode(encode(in, 96, 100), Duration.ofMinutes(1));
        Pcm b = Mp3Decoder.decode(encode(in, 96, 44_100), Duration.ofMinutes(1));
        assertThat(a.length()).isEqualTo(b.length());
    }

    @Test
    void garbageAndOverlongInputAreRefused() throws IOException {
        byte[] junk = new byte[20_000];
        new Random(1).nextBytes(junk);
        for (int i = 0; i < junk.length; i++) {
            if ((junk[i] & 0xFF) == 0xFF) {
                junk[i] = 0; // no frame sync anywhere
            }
        }
        assertThatThrownBy(() -> Mp3Decoder.decode(junk, Duration.ofMinutes(1))).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> Mp3Decoder.decode(new byte[0], Duration.ofMinutes(1))).isInstanceOf(IOException.class);

        byte[] tenSeconds = encode(Signals.sine(440, 0.5, 10, 22_050), 32, 22_050);
        assertThatThrownBy(() -> Mp3Decoder.decode(tenSeconds, Duration.ofSeconds(3)))
                .isInstanceOf(IOException.class).hasMessageContaining("longer");
    }

    @Test
    void aFileThatEndsLoudIsDecodedToItsLastSample(@TempDir Path dir) throws Exception {
        Pcm in = Signals.sine(440, 0.5, 1.3, 24_000);
        byte[] ours = encode(in, 48, 4096);
        Pcm decoded = Mp3Decoder.decode(ours, Duration.ofMinutes(1));
        assertThat(soundingSpan(decoded)).as("our file").isCloseTo(in.length(), within(24_000 / 200));

        // ffmpeg reads our file to the same last sample
        Path file = Files.write(dir.resolve("ours.mp3"), ours);
        assertThat(Ffmpeg.decode(file, dir).length()).isEqualTo(decoded.length());

        // an MP3 from another encoder (LAME in ffmpeg) at 24 kHz, as speech servers answer, with
        // its Xing/LAME tag frame first
        Path wav = dir.resolve("in.wav");
        WavFiles.write(wav, in);
        Path theirs = dir.resolve("theirs.mp3");
        Process p = new ProcessBuilder(Ffmpeg.FFMPEG.toString(), "-v", "error", "-nostdin", "-y", "-i", wav.toString(),
                "-c:a", "libmp3lame", "-b:a", "48k", theirs.toString()).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).isZero();
        Pcm other = Mp3Decoder.decode(Files.readAllBytes(theirs), Duration.ofMinutes(1));
        assertThat(soundingSpan(other)).as("LAME's file").isCloseTo(in.length(), within(24_000 / 200));
    }

    /** Samples from the first to the last one above -30 dBFS. */
    private static int soundingSpan(Pcm pcm) {
        short[] s = pcm.samples();
        int first = 0;
        while (first < s.length && Math.abs(s[first]) < 1000) {
            first++;
        }
        int last = s.length - 1;
        while (last > first && Math.abs(s[last]) < 1000) {
            last--;
        }
        return last - first + 1;
    }

    static byte[] encode(Pcm pcm, int kbps, int block) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Mp3Encoder enc = new Mp3Encoder(pcm.sampleRate(), kbps)) {
            for (int off = 0; off < pcm.length(); off += block) {
                out.writeBytes(enc.encode(pcm.samples(), off, Math.min(block, pcm.length() - off)));
            }
            out.writeBytes(enc.finish());
        }
        return out.toByteArray();
    }
}
