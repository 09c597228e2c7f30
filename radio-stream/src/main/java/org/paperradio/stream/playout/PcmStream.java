package org.paperradio.stream.playout;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import org.paperradio.tts.audio.Pcm;

/** A source of mono 16-bit samples at the air's sample rate, read block by block. */
interface PcmStream extends Closeable {

    /** Reads up to {@code len} samples; returns how many, or -1 at the end. */
    int read(short[] buf, int off, int len) throws IOException;

    @Override
    default void close() throws IOException {
    }

    /** Samples held in memory (idents, the interval signal). */
    static PcmStream of(Pcm pcm) {
        short[] all = pcm.samples();
        return new PcmStream() {
            private int pos;

            @Override
            public int read(short[] buf, int off, int len) {
                if (pos >= all.length) {
                    return -1;
                }
                int n = Math.min(len, all.length - pos);
                System.arraycopy(all, pos, buf, off, n);
                pos += n;
                return n;
            }
        };
    }

    /**
     * A WAV file read as it airs. A file in another PCM format (rate, channels, byte order) is
     * converted by the JDK's converters; one they cannot convert is refused.
     */
    static PcmStream ofWav(Path wav, int sampleRate) throws IOException {
        AudioInputStream in;
        try {
            in = AudioSystem.getAudioInputStream(wav.toFile());
        } catch (UnsupportedAudioFileException e) {
            throw new IOException("not a readable WAV file: " + wav.getFileName() + " (" + e.getMessage() + ")", e);
        }
        AudioFormat target = new AudioFormat(sampleRate, 16, 1, true, false);
        AudioFormat source = in.getFormat();
        if (!source.matches(target)) {
            if (!AudioSystem.isConversionSupported(target, source)) {
                in.close();
                throw new IOException("cannot convert " + source + " to " + target + ": " + wav.getFileName());
            }
            in = AudioSystem.getAudioInputStream(target, in);
        }
        AudioInputStream audio = in;
        return new PcmStream() {
            private byte[] bytes = new byte[0];

            @Override
            public int read(short[] buf, int off, int len) throws IOException {
                if (bytes.length < 2 * len) {
                    bytes = new byte[2 * len];
                }
                int n = audio.readNBytes(bytes, 0, 2 * len);
                if (n < 2) {
                    return -1;
                }
                int samples = n / 2;
                for (int i = 0; i < samples; i++) {
                    buf[off + i] = (short) ((bytes[2 * i] & 0xff) | (bytes[2 * i + 1] << 8));
                }
                return samples;
            }

            @Override
            public void close() throws IOException {
                audio.close();
            }
        };
    }
}
