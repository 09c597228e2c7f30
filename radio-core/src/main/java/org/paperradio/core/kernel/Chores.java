package org.paperradio.core.kernel;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The station's periodic background jobs (LLM catch-up, the show schedule) on one small pool of
 * platform threads: each job runs at a fixed delay after its last run ended, so a slow run never
 * piles up; whatever a run throws is logged and the job runs again next time.
 */
public final class Chores implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Chores.class);

    /** One run of a job; may block (it has a thread of its own while it runs). */
    @FunctionalInterface
    public interface Job {
        void run() throws Exception;
    }

    private final ScheduledExecutorService pool;

    public Chores(int threads) {
        this.pool = Executors.newScheduledThreadPool(threads, Thread.ofPlatform().name("chore-", 0).daemon().factory());
    }

    /** Runs {@code job} after {@code first}, then every {@code every} after each run ends. */
    public void every(String name, Duration first, Duration every, Job job) {
        pool.scheduleWithFixedDelay(() -> {
            try {
                job.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Throwable t) {
                log.error("{} failed, runs again in {}: {}", name, every, t.toString(), t);
            }
        }, first.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops scheduling, interrupts running jobs and waits briefly for them to end. */
    @Override
    public void close() {
        pool.shutdownNow();
        try {
            if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("background jobs did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
