package org.paperradio.tts.audio;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads and writes 16-bit mono PCM WAV files (RIFF, little-endian). Reading is strict about
 * the format it accepts and bounded in size: files come back from disk that a crash or a
 * person may have touched.
 */
public final class WavFiles {

    /** The largest data chunk read back: about 3 hours at 48 kHz. */
    private static final long MAX_DATA_BYTES = 1L << 30;
    private static final int HEADER_BYTES = 44;

    private WavFiles() {
    }

    public static void write(Path target, Pcm pcm) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(target), 1 << 16)) {
            write(out, pcm);
        }
    }

    /** Writes a complete WAV file to {@code out} (does not close it). */
    public static void write(OutputStream out, Pcm pcm) throws IOException {
        long dataBytes = 2L * pcm.samples().length;
        if (dataBytes + HEADER_BYTES - 8 > 0xFFFF_FFFFL) {
            throw new IOException("audio too long for a WAV file");
        }
        out.write(header(pcm.sampleRate(), dataBytes));
        byte[] chunk = new byte[1 << 16];
        short[] s = pcm.samples();
        int pos = 0;
        while (pos < s.length) {
            int n = Math.min(chunk.length / 2, s.length - pos);
            for (int i = 0; i < n; i++) {
                short v = s[pos + i];
                chunk[2 * i] = (byte) v;
                chunk[2 * i + 1] = (byte) (v >> 8);
            }
            out.write(chunk, 0, 2 * n);
            pos += n;
        }
    }

    public static byte[] toBytes(Pcm pcm) {
        var out = new ByteArrayOutputStream(HEADER_BYTES + 2 * pcm.samples().length);
        try {
            write(out, pcm);
        } catch (IOException e) {
            throw new IllegalStateException(e); // cannot happen in memory
        }
        return out.toByteArray();
    }

    public static Pcm read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        }
    }

    /** Reads a 16-bit mono PCM WAV; anything else is an {@link IOException} saying what it is. */
    public static Pcm read(InputStream in) throws IOException {
        byte[] riff = in.readNBytes(12);
        if (riff.length < 12 || !ascii(riff, 0, "RIFF") || !ascii(riff, 8, "WAVE")) {
            throw new IOException("not a RIFF/WAVE file");
        }
        int sampleRate = -1;
        while (true) {
            byte[] head = in.readNBytes(8);
            if (head.length < 8) {
                throw new IOException("no data chunk in WAV file");
            }
            String id = new String(head, 0, 4, StandardCharsets.US_ASCII);
            long size = ByteBuffer.wrap(head, 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFF_FFFFL;
            if (id.equals("fmt ")) {
                if (size < 16 || size > 1024) {
                    throw new IOException("bad fmt chunk size " + size);
                }
                ByteBuffer fmt = ByteBuffer.wrap(readExactly(in, (int) size)).order(ByteOrder.LITTLE_ENDIAN);
                int format = fmt.getShort(0) & 0xFFFF;
                int channels = fmt.getShort(2) & 0xFFFF;
                sampleRate = fmt.getInt(4);
                int bits = fmt.getShort(14) & 0xFFFF;
                boolean pcm = format == 1 || (format == 0xFFFE && size >= 26 && (fmt.getShort(24) & 0xFFFF) == 1);
                if (!pcm || channels != 1 || bits != 16) {
                    throw new IOException("unsupported WAV format (format " + format + ", " + channels + " channels, "
                            + bits + " bits); expected 16-bit mono PCM");
                }
                if (sampleRate <= 0 || sampleRate > 384_000) {
                    throw new IOException("implausible sample rate " + sampleRate);
                }
                skip(in, size & 1);
            } else if (id.equals("data")) {
                if (sampleRate < 0) {
                    throw new IOException("data chunk before fmt chunk");
                }
                if (size > MAX_DATA_BYTES) {
                    throw new IOException("WAV data too large: " + size + " bytes");
                }
                byte[] data = in.readNBytes((int) size);
                // a writer that crashed may leave a short last chunk: keep whole samples only
                short[] s = new short[data.length / 2];
                ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(s);
                return new Pcm(s, sampleRate);
            } else {
                if (size > MAX_DATA_BYTES) {
                    throw new IOException("WAV chunk '" + id.strip() + "' too large: " + size + " bytes");
                }
                skip(in, size + (size & 1));
            }
        }
    }

    static byte[] header(int sampleRate, long dataBytes) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII));
        b.putInt((int) (dataBytes + HEADER_BYTES - 8));
        b.put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII));
        b.putInt(16);
        b.putShort((short) 1); // PCM
        b.putShort((short) 1); // mono
        b.putInt(sampleRate);
        b.putInt(sampleRate * 2); // byte rate
        b.putShort((short) 2); // block align
        b.putShort((short) 16); // bits
        b.put("data".getBytes(StandardCharsets.US_ASCII));
        b.putInt((int) dataBytes);
        return b.array();
    }

    private static boolean ascii(byte[] b, int off, String s) {
        for (int i = 0; i < s.length(); i++) {
            if (b[off + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static byte[] readExactly(InputStream in, int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length < n) {
            throw new IOException("truncated WAV file");
        }
        return b;
    }

    private static void skip(InputStream in, long n) throws IOException {
        long left = n;
        while (left > 0) {
            long s = in.skip(left);
            if (s <= 0) {
                if (in.read() < 0) {
                    throw new IOException("truncated WAV file");
                }
                s = 1;
            }
            left -= s;
        }
    }
}
