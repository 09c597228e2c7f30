package org.paperradio.stream.video.h264;

import java.nio.ByteBuffer;
import org.jcodec.codecs.h264.H264Utils;
import org.jcodec.codecs.h264.encode.EncodedMB;
import org.jcodec.codecs.h264.encode.MBEncoderI16x16;
import org.jcodec.codecs.h264.io.CAVLC;
import org.jcodec.codecs.h264.io.model.PictureParameterSet;
import org.jcodec.codecs.h264.io.model.SeqParameterSet;
import org.jcodec.codecs.h264.io.write.CAVLCWriter;
import org.jcodec.common.io.BitWriter;
import org.jcodec.common.model.ColorSpace;
import org.jcodec.common.model.Picture;

/**
 * Writes P slices in which unchanged macroblocks are skipped (P_Skip, motion vector 0: every
 * macroblock in our P slices has vector 0, so the predicted skip vector is 0 too) and changed
 * macroblocks are intra-coded (I_16x16, DC prediction, JCodec's macroblock coder).
 *
 * <p>Deblocking is switched off in these slices, so the decoder's picture is exactly the
 * previous one outside the changed macroblocks, and a coded macroblock decodes to its
 * unfiltered reconstruction. Intra prediction reads the neighbours' decoded border pixels from
 * {@code reference}, the encoder's copy of the decoder's picture; after each coded macroblock
 * its reconstruction is written back there. JCodec's macroblock coder always deblocks the
 * reconstruction it returns, which would no longer match the decoder: {@link UnfilteredMB}
 * hands that filter a scratch copy.
 */
final class PartialSliceCoder {

    /** mb_type of I_16x16, prediction DC (2), chroma CBP 2, luma CBP 15, in a P slice. */
    private static final int MB_TYPE_I16X16_P = 5 + 1 + 2 + 4 * 2 + 12;

    private final SeqParameterSet sps;
    private final PictureParameterSet pps;
    private final int mbWidth;
    private final int mbHeight;
    private final int log2MaxFrameNum;

    PartialSliceCoder(SeqParameterSet sps, PictureParameterSet pps) {
        this.sps = sps;
        this.pps = pps;
        this.mbWidth = sps.picWidthInMbsMinus1 + 1;
        this.mbHeight = sps.picHeightInMapUnitsMinus1 + 1;
        this.log2MaxFrameNum = sps.log2MaxFrameNumMinus4 + 4;
    }

    /**
     * One P slice NAL unit (no start code). {@code changed} null means every macroblock is
     * skipped; otherwise the marked macroblocks of {@code source} are coded at {@code qp}.
     */
    ByteBuffer encode(int frameNum, boolean[] changed, Picture source, Picture reference, int qp) {
        int coded = 0;
        if (changed != null) {
            for (boolean c : changed) {
                coded += c ? 1 : 0;
            }
        }
        int total = mbWidth * mbHeight;
        ByteBuffer rbsp = ByteBuffer.allocate(64 + coded * 1200);
        BitWriter w = new BitWriter(rbsp);
        CAVLCWriter.writeUE(w, 0);                 // first_mb_in_slice
        CAVLCWriter.writeUE(w, 5);                 // slice_type P (all slices of the picture)
        CAVLCWriter.writeUE(w, pps.picParameterSetId);
        w.writeNBit(frameNum, log2MaxFrameNum);    // frame_num; POC type 2: no POC fields
        w.write1Bit(0);                            // num_ref_idx_active_override_flag
        w.write1Bit(0);                            // ref_pic_list_modification_flag_l0
        w.write1Bit(0);                            // adaptive_ref_pic_marking_mode_flag
        CAVLCWriter.writeSE(w, coded == 0 ? 0 : qp - (pps.picInitQpMinus26 + 26)); // slice_qp_delta
        CAVLCWriter.writeUE(w, 1);                 // disable_deblocking_filter_idc: off

        if (coded == 0) {
            CAVLCWriter.writeUE(w, total);         // mb_skip_run over the whole picture
        } else {
            writeMacroblocks(w, changed, source, reference, qp);
        }
        w.write1Bit(1);                            // rbsp_stop_one_bit
        w.flush();                                 // pads with zero bits
        ByteBuffer data = w.getBuffer();
        data.flip();
        ByteBuffer nal = ByteBuffer.allocate(data.remaining() * 3 / 2 + 8);
        nal.put((byte) 0x41);                      // nal_ref_idc 2, non-IDR slice
        H264Utils.escapeNAL(data, nal);
        nal.flip();
        ByteBuffer exact = ByteBuffer.allocate(nal.remaining());
        exact.put(nal).flip();
        return exact;
    }

