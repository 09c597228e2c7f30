package org.paperradio.stream.playout;

/**
 * Where the playout clock sends the air: mono 16-bit PCM at the station's sample rate, at real
 * time pace, plus a cue when each segment starts. Every method is called on the clock's thread
 * and must return at once: an output keeps its own buffer and its own thread for slow work, and
 * drops or reconnects on its own rather than ever holding the clock back.
 */
public interface AudioOutput extends AutoCloseable {

    /** A new item starts; its first samples follow in the next {@link #write} call. */
    default void segmentStarted(Segment segment) {
    }

    /**
     * The next block of air. The array is reused after the call returns: copy what you keep.
     */
    void write(short[] pcm, int offset, int length);

    /** Stops the output and frees what it holds. The clock never calls it: the owner does. */
    @Override
    void close();
}
