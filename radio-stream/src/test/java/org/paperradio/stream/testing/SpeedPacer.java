package org.paperradio.stream.testing;

import java.time.Duration;
import org.paperradio.stream.playout.Pacer;

/**
 * Real time sped up by a factor that can change while the air runs: at 10, a minute of wall
 * time is ten minutes of air. Time stays monotonic across changes.
 */
public final class SpeedPacer implements Pacer {

    private long realBase = System.nanoTime();
    private long virtualBase = realBase;
    private double speed = 1.0;

    @Override
    public synchronized long nanoTime() {
        return virtualBase + (long) ((System.nanoTime() - realBase) * speed);
    }

    /** From now on, {@code speed} seconds of air pass per second. */
    public synchronized void speed(double speed) {
        if (!(speed > 0)) {
            throw new IllegalArgumentException("speed must be positive: " + speed);
        }
        long now = System.nanoTime();
        virtualBase += (long) ((now - realBase) * this.speed);
        realBase = now;
        this.speed = speed;
    }

    @Override
    public void sleep(long nanos) throws InterruptedException {
        double s;
        synchronized (this) {
            s = speed;
        }
        Thread.sleep(Duration.ofNanos((long) (nanos / s)));
    }
}
