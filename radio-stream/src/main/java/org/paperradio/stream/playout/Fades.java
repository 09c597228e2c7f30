package org.paperradio.stream.playout;

/** Linear fades on blocks of the air, in place. */
final class Fades {

    private Fades() {
    }

    /**
     * Fades in the first {@code fade} samples of an item: {@code block[0..n)} are its samples from
     * {@code offset} on.
     */
    static void in(short[] block, int n, long offset, int fade) {
        for (int i = 0; i < n && offset + i < fade; i++) {
            block[i] = (short) (block[i] * (offset + i) / fade);
        }
    }

    /** Fades {@code block[from..to)} out to silence over {@code length} samples ending at {@code to}. */
    static void out(short[] block, int from, int to, int length) {
        if (length <= 0) {
            return;
        }
        for (int i = from; i < to; i++) {
            long left = to - 1 - i; // the last sample is silent
            block[i] = (short) (block[i] * Math.min(left, length) / length);
        }
    }
}
