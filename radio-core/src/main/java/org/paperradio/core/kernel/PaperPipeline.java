package org.paperradio.core.kernel;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.Failure;
import org.paperradio.core.paper.PaperMeta;
import org.paperradio.core.paper.PaperRecord;
import org.paperradio.core.paper.Stage;
import org.paperradio.core.store.PaperStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stage kernel: polls the source, runs every stage's workers on virtual threads, connects
 * stages with bounded queues, retries failures with backoff, records what each paper reached in
 * the store, and hands finished papers to the sink. On start it resumes every paper at the
 * stage it had reached. Closing stops intake, lets in-flight work finish for a grace period and
 * then interrupts it; interrupted work is simply redone after the next start, because a stage's
 * artifacts only count once the store records the stage.
 */
public final class PaperPipeline implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PaperPipeline.class);

    private final PaperStore store;
    private final PaperSource source;
    private final List<PaperStage> stages;
    private final PipelineSettings settings;
    private final Consumer<PaperRecord> sink;
    private final List<WorkQueue> queues = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean();
    /** Threads blocked waiting (for work, queue space, the sink, a backoff): safe to interrupt at once. */
    private final Set<Thread> waiting = ConcurrentHashMap.newKeySet();

    /**
     * @param sink receives each paper that left the last stage, in order; it may block to hold
     *             back the last stage (the playout does, when enough audio is ready)
     */
    public PaperPipeline(PaperStore store, PaperSource source, List<PaperStage> stages,
                         PipelineSettings settings, Consumer<PaperRecord> sink) {
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("a pipeline needs at least one stage");
        }
        for (int i = 1; i < stages.size(); i++) {
            if (stages.get(i).input() != stages.get(i - 1).output()) {
                throw new IllegalArgumentException("stage " + stages.get(i).name() + " takes "
                        + stages.get(i).input() + " but " + stages.get(i - 1).name() + " gives "
                        + stages.get(i - 1).output());
            }
        }
        this.store = store;
        this.source = source;
        this.stages = List.copyOf(stages);
        this.settings = settings;
        this.sink = sink;
        for (PaperStage stage : stages) {
            queues.add(stage instanceof PrioritizedStage p
                    ? WorkQueue.byPriority(Math.max(1, p.candidates()), p::priority)
                    : WorkQueue.fifo(settings.queueCapacity()));
        }
    }

    /** Starts workers, resumes stored papers, then polls the source on its interval. */
    public synchronized void start() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        for (int i = 0; i < stages.size(); i++) {
            PaperStage stage = stages.get(i);
            for (int w = 0; w < settings.workersFor(stage.name()); w++) {
                int index = i;
                // platform threads: stages are CPU-bound (PDF rendering, speech synthesis) and
                // virtual threads are never pre-empted, so they could starve the air's encoder
                threads.add(Thread.ofPlatform().name("stage-" + stage.name() + "-" + w).start(() -> work(index)));
            }
        }
        threads.add(Thread.ofVirtual().name("source").start(this::resumeThenPoll));
    }

    /** Papers waiting in front of each stage, by stage name, in chain order. */
    public Map<String, Integer> queueDepths() {
        Map<String, Integer> depths = new LinkedHashMap<>();
        for (int i = 0; i < stages.size(); i++) {
            depths.put(stages.get(i).name(), queues.get(i).size());
        }
        return depths;
    }

    /** The papers waiting in front of the named stage, in no particular order (empty for an unknown name). */
    public List<ArxivId> waitingFor(String stageName) {
        for (int i = 0; i < stages.size(); i++) {
            if (stages.get(i).name().equals(stageName)) {
                return queues.get(i).snapshot();
            }
        }
        return List.of();
    }

    private void resumeThenPoll() {
        try {
            resume();
            while (running.get()) {
                Duration soon = min(settings.pollInterval(), settings.maxBackoff());
                Duration next;
                try {
                    // a failed poll (network down at start, say) is tried again sooner than the interval
                    next = pollOnce() ? settings.pollInterval() : soon;
                    retryFailed();
                } catch (RuntimeException | Error e) {
                    log.error("poll crashed, polling again in {}: {}", soon, e.toString(), e);
                    next = soon;
                }
                Duration wait = next;
                waiting(() -> {
                    Thread.sleep(wait);
                    return null;
                });
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void resume() throws InterruptedException {
        int resumed = 0;
        for (PaperRecord rec : stored("resume")) {
            if (rec.stage().isFinal() || (rec.failed() && !rec.failure().retryable())) {
                continue;
            }
            resumed++;
            handOn(rec.failed() ? retry(rec) : rec);
        }
        if (resumed > 0) {
            log.info("resumed {} papers from the store", resumed);
        }
    }

    /** Papers whose failure was transient get another go once the cool-down (max backoff) has passed. */
    private void retryFailed() throws InterruptedException {
        for (PaperRecord rec : stored("retry failed papers")) {
            if (rec.failed() && rec.failure().retryable()
                    && rec.failure().at().plus(settings.maxBackoff()).isBefore(store.clock().instant())) {
                handOn(retry(rec));
            }
        }
    }

    /** Every stored paper; none (and an error logged) when the store cannot be read this time. */
    private List<PaperRecord> stored(String purpose) {
        try {
            return store.all();
        } catch (IOException e) {
            log.error("cannot read the paper store to {}: {}", purpose, e.toString());
            return List.of();
        }
    }

    private PaperRecord retry(PaperRecord rec) {
        log.info("paper={} retrying {} after an earlier transient failure: {}", rec.id(), rec.failure().stage(),
                rec.failure().reason());
        try {
            return store.clearFailure(rec.id());
        } catch (IOException e) {
            log.warn("paper={} failure could not be cleared: {}", rec.id(), e.toString());
            return rec.at(rec.stage());
        }
    }

    /**
     * One poll of the source; new papers enter the first stage. Failures are logged, never fatal.
     * Returns whether the source answered.
     */
    boolean pollOnce() throws InterruptedException {
        List<PaperMeta> found;
        try {
            found = source.poll();
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            log.warn("paper source failed, will poll again in {}: {}",
                    min(settings.pollInterval(), settings.maxBackoff()), e.getMessage());
            return false;
        }
        int added = 0;
        for (PaperMeta meta : found) {
            try {
                var rec = store.add(meta);
                if (rec.isPresent()) {
                    added++;
                    handOn(rec.get());
                }
            } catch (IOException e) {
                log.error("paper={} could not be stored: {}", meta.id(), e.toString());
            }
        }
        log.info("poll found {} papers, {} new", found.size(), added);
        return true;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** A blocking wait during which shutdown may interrupt this thread without losing work. */
    private interface Wait<T> {
        T run() throws InterruptedException;
    }

    private <T> T waiting(Wait<T> wait) throws InterruptedException {
        Thread me = Thread.currentThread();
        waiting.add(me);
        try {
            // close() flips running before it interrupts the waiting threads, so a thread that
            // registers too late to be interrupted sees the flag here instead
            if (!running.get()) {
                throw new InterruptedException("shutting down");
            }
            return wait.run();
        } finally {
            waiting.remove(me);
        }
    }

    /** Puts a paper in front of the stage that takes it, or gives it to the sink if it is done. */
    private void handOn(PaperRecord rec) throws InterruptedException {
        for (int i = 0; i < stages.size(); i++) {
            if (stages.get(i).input() == rec.stage()) {
                WorkQueue queue = queues.get(i);
                waiting(() -> {
                    queue.put(rec.id());
                    return null;
                });
                return;
            }
        }
        if (rec.stage() == stages.getLast().output()) {
            waiting(() -> {
                sink.accept(rec);
                return null;
            });
        }
    }

    private void work(int index) {
        PaperStage stage = stages.get(index);
        WorkQueue in = queues.get(index);
        while (running.get()) {
            ArxivId id;
            try {
                id = waiting(() -> in.poll(200, TimeUnit.MILLISECONDS));
            } catch (InterruptedException e) {
                return;
            }
            if (id == null) {
                continue;
            }
            try {
                PaperRecord done = runWithRetries(stage, id);
                if (done != null) {
                    handOn(done);
                }
            } catch (InterruptedException e) {
                log.info("paper={} {} interrupted by shutdown; resumes at next start", id, stage.name());
                return;
            } catch (RuntimeException | Error e) {
                // never lose a worker: one paper's crash (even a StackOverflowError from a crafted
                // PDF) must not stop the stage; an OutOfMemoryError ends the JVM (see the launcher)
                log.error("paper={} {} crashed the worker loop: {}", id, stage.name(), e.toString(), e);
            }
        }
    }

    /** Returns the updated record, or null when the paper failed for good. */
    private PaperRecord runWithRetries(PaperStage stage, ArxivId id) throws InterruptedException {
        int attempts = 0;
        while (true) {
            attempts++;
            long started = System.nanoTime();
            try {
                PaperRecord rec = store.load(id);
                if (rec.stage() != stage.input()) {
                    log.warn("paper={} is at {} not {}, skipped by {}", id, rec.stage(), stage.input(), stage.name());
                    return null;
                }
                stage.process(rec);
                Stage reached = stage.reached(rec);
                if (reached != stage.output() && !reached.isFinal()) {
                    throw new IllegalStateException(stage.name() + " may only end early with a final stage, not " + reached);
                }
                PaperRecord done = store.advance(id, reached);
                log.info("paper={} {} done in {} ms", id, stage.name(), (System.nanoTime() - started) / 1_000_000);
                return done;
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception | StackOverflowError | LinkageError e) {
                if (Thread.currentThread().isInterrupted() || !running.get()) {
                    throw new InterruptedException("shutdown");
                }
                boolean permanent = e instanceof BadInputException || e instanceof Error;
                if (permanent || attempts > settings.retries()) {
                    String reason = reason(e);
                    log.warn("paper={} {} failed after {} tries: {}", id, stage.name(), attempts, reason);
                    try {
                        store.fail(id, new Failure(stage.name(), reason, attempts, store.clock().instant(), !permanent));
                    } catch (IOException io) {
                        log.error("paper={} failure could not be recorded: {}", id, io.toString());
                    }
                    return null;
                }
                Duration wait = settings.backoffBefore(attempts);
                log.info("paper={} {} try {} failed ({}), retrying in {} ms", id, stage.name(), attempts, reason(e),
                        wait.toMillis());
                waiting(() -> {
                    Thread.sleep(wait);
                    return null;
                });
            }
        }
    }

    private static String reason(Throwable e) {
        String msg = e.getMessage();
        return e.getClass().getSimpleName() + (msg == null ? "" : ": " + msg);
    }

    /**
     * Stops intake. Threads that are only waiting are interrupted at once; work in progress gets
     * the grace period, then is interrupted too (and redone after the next start).
     */
    @Override
    public void close() {
        if (!running.compareAndSet(true, false)) {
            return;
        }
        for (Thread t : waiting) {
            t.interrupt();
        }
        long deadline = System.nanoTime() + settings.shutdownGrace().toNanos();
        for (Thread t : threads) {
            try {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !t.join(Duration.ofNanos(left))) {
                    t.interrupt();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (Thread t : threads) {
            try {
                t.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        log.info("pipeline stopped");
    }
}
