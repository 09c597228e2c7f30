package org.paperradio.stream.output;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts an MPEG audio Layer III byte stream into whole frames by parsing each frame header
 * (sync, version, bitrate, sample rate, padding). Skips ID3v2 tags, Xing/Info/LAME tag frames
 * (they describe a file, not a live stream) and bytes that are not a frame (resync). Not
 * thread-safe: one feeder.
 */
public final class Mp3Frames {

    private static final int[] BITRATE_V1 = {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, -1};
    private static final int[] BITRATE_V2 = {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, -1};
    private static final int[] RATE_V1 = {44100, 48000, 32000, -1};

    private byte[] buf = new byte[4096];
    private int start;
    private int end;
    private long skip;
    private long skippedBytes;

    /** Adds bytes and returns the frames they complete, in order. */
    public List<byte[]> feed(byte[] data) {
        return feed(data, 0, data.length);
    }

    /** Adds {@code len} bytes from {@code off} and returns the frames they complete, in order. */
    public List<byte[]> feed(byte[] data, int off, int len) {
        append(data, off, len);
        List<byte[]> frames = new ArrayList<>();
        while (true) {
            if (skip > 0) {
                int n = (int) Math.min(skip, end - start);
                start += n;
                skip -= n;
                if (skip > 0) {
                    break;
                }
            }
            int avail = end - start;
            if (avail < 4) {
                break;
            }
            if (buf[start] == 'I' && buf[start + 1] == 'D' && buf[start + 2] == '3') {
                if (avail < 10) {
                    break;
                }
                // ID3v2: 10-byte header, then a synchsafe size
                long size = ((buf[start + 6] & 0x7fL) << 21) | ((buf[start + 7] & 0x7fL) << 14)
                        | ((buf[start + 8] & 0x7fL) << 7) | (buf[start + 9] & 0x7fL);
                skip = 10 + size + ((buf[start + 5] & 0x10) != 0 ? 10 : 0);
                continue;
            }
            int frameLen = frameLength(buf, start);
            if (frameLen < 0) {
                start++;
                skippedBytes++;
                continue;
            }
            if (avail < frameLen) {
                break;
            }
            byte[] frame = Arrays.copyOfRange(buf, start, start + frameLen);
            start += frameLen;
            if (!isTagFrame(frame)) {
                frames.add(frame);
            }
        }
        return frames;
    }

    /** Bytes thrown away because they were not part of a frame (a healthy stream has none). */
    public long skippedBytes() {
        return skippedBytes;
    }

    private void append(byte[] data, int off, int len) {
        if (start > 0 && end + len > buf.length) {
            System.arraycopy(buf, start, buf, 0, end - start);
            end -= start;
            start = 0;
        }
        if (end + len > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, end + len));
        }
        System.arraycopy(data, off, buf, end, len);
        end += len;
    }

    /**
     * The length in bytes of the Layer III frame whose header starts at {@code off}, or -1 when
     * the four bytes there are not a valid Layer III header.
     */
    public static int frameLength(byte[] b, int off) {
        if (off + 4 > b.length || (b[off] & 0xff) != 0xff || (b[off + 1] & 0xe0) != 0xe0) {
            return -1;
        }
        int version = (b[off + 1] >> 3) & 0x3; // 0: MPEG 2.5, 1: reserved, 2: MPEG 2, 3: MPEG 1
        int layer = (b[off + 1] >> 1) & 0x3;    // 1: Layer III
        if (version == 1 || layer != 1) {
            return -1;
        }
        int bitrateIndex = (b[off + 2] >> 4) & 0xf;
        int rateIndex = (b[off + 2] >> 2) & 0x3;
        int padding = (b[off + 2] >> 1) & 0x1;
        int kbps = version == 3 ? BITRATE_V1[bitrateIndex] : BITRATE_V2[bitrateIndex];
        int rate = sampleRate(version, rateIndex);
        if (kbps <= 0 || rate <= 0) {
            return -1; // free-format and invalid values are not supported
        }
        int coefficient = version == 3 ? 144 : 72;
        return coefficient * kbps * 1000 / rate + padding;
    }

    /** The sample rate of the frame whose header starts at {@code off}, or -1 if not a header. */
    public static int sampleRate(byte[] b, int off) {
        if (frameLength(b, off) < 0) {
            return -1;
        }
        return sampleRate((b[off + 1] >> 3) & 0x3, (b[off + 2] >> 2) & 0x3);
    }

    /** Samples per channel in one Layer III frame: 1152 for MPEG 1, 576 for MPEG 2 and 2.5. */
    public static int samplesPerFrame(int sampleRate) {
        return sampleRate >= 32000 ? 1152 : 576;
    }

    private static int sampleRate(int version, int rateIndex) {
        int r = RATE_V1[rateIndex];
        if (r < 0) {
            return -1;
        }
        return switch (version) {
            case 3 -> r;
            case 2 -> r / 2;
            case 0 -> r / 4;
            default -> -1;
        };
    }

    /** A Xing/Info (LAME) or VBRI tag frame: a file header that carries no audio. */
    private static boolean isTagFrame(byte[] f) {
        int version = (f[1] >> 3) & 0x3;
        boolean mono = ((f[3] >> 6) & 0x3) == 3;
        boolean crc = (f[1] & 0x1) == 0;
        int sideInfo = version == 3 ? (mono ? 17 : 32) : (mono ? 9 : 17);
        int at = 4 + (crc ? 2 : 0) + sideInfo;
        return tagAt(f, at, "Xing") || tagAt(f, at, "Info") || tagAt(f, 36, "VBRI");
    }

    private static boolean tagAt(byte[] f, int at, String tag) {
        if (at + 4 > f.length) {
            return false;
        }
        for (int i = 0; i < 4; i++) {
            if (f[at + i] != tag.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
