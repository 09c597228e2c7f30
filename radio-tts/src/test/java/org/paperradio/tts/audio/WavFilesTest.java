package org.paperradio.tts.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavFilesTest {

    @TempDir
    Path dir;

    @Test
    void roundTripsSamplesExactly() throws IOException {
        Pcm in = Signals.sine(440, 0.9, 0.5, 44_100);
        in.samples()[0] = Short.MIN_VALUE;
        in.samples()[1] = Short.MAX_VALUE;
        Path f = dir.resolve("a.wav");
        WavFiles.write(f, in);

        assertThat(Files.size(f)).isEqualTo(44 + 2L * in.length());
        Pcm back = WavFiles.read(f);
        assertThat(back.sampleRate()).isEqualTo(44_100);
        assertThat(back.samples()).isEqualTo(in.samples());
    }

    @Test
    void writesWhatJavaSoundReadsAndReadsWhatJavaSoundWrites() throws Exception {
        Pcm in = Signals.sine(1000, 0.5, 0.25, 48_000);
        try (AudioInputStream ais = AudioSystem.getAudioInputStream(new ByteArrayInputStream(WavFiles.toBytes(in)))) {
            AudioFormat f = ais.getFormat();
            assertThat(f.getSampleRate()).isEqualTo(48_000f);
            assertThat(f.getChannels()).isEqualTo(1);
            assertThat(f.getSampleSizeInBits()).isEqualTo(16);
            assertThat(ais.getFrameLength()).isEqualTo(in.length());
        }

        byte[] pcmBytes = new byte[2 * in.length()];
        for (int i = 0; i < in.length(); i++) {
            pcmBytes[2 * i] = (byte) in.samples()[i];
            pcmBytes[2 * i + 1] = (byte) (in.samples()[i] >> 8);
        }
        AudioFormat fmt = new AudioFormat(48_000, 16, 1, true, false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AudioSystem.write(new AudioInputStream(new ByteArrayInputStream(pcmBytes), fmt, in.length()),
                AudioFileFormat.Type.WAVE, out);
        Pcm back = WavFiles.read(new ByteArrayInputStream(out.toByteArray()));
        assertThat(back.samples()).isEqualTo(in.samples());
    }

    @Test
    void skipsUnknownChunksAndRejectsWhatItCannotRead() throws IOException {
        Pcm in = Signals.sine(440, 0.5, 0.01, 22_050);
        byte[] plain = WavFiles.toBytes(in);
        // insert a LIST chunk between fmt and data, as many tools do
        ByteArrayOutputStream withList = new ByteArrayOutputStream();
        withList.write(plain, 0, 36);
        withList.write(new byte[] {'L', 'I', 'S', 'T', 3, 0, 0, 0, 'a', 'b', 'c', 0});
        withList.write(plain, 36, plain.length - 36);
        assertThat(WavFiles.read(new ByteArrayInputStream(withList.toByteArray())).samples()).isEqualTo(in.samples());

        assertThatThrownBy(() -> WavFiles.read(new ByteArrayInputStream("not a wav file at all".getBytes())))
                .isInstanceOf(IOException.class).hasMessageContaining("RIFF");
        byte[] stereo = plain.clone();
        stereo[22] = 2;
        assertThatThrownBy(() -> WavFiles.read(new ByteArrayInputStream(stereo)))
                .isInstanceOf(IOException.class).hasMessageContaining("2 channels");
        byte[] truncated = Arrays.copyOf(plain, 30);
        assertThatThrownBy(() -> WavFiles.read(new ByteArrayInputStream(truncated))).isInstanceOf(IOException.class);
    }
}