    private void writeMacroblocks(BitWriter w, boolean[] changed, Picture source, Picture reference, int qp) {
        int pw = mbWidth << 4;
        int cw = pw >> 1;
        CAVLC[] cavlc = {new CAVLC(sps, pps, 2, 2), new CAVLC(sps, pps, 1, 1), new CAVLC(sps, pps, 1, 1)};
        byte[][] leftRow = {new byte[16], new byte[8], new byte[8]};
        byte[][] topLine = {new byte[pw], new byte[cw], new byte[cw]};
        MBEncoderI16x16 coder = new MBEncoderI16x16(cavlc, leftRow, topLine);
        UnfilteredMB out = new UnfilteredMB();
        byte[][] ref = {reference.getPlaneData(0), reference.getPlaneData(1), reference.getPlaneData(2)};
        int run = 0;
        for (int mbY = 0, mb = 0; mbY < mbHeight; mbY++) {
            for (int mbX = 0; mbX < mbWidth; mbX++, mb++) {
                if (!changed[mb]) {
                    run++;
                    // a skipped macroblock has no coefficients: neighbours' nC must see 0
                    for (int i = 0; i < 4; i++) {
                        cavlc[0].setZeroCoeff((mbX << 2) + i, i);
                    }
                    for (int i = 0; i < 2; i++) {
                        cavlc[1].setZeroCoeff((mbX << 1) + i, i);
                        cavlc[2].setZeroCoeff((mbX << 1) + i, i);
                    }
                    continue;
                }
                CAVLCWriter.writeUE(w, run);       // mb_skip_run
                run = 0;
                loadPredictors(ref, leftRow, topLine, mbX, mbY, pw);
                CAVLCWriter.writeUE(w, MB_TYPE_I16X16_P);
                // no neighbour MBs: JCodec then filters only inside this macroblock
                out.reset();
                coder.encodeMacroblock(source, mbX, mbY, w, out, null, null, qp, 0);
                storeReconstruction(out.unfiltered(), ref, mbX, mbY, pw);
            }
        }
        if (run > 0) {
            CAVLCWriter.writeUE(w, run);
        }
    }

    private static void loadPredictors(byte[][] ref, byte[][] leftRow, byte[][] topLine, int mbX, int mbY, int pw) {
        for (int c = 0; c < 3; c++) {
            int size = c == 0 ? 16 : 8;
            int stride = c == 0 ? pw : pw >> 1;
            int x0 = mbX * size;
            int y0 = mbY * size;
            if (mbX > 0) {
                for (int j = 0; j < size; j++) {
                    leftRow[c][j] = ref[c][(y0 + j) * stride + x0 - 1];
                }
            }
            if (mbY > 0) {
                System.arraycopy(ref[c], (y0 - 1) * stride + x0, topLine[c], x0, size);
            }
        }
    }

    private static void storeReconstruction(Picture mbPixels, byte[][] ref, int mbX, int mbY, int pw) {
        for (int c = 0; c < 3; c++) {
            int size = c == 0 ? 16 : 8;
            int stride = c == 0 ? pw : pw >> 1;
            byte[] src = mbPixels.getPlaneData(c);
            for (int j = 0; j < size; j++) {
                System.arraycopy(src, j * size, ref[c], (mbY * size + j) * stride + mbX * size, size);
            }
        }
    }

    /**
     * JCodec 0.2.5's {@code MBEncoderI16x16.encodeMacroblock} asks its output macroblock for
     * the pixel buffer twice to write the reconstruction (luma, chroma), then once more from
     * its deblocker. From the third request on this returns a scratch copy, so the filter never
     * touches the reconstruction. Tests compare the result with ffmpeg's decoding.
     */
    private static final class UnfilteredMB extends EncodedMB {
        private final Picture scratch = Picture.create(16, 16, ColorSpace.YUV420J);
        private int requests;

        void reset() {
            requests = 0;
        }

        Picture unfiltered() {
            return super.getPixels();
        }

        @Override
        public Picture getPixels() {
            Picture real = super.getPixels();
            if (++requests <= 2) {
                return real;
            }
            for (int c = 0; c < 3; c++) {
                System.arraycopy(real.getPlaneData(c), 0, scratch.getPlaneData(c), 0, real.getPlaneData(c).length);
            }
            return scratch;
        }
    }
}
