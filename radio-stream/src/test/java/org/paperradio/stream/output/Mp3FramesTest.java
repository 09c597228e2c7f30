package org.paperradio.stream.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.paperradio.stream.playout.AirFixtures;
import org.paperradio.tts.audio.Mp3Encoder;

class Mp3FramesTest {

    private static byte[] encode(double seconds, int rate, int kbps) {
        short[] pcm = new short[(int) (seconds * rate)];
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (short) (8000 * Math.sin(2 * Math.PI * 440 * i / rate));
        }
        try (Mp3Encoder enc = new Mp3Encoder(rate, kbps)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(enc.encode(pcm, 0, pcm.length));
            out.writeBytes(enc.finish());
            return out.toByteArray();
        }
    }

    @Test
    void cutsAnEncodedStreamFedInOddPiecesIntoItsFrames() {
        byte[] mp3 = encode(2.0, 44100, 96);
        Mp3Frames framer = new Mp3Frames();
        List<byte[]> frames = new ArrayList<>();
        Random random = new Random(7);
        for (int pos = 0; pos < mp3.length; ) {
            int n = Math.min(mp3.length - pos, 1 + random.nextInt(700));
            byte[] piece = new byte[n];
            System.arraycopy(mp3, pos, piece, 0, n);
            frames.addAll(framer.feed(piece));
            pos += n;
        }
        // 96 kbit/s at 44.1 kHz: 313 or 314 bytes a frame, 1152 samples each
        assertThat(frames).allSatisfy(f -> assertThat(f.length).isIn(313, 314));
        assertThat(frames.size()).isBetween(2 * 44100 / 1152, 2 * 44100 / 1152 + 4);
        assertThat(frames.stream().mapToInt(f -> f.length).sum()).isEqualTo(mp3.length);
        assertThat(framer.skippedBytes()).isZero();
    }

    @Test
    void skipsJunkAndId3TagsAndReadsMpeg2() {
        byte[] mp3 = encode(1.0, 22050, 48);
        byte[] id3 = {'I', 'D', '3', 4, 0, 0, 0, 0, 0, 5, 1, 2, 3, 4, 5};
        byte[] junk = {1, 2, 3, (byte) 0xff, 0};
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(id3);
        all.writeBytes(junk);
        all.writeBytes(mp3);
        Mp3Frames framer = new Mp3Frames();
        List<byte[]> frames = framer.feed(all.toByteArray());
        assertThat(frames.stream().mapToInt(f -> f.length).sum()).isEqualTo(mp3.length);
        assertThat(framer.skippedBytes()).isEqualTo(junk.length);
        assertThat(Mp3Frames.sampleRate(frames.get(0), 0)).isEqualTo(22050);
        // MPEG-2 Layer III: 72 * 48000 / 22050 = 156 bytes (+1 with padding)
        assertThat(frames).allSatisfy(f -> assertThat(f.length).isIn(156, 157));
    }

    @Test
    void rejectsWhatIsNotALayer3Header() {
        assertThat(Mp3Frames.frameLength(new byte[] {(byte) 0xff, (byte) 0xfb, (byte) 0x70, 0}, 0)).isEqualTo(313);
        assertThat(Mp3Frames.frameLength(new byte[] {(byte) 0xff, (byte) 0xfb, (byte) 0xf0, 0}, 0)).isEqualTo(-1);
        assertThat(Mp3Frames.frameLength(new byte[] {(byte) 0xff, (byte) 0xfd, (byte) 0x70, 0}, 0)).isEqualTo(-1);
        assertThat(Mp3Frames.frameLength(new byte[] {(byte) 0xfe, (byte) 0xfb, (byte) 0x70, 0}, 0)).isEqualTo(-1);
        assertThat(Mp3Frames.frameLength(new byte[] {(byte) 0xff, (byte) 0xfb}, 0)).isEqualTo(-1);
        assertThat(AirFixtures.RATE).isEqualTo(44100);
    }
}
