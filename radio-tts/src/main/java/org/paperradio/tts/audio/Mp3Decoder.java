package org.paperradio.tts.audio;

import de.sciss.jump3r.mp3.MP3Data;
import de.sciss.jump3r.mp3.VBRTag;
import de.sciss.jump3r.mpg.Common;
import de.sciss.jump3r.mpg.Interface;
import de.sciss.jump3r.mpg.MPGLib;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/**
 * Decodes MP3 to mono PCM with jump3r's mpglib port (pure Java). Used to check what was
 * encoded and to read stored segments back. jump3r's own {@code LameDecoder} only reads files
 * and does not report how many samples each call produced, so this drives {@code MPGLib}
 * directly, frame by frame. Stereo input is mixed down to mono.
 *
 * <p>The decoded audio includes the encoder's delay and padding (LAME adds about 1100 samples
 * at the start and pads the last frame), so it is up to about 50 ms longer than what was fed
 * to the encoder.
 */
public final class Mp3Decoder {

    private static final int FEED_BYTES = 4096;
    /** Samples per channel one decode call can return: one MPEG-1 layer III frame is 1152. */
    private static final int MAX_FRAME_SAMPLES = 4608;

    private Mp3Decoder() {
    }

    public static Pcm decode(Path file, Duration maxLength) throws IOException {
        return decode(Files.readAllBytes(file), maxLength);
    }

    /**
     * Decodes a whole MP3 stream held in memory. Stops with an {@link IOException} when the
     * audio would be longer than {@code maxLength} (a guard against hostile input) or when no
     * frame can be decoded at all.
     */
    public static Pcm decode(byte[] mp3, Duration maxLength) throws IOException {
        // mpglib would read an ID3v2 tag as audio (a chapter tag's 0xFFFFFFFF offsets look like frame syncs)
        mp3 = Id3Tags.stripTag(mp3);
        MPGLib mpg = new MPGLib();
        Interface intf = new Interface();
        Common common = new Common();
        mpg.setModules(intf, common);
        intf.setModules(new VBRTag(), common);
        MPGLib.mpstr_tag state = mpg.hip_decode_init();
        MP3Data info = new MP3Data();
        short[] left = new short[MAX_FRAME_SAMPLES];
        short[] right = new short[MAX_FRAME_SAMPLES];
        ShortSink out = new ShortSink();
        long maxSeconds = Math.max(1, maxLength.toSeconds() + 1);
        try {
            byte[] chunk = new byte[FEED_BYTES];
            for (int pos = 0; pos < mp3.length; pos += FEED_BYTES) {
                int n = Math.min(FEED_BYTES, mp3.length - pos);
                System.arraycopy(mp3, pos, chunk, 0, n);
                int got = mpg.hip_decode1_headers(state, chunk, n, left, right, info);
                // after feeding, drain every complete frame already buffered
                while (got > 0) {
                    out.add(left, right, got, info.stereo);
                    if (info.samplerate > 0 && out.size > maxSeconds * info.samplerate) {
                        throw new IOException("MP3 longer than the allowed " + maxLength);
                    }
                    got = mpg.hip_decode1_headers(state, chunk, 0, left, right, info);
                }
                if (got < 0) {
                    throw new IOException("MP3 stream is corrupt near byte " + pos);
                }
            }
        } catch (RuntimeException e) {
            throw new IOException("MP3 could not be decoded: " + e, e);
        } finally {
            mpg.hip_decode_exit(state);
        }
        if (!info.header_parsed || info.samplerate <= 0) {
            throw new IOException("no MP3 frame found");
        }
        return new Pcm(Arrays.copyOf(out.buf, out.size), info.samplerate);
    }

    /** A growable sample buffer that mixes stereo to mono on the way in. */
    private static final class ShortSink {
        short[] buf = new short[1 << 16];
        int size;

        void add(short[] l, short[] r, int n, int channels) {
            if (size + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(size + n, buf.length * 2));
            }
            for (int i = 0; i < n; i++) {
                buf[size + i] = channels == 2 ? (short) ((l[i] + r[i]) / 2) : l[i];
            }
            size += n;
        }
    }
}
