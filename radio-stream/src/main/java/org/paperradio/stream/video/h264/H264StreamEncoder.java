package org.paperradio.stream.video.h264;

import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jcodec.codecs.h264.H264Decoder;
import org.jcodec.codecs.h264.H264Encoder;
import org.jcodec.codecs.h264.H264Utils;
import org.jcodec.codecs.h264.io.model.PictureParameterSet;
import org.jcodec.codecs.h264.io.model.SeqParameterSet;
import org.jcodec.codecs.h264.io.model.SliceType;
import org.jcodec.common.model.Picture;
import org.jcodec.common.model.Size;
import org.paperradio.stream.video.h264.EncodedFrame.Kind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * H.264 encoder for slide-like video whose cost follows what changes, not the frame rate.
 *
 * <p>Each call to {@link #encode} compares the frame with the previous one per 16x16
 * macroblock and codes it as:
 * <ul>
 *   <li>{@link Kind#IDR}: first frame, every {@code keyframeInterval} frames, or after
 *       {@link #requestKeyframe()}; SPS + PPS + an I slice from JCodec's intra coder;</li>
 *   <li>{@link Kind#SKIP_P}: nothing changed; a P slice of one skip run (about 8 bytes, no
 *       pixel work), which decodes as an exact copy of the previous picture;</li>
 *   <li>{@link Kind#PARTIAL_P}: up to half of the macroblocks changed; a P slice that skips
 *       the unchanged ones and intra-codes only the changed ones ({@link PartialSliceCoder});</li>
 *   <li>{@link Kind#FULL_I}: more than half changed (a page change); a non-IDR I slice of the
 *       whole picture from JCodec.</li>
 * </ul>
 * No motion-compensated prediction is used: JCodec 0.2.5's P coder cannot emit skipped
 * macroblocks and predicts from its own private reconstruction, which our slices bypass.
 * Changed macroblocks are intra-coded instead, which suits text that appears rather than moves.
 *
 * <p>The encoder keeps a copy of the decoder's picture (intra pictures are decoded back with
 * JCodec's decoder) so that macroblocks coded later predict from exactly what the decoder has.
 *
 * <p>The bitstream is Constrained Baseline (profile 66, CAVLC), one slice per picture,
 * picture order count type 2 (output order = decoding order), every picture a reference.
 * Width and height need not be multiples of 16 (the SPS crops). Not thread-safe: one
 * encoder per stream, driven by one thread; only {@link #requestKeyframe()} may be called
 * from any thread.
 */
public final class H264StreamEncoder {

    private static final Logger log = LoggerFactory.getLogger(H264StreamEncoder.class);
    private static final int LOG2_MAX_FRAME_NUM = 8;
    private static final int MAX_DIMENSION = 4096;

    private final int width;
    private final int height;
    private final int fps;
    private final int keyframeInterval;
    private final int bitrateKbps;
    private final BitrateController rate;
    private final JCodecIntra intra;
    private final ByteBuffer sps;
    private final ByteBuffer pps;
    private final ByteBuffer intraOut;
    private final PartialSliceCoder partial;
    private final Picture source;
    private final Picture reference;
    private MacroblockFrame current;
    private MacroblockFrame previous;
    private final boolean[] changed;

    private long frameIndex;
    private int framesSinceKeyframe;
    private int frameNum;
    private final AtomicBoolean keyframeRequested = new AtomicBoolean();
    private long totalBytes;

    /**
     * @param width picture width in pixels, even, 2 to 4096
     * @param height picture height in pixels, even, 2 to 4096
     * @param fps frames per second (used for the bitrate budget)
     * @param keyframeInterval frames between IDR pictures (e.g. 60 = 2 s at 30 fps)
     * @param bitrateKbps target average bitrate in kbit/s
     */
    public H264StreamEncoder(int width, int height, int fps, int keyframeInterval, int bitrateKbps) {
        if (width < 2 || height < 2 || width > MAX_DIMENSION || height > MAX_DIMENSION
                || width % 2 != 0 || height % 2 != 0) {
            // 4:2:0 frame cropping works in units of two pixels
            throw new IllegalArgumentException("size must be even and within 2..4096: " + width + "x" + height);
        }
        if (fps < 1 || fps > 120 || keyframeInterval < 1 || bitrateKbps < 16) {
            throw new IllegalArgumentException("need fps 1..120, keyframe interval >= 1, bitrate >= 16 kbit/s");
        }
        this.width = width;
        this.height = height;
        this.fps = fps;
        this.keyframeInterval = keyframeInterval;
        this.bitrateKbps = bitrateKbps;
        this.rate = new BitrateController(bitrateKbps, fps, keyframeInterval);
        this.intra = new JCodecIntra(rate, width, height, fps);
        this.current = new MacroblockFrame(width, height);
        this.previous = new MacroblockFrame(width, height);
        this.changed = new boolean[current.mbWidth * current.mbHeight];
        this.sps = intra.spsNal();
        this.pps = intra.ppsNal();
        this.intraOut = ByteBuffer.allocate(current.paddedWidth * current.paddedHeight * 2 + 4096);
        this.partial = new PartialSliceCoder(intra.initSPS(new Size(width, height)), intra.initPPS());
        this.source = current.newPicture();
        this.reference = current.newPicture();
        log.debug("H.264 encoder {}x{} at {} fps, IDR every {} frames, {} kbit/s, level {}",
                width, height, fps, keyframeInterval, bitrateKbps, sps.get(3) & 0xFF);
    }

    /** The SPS NAL unit (no start code), for the FLV AVC sequence header. */
    public ByteBuffer sps() {
        return sps.asReadOnlyBuffer();
    }

    /** The PPS NAL unit (no start code), for the FLV AVC sequence header. */
    public ByteBuffer pps() {
        return pps.asReadOnlyBuffer();
    }

    /** Makes the next frame an IDR picture (e.g. after an RTMP reconnect). Thread-safe. */
    public void requestKeyframe() {
        keyframeRequested.set(true);
    }

    /** Bytes of NAL units produced so far. */
    public long totalBytes() {
        return totalBytes;
    }

    /** Average bitrate so far in kbit/s, counted at the configured frame rate. */
    public double averageKbps() {
        return frameIndex == 0 ? 0 : totalBytes * 8.0 * fps / frameIndex / 1000.0;
    }

    /** Target bitrate in kbit/s. */
    public int bitrateKbps() {
        return bitrateKbps;
    }

    /**
     * Encodes the next frame, choosing the cheapest coding for what changed since the
     * previous one.
     *
     * @param frame an image of exactly the configured size
     */
    public EncodedFrame encode(BufferedImage frame) {
        if (frame.getWidth() != width || frame.getHeight() != height) {
            throw new IllegalArgumentException("frame is " + frame.getWidth() + "x" + frame.getHeight()
                    + ", encoder expects " + width + "x" + height);
        }
        boolean requested = keyframeRequested.getAndSet(false);
        EncodedFrame out;
        try {
            current.load(frame);
            out = encodeLoaded(requested || frameIndex == 0 || framesSinceKeyframe >= keyframeInterval);
        } catch (RuntimeException e) {
            // the reference copy may be half updated: start over from an IDR picture
            keyframeRequested.set(true);
            throw e;
        }
        rate.frameDone(out.sizeBytes() * 8L, out.kind() == Kind.IDR || out.kind() == Kind.FULL_I);
        totalBytes += out.sizeBytes();
        framesSinceKeyframe = out.keyframe() ? 1 : framesSinceKeyframe + 1;
        frameIndex++;
        MacroblockFrame t = previous;
        previous = current;
        current = t;
        return out;
    }

    private EncodedFrame encodeLoaded(boolean idr) {
        EncodedFrame out;
        if (idr) {
            out = encodeIntra(true, 0);
        } else {
            int nextFrameNum = (frameNum + 1) % (1 << LOG2_MAX_FRAME_NUM);
            int n = current.diff(previous, changed);
            if (n == 0) {
                out = frame(List.of(partial.encode(nextFrameNum, null, source, reference, rate.qp())),
                        Kind.SKIP_P);
            } else if (n * 2 <= changed.length) {
                current.toPicture(source, changed);
                out = frame(List.of(partial.encode(nextFrameNum, changed, source, reference, rate.qp())),
                        Kind.PARTIAL_P);
            } else {
                log.debug("frame {}: {} of {} macroblocks changed, coding the whole picture",
                        frameIndex, n, changed.length);
                out = encodeIntra(false, nextFrameNum);
            }
            frameNum = nextFrameNum;
        }
        return out;
    }

    private EncodedFrame encodeIntra(boolean idr, int sliceFrameNum) {
        rate.nextIntraQp();
        intraOut.clear();
        current.toPicture(source, null);
        ByteBuffer annexB;
        if (idr) {
            frameNum = 0;
            annexB = intra.encodeIDRFrame(source, intraOut);
        } else {
            annexB = intra.doEncodeFrame(source, intraOut, false, sliceFrameNum, SliceType.I);
        }
        List<ByteBuffer> nals = splitAnnexB(annexB);
        updateReference(nals);
        return frame(nals, idr ? Kind.IDR : Kind.FULL_I);
    }

    /** Decodes an intra picture back (JCodec's decoder, with deblocking) into the reference copy. */
    private void updateReference(List<ByteBuffer> nals) {
        H264Decoder decoder = new H264Decoder();
        // copies: JCodec's decoder removes emulation prevention bytes in place
        List<ByteBuffer> slices = new ArrayList<>(List.of(copy(sps), copy(pps)));
        for (ByteBuffer nal : nals) {
            int type = nal.get(nal.position()) & 0x1F;
            if (type == 1 || type == 5) {
                slices.add(copy(nal));
            }
        }
        byte[][] planes = {new byte[reference.getPlaneData(0).length], new byte[reference.getPlaneData(1).length],
            new byte[reference.getPlaneData(2).length]};
        Picture decoded = decoder.decodeFrameFromNals(slices, planes);
        if (decoded == null) {
            throw new IllegalStateException("JCodec could not decode its own intra picture");
        }
        for (int c = 0; c < 3; c++) {
            System.arraycopy(decoded.getPlaneData(c), 0, reference.getPlaneData(c), 0,
                    reference.getPlaneData(c).length);
        }
    }

    private static ByteBuffer copy(ByteBuffer b) {
        ByteBuffer c = ByteBuffer.allocate(b.remaining());
        c.put(b.duplicate()).flip();
        return c;
    }

    /** The encoder's copy of the decoder's picture (for tests). */
    Picture reference() {
        return reference;
    }

    private EncodedFrame frame(List<ByteBuffer> nals, Kind kind) {
        return new EncodedFrame(nals, kind == Kind.IDR, frameIndex, kind);
    }

    /** Splits an Annex-B buffer into NAL units without start codes (copies). */
    static List<ByteBuffer> splitAnnexB(ByteBuffer annexB) {
        byte[] b = new byte[annexB.remaining()];
        annexB.duplicate().get(b);
        List<ByteBuffer> nals = new ArrayList<>();
        int start = -1;
        int i = 0;
        while (i + 2 < b.length) {
            if (b[i] == 0 && b[i + 1] == 0 && b[i + 2] == 1) {
                if (start >= 0) {
                    nals.add(copyTrimmed(b, start, i));
                }
                i += 3;
                start = i;
            } else {
                i++;
            }
        }
        if (start >= 0) {
            nals.add(copyTrimmed(b, start, b.length));
        }
        return nals;
    }

    private static ByteBuffer copyTrimmed(byte[] b, int from, int to) {
        // a NAL ends in rbsp trailing bits (non-zero); zeros before the next start code belong to it
        while (to > from && b[to - 1] == 0) {
            to--;
        }
        ByteBuffer nal = ByteBuffer.allocate(to - from);
        nal.put(b, from, to - from).flip();
        return nal;
    }

    /**
     * JCodec's encoder with our SPS and PPS: POC type 2, 8-bit frame_num, Constrained
     * Baseline and a level that fits the picture size and frame rate. Used for I slices only.
     */
    private static final class JCodecIntra extends H264Encoder {

        static final int PIC_INIT_QP = 26;
        private final Size size;
        private final int fps;

        JCodecIntra(BitrateController rc, int width, int height, int fps) {
            super(rc);
            this.size = new Size(width, height);
            this.fps = fps;
        }

        @Override
        public SeqParameterSet initSPS(Size sz) {
            SeqParameterSet s = super.initSPS(sz);
            s.picOrderCntType = 2;
            s.log2MaxFrameNumMinus4 = LOG2_MAX_FRAME_NUM - 4;
            s.constraintSet0Flag = true;
            s.constraintSet1Flag = true;
            s.levelIdc = level((s.picWidthInMbsMinus1 + 1) * (s.picHeightInMapUnitsMinus1 + 1), fps);
            return s;
        }

        @Override
        public PictureParameterSet initPPS() {
            PictureParameterSet p = super.initPPS();
            p.picInitQpMinus26 = PIC_INIT_QP - 26;
            // lets our P slices switch deblocking off (JCodec's I slices keep it on)
            p.deblockingFilterControlPresentFlag = true;
            return p;
        }

        ByteBuffer spsNal() {
            ByteBuffer raw = ByteBuffer.allocate(1024);
            initSPS(size).write(raw);
            raw.flip();
            return nal(0x67, raw);
        }

        ByteBuffer ppsNal() {
            ByteBuffer raw = ByteBuffer.allocate(1024);
            initPPS().write(raw);
            raw.flip();
            return nal(0x68, raw);
        }

        private static ByteBuffer nal(int header, ByteBuffer rbsp) {
            ByteBuffer out = ByteBuffer.allocate(rbsp.remaining() * 2 + 8);
            out.put((byte) header);
            H264Utils.escapeNAL(rbsp, out);
            out.flip();
            ByteBuffer exact = ByteBuffer.allocate(out.remaining());
            exact.put(out).flip();
            return exact;
        }

        /** Smallest level (Table A-1) whose macroblock rate and frame size fit. */
        private static int level(int mbsPerFrame, int fps) {
            long mbps = (long) mbsPerFrame * fps;
            int[][] levels = {{30, 40500, 1620}, {31, 108000, 3600}, {32, 216000, 5120},
                {40, 245760, 8192}, {42, 522240, 8704}, {50, 589824, 22080}, {51, 983040, 36864}};
            for (int[] l : levels) {
                if (mbps <= l[1] && mbsPerFrame <= l[2]) {
                    return l[0];
                }
            }
            return 52;
        }
    }
}
