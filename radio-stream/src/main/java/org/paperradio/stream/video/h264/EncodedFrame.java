package org.paperradio.stream.video.h264;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * One encoded picture: its NAL units in decoding order, as raw NAL units <em>without</em>
 * start codes or length prefixes (ready for FLV/AVCC length-prefixing; {@link #annexB()} gives
 * the Annex-B byte stream). An IDR frame carries its SPS and PPS in front of the slice.
 *
 * @param nals NAL units (read-only buffers, position 0)
 * @param keyframe true for an IDR picture (a random access point)
 * @param frameIndex 0-based index of the frame since the encoder was created
 * @param kind how the picture was coded
 */
public record EncodedFrame(List<ByteBuffer> nals, boolean keyframe, long frameIndex, Kind kind) {

    /** How a picture was coded, cheapest last. */
    public enum Kind {
        /** IDR picture: SPS, PPS and an I slice of the whole picture (JCodec intra coder). */
        IDR,
        /** Non-IDR I slice of the whole picture: a page change or a change too large to patch. */
        FULL_I,
        /** P slice: unchanged macroblocks skipped, only the changed ones intra-coded. */
        PARTIAL_P,
        /** P slice in which every macroblock is skipped: an exact repeat of the previous frame. */
        SKIP_P
    }

    public EncodedFrame {
        nals = nals.stream().map(ByteBuffer::asReadOnlyBuffer).toList();
    }

    /** Total size of the NAL units in bytes (without start codes). */
    public int sizeBytes() {
        return nals.stream().mapToInt(ByteBuffer::remaining).sum();
    }

    /** The NAL units as an Annex-B byte stream (each preceded by {@code 00 00 00 01}). */
    public byte[] annexB() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(sizeBytes() + 4 * nals.size());
        for (ByteBuffer nal : nals) {
            out.write(0);
            out.write(0);
            out.write(0);
            out.write(1);
            ByteBuffer b = nal.duplicate();
            byte[] bytes = new byte[b.remaining()];
            b.get(bytes);
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }
}
