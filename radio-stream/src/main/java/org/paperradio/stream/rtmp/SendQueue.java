package org.paperradio.stream.rtmp;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded hand-over between the producer and the connection. {@link #offer} never blocks.
 * Rules, chosen so the receiver can always decode what it gets:
 * <ul>
 *   <li>Metadata and sequence headers are never dropped; the latest of each kind is also kept
 *       aside so a new connection can start with them, and a newer one replaces a queued older
 *       one of the same kind.</li>
 *   <li>When full, the oldest droppable media tag goes (audio or a non-key video frame). Losing
 *       a video inter frame breaks the frames after it, so all video up to the next key frame is
 *       dropped with it. Only when nothing else is left does the oldest key frame go.</li>
 *   <li>While disconnected, a new key frame makes everything queued before it useless, so the
 *       older media is cleared: the next connection starts fresh at that key frame.</li>
 * </ul>
 */
final class SendQueue {

    private final int capacity;
    private final ArrayDeque<FlvTag> queue = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private FlvTag metadata;
    private FlvTag avcHeader;
    private FlvTag aacHeader;
    private boolean videoBroken;
    private long dropped;

    SendQueue(int capacity) {
        if (capacity < 8) {
            throw new IllegalArgumentException("queue capacity must be at least 8");
        }
        this.capacity = capacity;
    }

    /** Adds a tag, dropping as described above; never blocks. */
    void offer(FlvTag tag, boolean connected) {
        lock.lock();
        try {
            if (tag.isConfig()) {
                removeQueuedConfigLike(tag);
                if (tag.type() == FlvTag.Type.SCRIPT) {
                    metadata = tag;
                } else if (tag.isAvcSequenceHeader()) {
                    avcHeader = tag;
                } else {
                    aacHeader = tag;
                }
            } else if (tag.type() == FlvTag.Type.VIDEO) {
                if (tag.isKeyframe()) {
                    videoBroken = false;
                    if (!connected) {
                        dropped += queue.size();
                        queue.removeIf(t -> !t.isConfig());
                        dropped -= queue.size();
                    }
                } else if (videoBroken) {
                    dropped++;
                    return;
                }
            }
            queue.addLast(tag);
            while (queue.size() > capacity) {
                dropOne();
            }
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
    }

    /** The next tag, or null after waiting {@code timeoutMs} in vain. */
    FlvTag poll(long timeoutMs) throws InterruptedException {
        lock.lock();
        try {
            long nanos = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            while (queue.isEmpty()) {
                if (nanos <= 0) {
                    return null;
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            return queue.pollFirst();
        } finally {
            lock.unlock();
        }
    }

    /** The latest metadata and sequence headers, in the order a new connection must send them. */
    java.util.List<FlvTag> latestConfig() {
        lock.lock();
        try {
            java.util.List<FlvTag> list = new java.util.ArrayList<>(3);
            for (FlvTag t : new FlvTag[] {metadata, avcHeader, aacHeader}) {
                if (t != null) {
                    list.add(t);
                }
            }
            return list;
        } finally {
            lock.unlock();
        }
    }

    long dropped() {
        lock.lock();
        try {
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    int size() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    private void removeQueuedConfigLike(FlvTag tag) {
        queue.removeIf(t -> t.isConfig() && t.type() == tag.type()
                && t.isAvcSequenceHeader() == tag.isAvcSequenceHeader()
                && t.isAacSequenceHeader() == tag.isAacSequenceHeader());
    }

    private void dropOne() {
        Iterator<FlvTag> it = queue.iterator();
        while (it.hasNext()) {
            FlvTag t = it.next();
            if (t.isDroppableMedia()) {
                it.remove();
                dropped++;
                if (t.type() == FlvTag.Type.VIDEO) {
                    dropVideoUntilKeyframe(it);
                }
                return;
            }
        }
        it = queue.iterator();
        while (it.hasNext()) {
            FlvTag t = it.next();
            if (!t.isConfig()) {
                it.remove();
                dropped++;
                dropVideoUntilKeyframe(it);
                return;
            }
        }
    }

    private void dropVideoUntilKeyframe(Iterator<FlvTag> it) {
        while (it.hasNext()) {
            FlvTag t = it.next();
            if (t.type() == FlvTag.Type.VIDEO && !t.isConfig()) {
                if (t.isKeyframe()) {
                    return;
                }
                it.remove();
                dropped++;
            }
        }
        videoBroken = true; // no key frame queued: later inter frames are useless too
    }
}
