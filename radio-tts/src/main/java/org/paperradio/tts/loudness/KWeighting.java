package org.paperradio.tts.loudness;

/**
 * The BS.1770 K-weighting filter: a high-shelf "pre-filter" (head effects, about +4 dB above
 * 2 kHz) followed by the RLB high-pass (about 38 Hz). Coefficients come from the analog
 * prototypes by the bilinear transform, as libebur128 derives them, so any sample rate gives the
 * response the standard's 48 kHz table describes. Stateful: one instance per signal.
 */
final class KWeighting {

    /** Below this, filter state is flushed to zero: decaying subnormals are very slow on the CPU. */
    private static final double TINY = 1e-30;

    private final double b0;
    private final double b1;
    private final double b2;
    private final double a1;
    private final double a2;
    private final double c0;
    private final double c1;
    private final double c2;
    private final double d1;
    private final double d2;
    private double s1;
    private double s2;
    private double t1;
    private double t2;

    KWeighting(int sampleRate) {
        // stage 1: high shelf
        double f0 = 1681.974450955533;
        double gainDb = 3.999843853973347;
        double q = 0.7071752369554196;
        double k = Math.tan(Math.PI * f0 / sampleRate);
        double vh = Math.pow(10.0, gainDb / 20.0);
        double vb = Math.pow(vh, 0.4996667741545416);
        double a0 = 1.0 + k / q + k * k;
        b0 = (vh + vb * k / q + k * k) / a0;
        b1 = 2.0 * (k * k - vh) / a0;
        b2 = (vh - vb * k / q + k * k) / a0;
        a1 = 2.0 * (k * k - 1.0) / a0;
        a2 = (1.0 - k / q + k * k) / a0;
        // stage 2: RLB high-pass; its numerator is 1, -2, 1 un-normalised, as in BS.1770's table
        f0 = 38.13547087602444;
        q = 0.5003270373238773;
        k = Math.tan(Math.PI * f0 / sampleRate);
        double r0 = 1.0 + k / q + k * k;
        c0 = 1.0;
        c1 = -2.0;
        c2 = 1.0;
        d1 = 2.0 * (k * k - 1.0) / r0;
        d2 = (1.0 - k / q + k * k) / r0;
    }

    /** Filters one sample (full scale = 1.0). Transposed direct form II, in double precision. */
    double next(double x) {
        double y = b0 * x + s1;
        s1 = b1 * x - a1 * y + s2;
        s2 = b2 * x - a2 * y;
        double z = c0 * y + t1;
        t1 = c1 * y - d1 * z + t2;
        t2 = c2 * y - d2 * z;
        return z;
    }

    /** Zeroes state that has decayed to nothing (call now and then, e.g. every 100 ms). */
    void flushTiny() {
        if (Math.abs(s1) < TINY) {
            s1 = 0;
        }
        if (Math.abs(s2) < TINY) {
            s2 = 0;
        }
        if (Math.abs(t1) < TINY) {
            t1 = 0;
        }
        if (Math.abs(t2) < TINY) {
            t2 = 0;
        }
    }
}
