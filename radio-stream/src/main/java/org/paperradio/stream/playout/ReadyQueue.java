package org.paperradio.stream.playout;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.PaperLog;
import org.paperradio.core.paper.PaperRecord;
import org.paperradio.core.paper.Stage;
import org.paperradio.core.store.PaperStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The voiced papers waiting to air: the pipeline's sink on one side, the playout clock on the
 * other. {@link #accept} blocks while enough audio is already waiting, which holds the voicing
 * stage back so the station never voices hours of audio nobody will hear soon.
 */
public final class ReadyQueue implements Consumer<PaperRecord> {

    private static final Logger log = LoggerFactory.getLogger(ReadyQueue.class);

    private final PaperStore store;
    private final Duration readyAhead;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition roomLeft = lock.newCondition();
    private final Deque<PaperSegment> queue = new ArrayDeque<>();
    private Duration buffered = Duration.ZERO;

    /**
     * @param readyAhead accept() waits while at least this much audio is queued
     *                   (StationConfig.Playout.readyAhead)
     */
    public ReadyQueue(PaperStore store, Duration readyAhead) {
        this.store = Objects.requireNonNull(store, "store");
        if (readyAhead == null || readyAhead.isNegative() || readyAhead.isZero()) {
            throw new IllegalArgumentException("readyAhead must be positive: " + readyAhead);
        }
        this.readyAhead = readyAhead;
    }

    /**
     * Queues a voiced paper, first waiting while {@link #bufferedAhead()} is at or above
     * readyAhead. When interrupted it returns at once with the interrupt flag set and the paper
     * not queued (it stays VOICED in the store and is offered again after the next start). A
     * paper whose timing cannot be read is logged and left out.
     */
    @Override
    public void accept(PaperRecord rec) {
        // the pipeline hands papers on in their scope already; other callers may not
        try (PaperLog.Scope scope = PaperLog.scope(rec.id())) {
            queue(rec);
        }
    }

    private void queue(PaperRecord rec) {
        if (rec.stage() != Stage.VOICED) {
            log.warn("is at {}, not VOICED; not queued for air", rec.stage());
            return;
        }
        PaperSegment segment;
        try {
            segment = PaperSegment.load(store, rec);
        } catch (IOException | RuntimeException e) {
            log.warn("voiced but its audio cannot be read, not queued: {}", e.toString());
            return;
        }
        try {
            lock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            while (buffered.compareTo(readyAhead) >= 0) {
                roomLeft.await();
            }
            for (PaperSegment s : queue) {
                if (s.id().equals(segment.id())) {
                    log.info("already queued for air");
                    return;
                }
            }
            queue.addLast(segment);
            buffered = buffered.plus(segment.length());
            log.info("ready to air ({} s), {} s ready in all", segment.length().toSeconds(),
                    buffered.toSeconds());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    /** Takes the next segment to air, or null when none is ready. */
    public PaperSegment poll() {
        lock.lock();
        try {
            PaperSegment s = queue.pollFirst();
            if (s != null) {
                buffered = buffered.minus(s.length());
                roomLeft.signalAll();
            }
            return s;
        } finally {
            lock.unlock();
        }
    }

    /** Waits up to {@code timeout} for a segment (for tests and tools; the clock uses {@link #poll()}). */
    public PaperSegment poll(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            PaperSegment s = poll();
            if (s != null || System.nanoTime() >= deadline) {
                return s;
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    /** Takes a paper out of the queue (the operator dropped it); false when it was not queued. */
    public boolean remove(ArxivId id) {
        lock.lock();
        try {
            for (var it = queue.iterator(); it.hasNext(); ) {
                PaperSegment s = it.next();
                if (s.id().equals(id)) {
                    it.remove();
                    buffered = buffered.minus(s.length());
                    roomLeft.signalAll();
                    return true;
                }
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** How much audio is queued. */
    public Duration bufferedAhead() {
        lock.lock();
        try {
            return buffered;
        } finally {
            lock.unlock();
        }
    }

    /** The next {@code max} segments, in airing order. */
    public List<PaperSegment> upNext(int max) {
        lock.lock();
        try {
            List<PaperSegment> out = new ArrayList<>(Math.min(max, queue.size()));
            for (PaperSegment s : queue) {
                if (out.size() >= max) {
                    break;
                }
                out.add(s);
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    public int size() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }
}
