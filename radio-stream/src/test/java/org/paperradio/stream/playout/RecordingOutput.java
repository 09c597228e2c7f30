package org.paperradio.stream.playout;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** An output that remembers what started when and how many samples came, for tests. */
final class RecordingOutput implements AudioOutput {

    /** A segment start: at which sample of the air, at which System.nanoTime(). */
    record Start(Segment segment, long atSample, long atNanos) {
    }

    final List<Start> starts = new CopyOnWriteArrayList<>();
    final AtomicLong samples = new AtomicLong();
    final AtomicLong firstWriteNanos = new AtomicLong();
    final AtomicLong energy = new AtomicLong();
    /** Every sample written, when made with {@code keepAudio} (short tests only). */
    private final boolean keepAudio;
    private short[] audio = new short[0];
    private int kept;

    RecordingOutput() {
        this(false);
    }

    RecordingOutput(boolean keepAudio) {
        this.keepAudio = keepAudio;
    }

    /** The samples written so far (empty unless made with {@code keepAudio}). */
    synchronized short[] audio() {
        return java.util.Arrays.copyOf(audio, kept);
    }

    @Override
    public void segmentStarted(Segment segment) {
        starts.add(new Start(segment, samples.get(), System.nanoTime()));
    }

    @Override
    public void write(short[] pcm, int offset, int length) {
        firstWriteNanos.compareAndSet(0, System.nanoTime());
        long sum = 0;
        for (int i = offset; i < offset + length; i++) {
            sum += Math.abs(pcm[i]);
        }
        energy.addAndGet(sum);
        if (keepAudio) {
            synchronized (this) {
                if (kept + length > audio.length) {
                    audio = java.util.Arrays.copyOf(audio, Math.max(kept + length, audio.length * 2));
                }
                System.arraycopy(pcm, offset, audio, kept, length);
                kept += length;
            }
        }
        samples.addAndGet(length);
    }

    @Override
    public void close() {
    }
}
