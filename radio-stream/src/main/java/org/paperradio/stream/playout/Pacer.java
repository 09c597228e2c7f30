package org.paperradio.stream.playout;

import java.time.Duration;

/**
 * The time the air is paced by: a monotonic reading and a way to wait. The station uses
 * {@link #REAL}; a test can run the air faster than real time (ten minutes of air in one) with
 * its own, everything else on the air unchanged.
 */
public interface Pacer {

    /** Monotonic nanoseconds, like {@link System#nanoTime()}. */
    long nanoTime();

    /** Waits {@code nanos} of this pacer's time. */
    void sleep(long nanos) throws InterruptedException;

    /** Real time: {@link System#nanoTime()} and {@link Thread#sleep}. */
    Pacer REAL = new Pacer() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleep(long nanos) throws InterruptedException {
            Thread.sleep(Duration.ofNanos(nanos));
        }

        @Override
        public String toString() {
            return "real time";
        }
    };
}
