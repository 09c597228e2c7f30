package org.paperradio.stream.video.h264;

import org.jcodec.codecs.h264.encode.RateControl;
import org.jcodec.codecs.h264.io.model.SliceType;
import org.jcodec.common.model.Size;

/**
 * Picks the QP of intra-coded pictures so that the stream's average stays at the target
 * bitrate. Skipped and patched frames cost little, so their unused share of the budget
 * accumulates in a bounded balance (2 s of bitrate) that intra pictures may spend. One QP per
 * picture: JCodec's per-macroblock re-encoding loop is disabled ({@link #accept} returns 0).
 */
final class BitrateController implements RateControl {

    static final int MIN_QP = 18;
    static final int MAX_QP = 44;
    private static final int START_QP = 28;

    private final double bitsPerFrame;
    private final double capacity;
    private final int keyframeInterval;
    private double balance;
    private int qp = START_QP;
    private long lastIntraBits;
    private int lastIntraQp = START_QP;

    BitrateController(int bitrateKbps, int fps, int keyframeInterval) {
        this.bitsPerFrame = bitrateKbps * 1000.0 / fps;
        this.capacity = bitrateKbps * 1000.0 * 2;
        this.keyframeInterval = keyframeInterval;
        this.balance = capacity / 2;
    }

    /** Chooses the QP for the next intra picture from the last one's size and the balance. */
    int nextIntraQp() {
        if (lastIntraBits > 0) {
            double target = bitsPerFrame * keyframeInterval * 0.5 + Math.max(0, balance) * 0.25;
            // H.264 bits roughly halve per +6 QP
            int step = (int) Math.round(6 * Math.log(lastIntraBits / target) / Math.log(2));
            qp = lastIntraQp + Math.max(-4, Math.min(4, step));
        }
        if (balance < 0) {
            qp += 2; // over budget: be stricter than the size model says
        }
        qp = Math.max(MIN_QP, Math.min(MAX_QP, qp));
        return qp;
    }

    /** Books a finished picture of {@code bits} bits. */
    void frameDone(long bits, boolean intra) {
        balance = Math.max(-capacity, Math.min(capacity, balance + bitsPerFrame - bits));
        if (intra) {
            lastIntraBits = Math.max(1, bits);
            lastIntraQp = qp;
        }
    }

    int qp() {
        return qp;
    }

    @Override
    public int startPicture(Size sz, int maxSize, SliceType sliceType) {
        return qp;
    }

    @Override
    public int initialQpDelta() {
        return 0;
    }

    @Override
    public int accept(int bits) {
        return 0;
    }
}
