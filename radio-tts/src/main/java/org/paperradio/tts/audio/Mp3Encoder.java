package org.paperradio.tts.audio;

import de.sciss.jump3r.lowlevel.LameEncoder;
import java.io.ByteArrayOutputStream;
import javax.sound.sampled.AudioFormat;

/**
 * A streaming mono CBR MP3 encoder (jump3r, a pure-Java LAME port). Feed PCM blocks of any
 * size; each call returns the MP3 bytes that are ready. Not thread-safe: one owner at a time.
 *
 * <p>Like LAME itself, the encoder scales its input by 0.95 (-0.45 dB) at the station's bitrates
 * (LAME's bitrate presets leave that headroom against clipping in decoders; ffmpeg's libmp3lame
 * measures the same; at 320 kbit/s LAME does not scale). The station's MP3s therefore read
 * about 0.45 LU under the loudness target, inside EBU R128's ±1 LU, and their true peak stays
 * under the ceiling; raising the gain to cancel it would spend exactly the headroom LAME keeps.
 */
public final class Mp3Encoder implements AutoCloseable {

    private final LameEncoder lame;
    private final int sampleRate;
    private final byte[] pcmBytes;
    private final byte[] out;

    public Mp3Encoder(int sampleRate, int bitrateKbps) {
        this.sampleRate = sampleRate;
        AudioFormat format = new AudioFormat(sampleRate, 16, 1, true, false);
        this.lame = new LameEncoder(format, bitrateKbps, LameEncoder.CHANNEL_MODE_MONO, LameEncoder.QUALITY_MIDDLE, false);
        this.pcmBytes = new byte[lame.getPCMBufferSize()];
        this.out = new byte[lame.getMP3BufferSize()];
    }

    public int sampleRate() {
        return sampleRate;
    }

    /** Encodes {@code len} samples from {@code off}; returns the MP3 bytes produced (maybe none yet). */
    public byte[] encode(short[] samples, int off, int len) {
        ByteArrayOutputStream mp3 = new ByteArrayOutputStream(len / 4 + 16);
        int maxSamples = pcmBytes.length / 2;
        for (int pos = off; pos < off + len; ) {
            int n = Math.min(maxSamples, off + len - pos);
            for (int i = 0; i < n; i++) {
                short s = samples[pos + i];
                pcmBytes[2 * i] = (byte) s;
                pcmBytes[2 * i + 1] = (byte) (s >> 8);
            }
            int produced = lame.encodeBuffer(pcmBytes, 0, 2 * n, out);
            mp3.write(out, 0, produced);
            pos += n;
        }
        return mp3.toByteArray();
    }

    public byte[] encode(Pcm pcm) {
        return encode(pcm.samples(), 0, pcm.samples().length);
    }

    /** Flushes what the encoder still holds; call once at the end of a file. */
    public byte[] finish() {
        int produced = lame.encodeFinish(out);
        byte[] tail = new byte[produced];
        System.arraycopy(out, 0, tail, 0, produced);
        return tail;
    }

    @Override
    public void close() {
        lame.close();
    }
}
