package org.paperradio.stream.output;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One listener of a {@link LiveMp3Broadcast}: a bounded queue of whole MP3 frames, the first of
 * which starts at a frame boundary. Read it with {@link #next} until it is closed, and close it
 * when the reader goes away. The broadcast closes it (and drops what it holds) when the reader
 * falls too far behind.
 *
 * <p>Each frame carries the title of the item on air when it was encoded, so a reader that shows
 * titles (ICY metadata) switches at the frame where the new item starts, however far behind the
 * live edge it reads: {@link #title()} is the title of the frame last handed out. One reader only.
 */
public final class Listener implements AutoCloseable {

    private final LiveMp3Broadcast broadcast;
    private final BlockingQueue<Frame> frames;
    private volatile String title;
    private volatile boolean open = true;
    private volatile boolean dropped;

    /** One MP3 frame and the title on air at it (null before any item started). */
    record Frame(byte[] mp3, String title) {
    }

    Listener(LiveMp3Broadcast broadcast, int capacity) {
        this.broadcast = broadcast;
        this.frames = new ArrayBlockingQueue<>(capacity);
    }

    /**
     * The next frame, waiting up to {@code timeout}; null when none came in time or the listener
     * is closed (tell the two apart with {@link #isOpen()}).
     */
    public byte[] next(Duration timeout) throws InterruptedException {
        if (!open) {
            return null;
        }
        return take(frames.poll(timeout.toNanos(), TimeUnit.NANOSECONDS));
    }

    /** The next frame if one is waiting, else null; never blocks. */
    public byte[] poll() {
        return open ? take(frames.poll()) : null;
    }

    /**
     * The title of the item on air at the frame last returned by {@link #next} or {@link #poll}
     * (as {@link IcyMetadata#title} makes it, not sanitised); null before any item started.
     */
    public String title() {
        return title;
    }

    private byte[] take(Frame f) {
        if (f == null) {
            return null;
        }
        title = f.title();
        return f.mp3();
    }

    /** False once closed by the reader, dropped for lagging, or the broadcast ended. */
    public boolean isOpen() {
        return open;
    }

    /** True when the broadcast dropped this listener because it fell too far behind. */
    public boolean wasDropped() {
        return dropped;
    }

    /** Unsubscribes; frames not yet read are discarded. */
    @Override
    public void close() {
        if (open) {
            open = false;
            broadcast.unsubscribe(this);
            frames.clear();
        }
    }

    /** Called by the broadcast with its lock held; false when the queue is full. */
    boolean offer(Frame frame) {
        return open && frames.offer(frame);
    }

    void drop() {
        dropped = true;
        open = false;
        frames.clear();
    }

    void end() {
        open = false;
    }
}
