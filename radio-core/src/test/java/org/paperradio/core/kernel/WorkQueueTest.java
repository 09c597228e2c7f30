package org.paperradio.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.paperradio.core.paper.ArxivId;

class WorkQueueTest {

    private static ArxivId id(int n) {
        return ArxivId.parse(String.format("2501.%05dv1", n));
    }

    private static List<ArxivId> drain(WorkQueue q) throws InterruptedException {
        List<ArxivId> out = new ArrayList<>();
        ArxivId next;
        while ((next = q.poll(0, TimeUnit.MILLISECONDS)) != null) {
            out.add(next);
        }
        return out;
    }

    /** Starts a thread that puts {@code id}; the returned latch opens once the put returned. */
    private static CountDownLatch putInBackground(WorkQueue q, ArxivId id, AtomicReference<Throwable> error) {
        CountDownLatch done = new CountDownLatch(1);
        Thread.ofPlatform().daemon().start(() -> {
            try {
                q.put(id);
            } catch (Throwable t) {
                error.set(t);
            } finally {
                done.countDown();
            }
        });
        return done;
    }

    @Test
    void fifoHandsPapersOutInArrivalOrder() throws Exception {
        WorkQueue q = WorkQueue.fifo(10);
        for (int n : new int[] {3, 1, 2}) {
            q.put(id(n));
        }
        assertThat(q.size()).isEqualTo(3);
        assertThat(q.snapshot()).containsExactlyInAnyOrder(id(1), id(2), id(3));

        assertThat(drain(q)).containsExactly(id(3), id(1), id(2));
        assertThat(q.size()).isZero();
    }

    @Test
    void priorityQueueTakesTheHighestScoreAndTiesGoToTheLongestWaiting() throws Exception {
        Map<ArxivId, Double> score = Map.of(id(1), 1.0, id(2), 7.0, id(3), 7.0, id(4), 3.0, id(5), 7.0);
        WorkQueue q = WorkQueue.byPriority(10, score::get);
        for (int n = 1; n <= 5; n++) {
            q.put(id(n));
        }

        // the three 7s in arrival order, then 3, then 1
        assertThat(drain(q)).containsExactly(id(2), id(3), id(5), id(4), id(1));
    }

    @Test
    void priorityIsAskedAtTakeTimeSoAChangeWhileWaitingCounts() throws Exception {
        Map<ArxivId, Double> score = new ConcurrentHashMap<>(Map.of(id(1), 5.0, id(2), 5.0, id(3), 5.0));
        WorkQueue q = WorkQueue.byPriority(10, score::get);
        q.put(id(1));
        q.put(id(2));
        q.put(id(3));

        assertThat(q.poll(0, TimeUnit.MILLISECONDS)).isEqualTo(id(1));
        // a listener's request for the last one arrives while it waits
        score.put(id(3), 105.0);
        assertThat(q.poll(0, TimeUnit.MILLISECONDS)).isEqualTo(id(3));
        assertThat(q.poll(0, TimeUnit.MILLISECONDS)).isEqualTo(id(2));
    }

    @Test
    void aPaperWhoseScoreFailsOrIsNaNStillGetsItsTurnLast() throws Exception {
        WorkQueue q = WorkQueue.byPriority(10, id -> {
            if (id.equals(id(1))) {
                throw new IllegalStateException("summary unreadable");
            }
            return id.equals(id(2)) ? Double.NaN : -1_000.0;
        });
        q.put(id(1));
        q.put(id(2));
        q.put(id(3));

        List<ArxivId> order = drain(q);
        assertThat(order).containsExactly(id(3), id(1), id(2));
    }

    @Test
    void pollWaitsForAPutAndOtherwiseTimesOutWithNull() throws Exception {
        WorkQueue q = WorkQueue.byPriority(4, id -> 0);
        long started = System.nanoTime();
        assertThat(q.poll(150, TimeUnit.MILLISECONDS)).isNull();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(140));

        AtomicReference<ArxivId> got = new AtomicReference<>();
        CountDownLatch taken = new CountDownLatch(1);
        Thread.ofPlatform().daemon().start(() -> {
            try {
                got.set(q.poll(10, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                taken.countDown();
            }
        });
        Thread.sleep(100);
        q.put(id(9));
        assertThat(taken.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(got.get()).isEqualTo(id(9));
    }

    @Test
    void aFullPriorityQueueBlocksPutUntilATakeMakesRoom() throws Exception {
        WorkQueue q = WorkQueue.byPriority(2, id -> 0);
        q.put(id(1));
        q.put(id(2));
        AtomicReference<Throwable> error = new AtomicReference<>();
        CountDownLatch third = putInBackground(q, id(3), error);

        assertThat(third.await(300, TimeUnit.MILLISECONDS)).as("put into a full queue returned").isFalse();
        assertThat(q.size()).isEqualTo(2);

        assertThat(q.poll(0, TimeUnit.MILLISECONDS)).isEqualTo(id(1));
        assertThat(third.await(5, TimeUnit.SECONDS)).as("put returned once there was room").isTrue();
        assertThat(error.get()).isNull();
        assertThat(q.snapshot()).containsExactlyInAnyOrder(id(2), id(3));
    }

    @Test
    void aFullFifoQueueBlocksPutToo() throws Exception {
        WorkQueue q = WorkQueue.fifo(1);
        q.put(id(1));
        AtomicReference<Throwable> error = new AtomicReference<>();
        CountDownLatch second = putInBackground(q, id(2), error);

        assertThat(second.await(300, TimeUnit.MILLISECONDS)).isFalse();
        assertThat(q.poll(0, TimeUnit.MILLISECONDS)).isEqualTo(id(1));
        assertThat(second.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(q.poll(0, TimeUnit.MILLISECONDS)).isEqualTo(id(2));
    }

    @Test
    void aPutBlockedOnAFullQueueCanBeInterrupted() throws Exception {
        WorkQueue q = WorkQueue.byPriority(1, id -> 0);
        q.put(id(1));
        AtomicReference<Throwable> error = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        Thread t = Thread.ofPlatform().daemon().start(() -> {
            try {
                q.put(id(2));
            } catch (Throwable e) {
                error.set(e);
            } finally {
                done.countDown();
            }
        });
        assertThat(done.await(200, TimeUnit.MILLISECONDS)).isFalse();

        t.interrupt();

        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(error.get()).isInstanceOf(InterruptedException.class);
        assertThat(q.snapshot()).containsExactly(id(1));
    }
}
