package org.paperradio.core.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.ToDoubleFunction;
import org.paperradio.core.paper.ArxivId;

/** The bounded queue in front of a stage: first come, first served, or by priority. */
interface WorkQueue {

    void put(ArxivId id) throws InterruptedException;

    ArxivId poll(long timeout, TimeUnit unit) throws InterruptedException;

    int size();

    /** The papers waiting, in no particular order. */
    List<ArxivId> snapshot();

    static WorkQueue fifo(int capacity) {
        BlockingQueue<ArxivId> q = new ArrayBlockingQueue<>(capacity);
        return new WorkQueue() {
            @Override
            public void put(ArxivId id) throws InterruptedException {
                q.put(id);
            }

            @Override
            public ArxivId poll(long timeout, TimeUnit unit) throws InterruptedException {
                return q.poll(timeout, unit);
            }

            @Override
            public int size() {
                return q.size();
            }

            @Override
            public List<ArxivId> snapshot() {
                return List.copyOf(q);
            }
        };
    }

    static WorkQueue byPriority(int capacity, ToDoubleFunction<ArxivId> priority) {
        return new PriorityWorkQueue(capacity, priority);
    }

    /**
     * Picks the highest priority at take time by a linear scan: candidates number in the tens,
     * and priorities change while papers wait (requests, novelty), which a heap would not see.
     */
    final class PriorityWorkQueue implements WorkQueue {
        private final int capacity;
        private final ToDoubleFunction<ArxivId> priority;
        private final List<ArxivId> waiting = new ArrayList<>();
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition notEmpty = lock.newCondition();
        private final Condition notFull = lock.newCondition();

        PriorityWorkQueue(int capacity, ToDoubleFunction<ArxivId> priority) {
            this.capacity = capacity;
            this.priority = priority;
        }

        @Override
        public void put(ArxivId id) throws InterruptedException {
            lock.lockInterruptibly();
            try {
                while (waiting.size() >= capacity) {
                    notFull.await();
                }
                waiting.add(id);
                notEmpty.signal();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public ArxivId poll(long timeout, TimeUnit unit) throws InterruptedException {
            long nanos = unit.toNanos(timeout);
            lock.lockInterruptibly();
            try {
                while (waiting.isEmpty()) {
                    if (nanos <= 0) {
                        return null;
                    }
                    nanos = notEmpty.awaitNanos(nanos);
                }
                int best = 0;
                double bestScore = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < waiting.size(); i++) {
                    double s = score(waiting.get(i));
                    if (s > bestScore) { // strict: ties keep the one that waited longest
                        best = i;
                        bestScore = s;
                    }
                }
                ArxivId id = waiting.remove(best);
                notFull.signal();
                return id;
            } finally {
                lock.unlock();
            }
        }

        private double score(ArxivId id) {
            try {
                double s = priority.applyAsDouble(id);
                return Double.isNaN(s) ? Double.NEGATIVE_INFINITY : s;
            } catch (RuntimeException e) {
                return Double.NEGATIVE_INFINITY; // a paper whose score cannot be had still gets its turn, last
            }
        }

        @Override
        public int size() {
            lock.lock();
            try {
                return waiting.size();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public List<ArxivId> snapshot() {
            lock.lock();
            try {
                return List.copyOf(waiting);
            } finally {
                lock.unlock();
            }
        }
    }
}
