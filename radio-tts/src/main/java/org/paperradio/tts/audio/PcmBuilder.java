package org.paperradio.tts.audio;

import java.time.Duration;
import java.util.Arrays;

/** Appends PCM pieces of one sample rate into one buffer (a segment assembled line by line). */
public final class PcmBuilder {

    private final int sampleRate;
    private short[] buf;
    private int size;

    public PcmBuilder(int sampleRate) {
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sample rate must be positive: " + sampleRate);
        }
        this.sampleRate = sampleRate;
        this.buf = new short[Math.max(1024, sampleRate)];
    }

    public int sampleRate() {
        return sampleRate;
    }

    /** Samples appended so far. */
    public int length() {
        return size;
    }

    /** Time appended so far. */
    public Duration duration() {
        return Pcm.timeOf(size, sampleRate);
    }

    public PcmBuilder append(Pcm pcm) {
        if (pcm.sampleRate() != sampleRate) {
            throw new IllegalArgumentException("sample rate " + pcm.sampleRate() + " does not match " + sampleRate
                    + "; resample first");
        }
        return append(pcm.samples(), 0, pcm.samples().length);
    }

    public PcmBuilder append(short[] samples, int off, int len) {
        ensure(len);
        System.arraycopy(samples, off, buf, size, len);
        size += len;
        return this;
    }

    public PcmBuilder appendSilence(Duration length) {
        int n = Pcm.samplesFor(length, sampleRate);
        ensure(n);
        Arrays.fill(buf, size, size + n, (short) 0);
        size += n;
        return this;
    }

    public Pcm build() {
        return new Pcm(Arrays.copyOf(buf, size), sampleRate);
    }

    private void ensure(int more) {
        long needed = (long) size + more;
        if (needed > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("audio too long for one buffer");
        }
        if (needed > buf.length) {
            long grown = Math.max(needed, Math.min(Integer.MAX_VALUE - 8L, buf.length * 2L));
            buf = Arrays.copyOf(buf, (int) grown);
        }
    }
}
