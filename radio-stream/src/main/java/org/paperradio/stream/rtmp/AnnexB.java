package org.paperradio.stream.rtmp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** H.264 Annex-B byte streams: NAL units separated by 00 00 01 / 00 00 00 01 start codes. */
public final class AnnexB {

    /** NAL unit types used here. */
    public static final int NAL_SLICE = 1;
    public static final int NAL_IDR = 5;
    public static final int NAL_SEI = 6;
    public static final int NAL_SPS = 7;
    public static final int NAL_PPS = 8;
    public static final int NAL_AUD = 9;

    private AnnexB() {
    }

    /** Splits an Annex-B buffer into NAL units (start codes removed, trailing zero bytes trimmed). */
    public static List<byte[]> nals(byte[] data) {
        List<byte[]> nals = new ArrayList<>();
        int start = -1;
        int i = 0;
        while (i + 2 < data.length) {
            if (data[i] == 0 && data[i + 1] == 0 && data[i + 2] == 1) {
                if (start >= 0) {
                    addTrimmed(nals, data, start, i);
                }
                i += 3;
                start = i;
            } else {
                i++;
            }
        }
        if (start >= 0) {
            addTrimmed(nals, data, start, data.length);
        }
        return nals;
    }

    /** The NAL unit type (low five bits of the first byte). */
    public static int type(byte[] nal) {
        return nal.length == 0 ? -1 : nal[0] & 0x1F;
    }

    private static void addTrimmed(List<byte[]> nals, byte[] data, int from, int to) {
        while (to > from && data[to - 1] == 0) {
            to--; // the zero of a 4-byte start code (or trailing_zero_8bits) belongs to no NAL
        }
        if (to > from) {
            nals.add(Arrays.copyOfRange(data, from, to));
        }
    }
}
