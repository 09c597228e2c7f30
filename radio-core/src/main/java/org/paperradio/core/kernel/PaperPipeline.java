package org.paperradio.core.kernel;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.Failure;
import org.paperradio.core.paper.PaperLog;
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
    private final Map<String, Counters> counters = new LinkedHashMap<>();
    private final LongAdder pollsAnswered = new LongAdder();
    private final Map<String, LongAdder> pollFailures = new ConcurrentHashMap<>();
    private final LongAdder storeFailures = new LongAdder();
    /** Papers a worker holds now. */
    private final Set<ArxivId> inWork = ConcurrentHashMap.newKeySet();
    /** Stages the operator paused: their workers take no new paper until resumed. */
    private final Set<String> paused = ConcurrentHashMap.newKeySet();

    /** What one stage has done since start, for /metrics. */
    private static final class Counters {
        final LongAdder done = new LongAdder();
        final LongAdder retried = new LongAdder();
        final LongAdder busyNanos = new LongAdder();
        final AtomicInteger busy = new AtomicInteger();
        final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    }

    /**
     * One stage at one moment: papers waiting in front of it, papers being worked on, whether
     * the operator paused it, and since start the papers done, the retries, the failures by
     * reason (the exception's kind, e.g. {@code BadInputException}) and the time spent working.
     */
    public record StageStats(String stage, int waiting, int busy, boolean paused, long done, long retried,
                             Map<String, Long> failures, Duration busyTime) {
        public StageStats {
            failures = Map.copyOf(failures);
        }
    }

    /**
     * The source's polls since start: those it answered, those that failed by reason (the
     * exception's kind, e.g. {@code FeedException}), and the times a new paper it found could not
     * be stored (a full disk, say: the next poll finds it again, and counts again).
     */
    public record PollStats(long answered, Map<String, Long> failures, long storeFailures) {
        public PollStats {
            failures = Map.copyOf(failures);
        }
    }

    /** What {@link #requeue} did. */
    public enum Requeue {
        /** The paper is back in front of the stage it had reached (its failure, if any, cleared). */
        REQUEUED,
        /** It is waiting or being worked on already. */
        ALREADY_QUEUED,
        /** It went all the way (aired, or waits to air): nothing to redo. */
        FINISHED,
        /** No such paper in the store. */
        UNKNOWN
    }

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
            counters.put(stage.name(), new Counters());
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

    /** Every stage, in chain order. */
    public List<StageStats> stats() {
        List<StageStats> out = new ArrayList<>();
        for (int i = 0; i < stages.size(); i++) {
            String name = stages.get(i).name();
            Counters c = counters.get(name);
            Map<String, Long> failures = new LinkedHashMap<>();
            c.failures.forEach((reason, n) -> failures.put(reason, n.sum()));
            out.add(new StageStats(name, queues.get(i).size(), c.busy.get(), paused.contains(name), c.done.sum(),
                    c.retried.sum(), failures, Duration.ofNanos(c.busyNanos.sum())));
        }
        return out;
    }

    /** The polls of the source since start. */
    public PollStats pollStats() {
        Map<String, Long> failures = new LinkedHashMap<>();
        pollFailures.forEach((reason, n) -> failures.put(reason, n.sum()));
        return new PollStats(pollsAnswered.sum(), failures, storeFailures.sum());
    }

    /** Stage names in chain order. */
    public List<String> stageNames() {
        return stages.stream().map(PaperStage::name).toList();
    }

    /**
     * Holds the named stage: its workers finish the paper in hand and take no new one until
     * {@link #resume(String)}; papers queue up in front of it. Returns false for an unknown stage.
     */
    public boolean pause(String stageName) {
        if (!stageNames().contains(stageName)) {
            return false;
        }
        if (paused.add(stageName)) {
            log.info("stage {} paused by the operator", stageName);
        }
        return true;
    }

    /** Lets a paused stage work again. Returns false for an unknown stage. */
    public boolean resume(String stageName) {
        if (!stageNames().contains(stageName)) {
            return false;
        }
        if (paused.remove(stageName)) {
            log.info("stage {} resumed by the operator", stageName);
        }
        return true;
    }

    /**
     * Puts a paper back in front of the stage it had reached, clearing its failure (a failure
     * for good included: the operator decides). Papers that are queued, in work, or finished
     * are left alone.
     */
    public Requeue requeue(ArxivId id) throws IOException, InterruptedException {
        if (!store.knows(id)) {
            return Requeue.UNKNOWN;
        }
        try (PaperLog.Scope scope = PaperLog.scope(id)) {
            return requeueKnown(id);
        }
    }

    private Requeue requeueKnown(ArxivId id) throws IOException, InterruptedException {
        PaperRecord rec = store.load(id);
        if (!rec.failed()) {
            if (rec.stage() == stages.getLast().output() || rec.stage().isFinal()) {
                return Requeue.FINISHED;
            }
            for (WorkQueue q : queues) {
                if (q.snapshot().contains(id)) {
                    return Requeue.ALREADY_QUEUED;
                }
            }
            if (inWork.contains(id)) {
                return Requeue.ALREADY_QUEUED;
            }
        }
        PaperRecord cleared = rec.failed() ? store.clearFailure(id) : rec;
        log.info("requeued by the operator at {}", cleared.stage());
        handOn(cleared);
        return Requeue.REQUEUED;
    }

    /**
     * Takes a paper out for good: it fails with "dropped by the operator" and a worker that
     * finds it queued (or finishes it meanwhile) leaves it be. Returns false for an unknown paper.
     */
    public boolean drop(ArxivId id) throws IOException {
        if (!store.knows(id)) {
            return false;
        }
        try (PaperLog.Scope scope = PaperLog.scope(id)) {
            store.fail(id, new Failure("operator", "dropped by the operator", 0, store.clock().instant(), false));
            log.info("dropped by the operator");
        }
        return true;
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
            try (PaperLog.Scope scope = PaperLog.scope(rec.id())) {
                handOn(rec.failed() ? retry(rec) : rec);
            }
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
                try (PaperLog.Scope scope = PaperLog.scope(rec.id())) {
                    handOn(retry(rec));
                }
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

    /** Clears a transient failure; runs in the paper's log scope. */
    private PaperRecord retry(PaperRecord rec) {
        log.info("retrying {} after an earlier transient failure: {}", rec.failure().stage(), rec.failure().reason());
        try {
            return store.clearFailure(rec.id());
        } catch (IOException e) {
            log.warn("failure could not be cleared: {}", e.toString());
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
            pollFailures.computeIfAbsent(e.getClass().getSimpleName(), k -> new LongAdder()).increment();
            log.warn("paper source failed, will poll again in {}: {}",
                    min(settings.pollInterval(), settings.maxBackoff()), e.getMessage());
            return false;
        }
        pollsAnswered.increment();
        int added = 0;
        for (PaperMeta meta : found) {
            try (PaperLog.Scope scope = PaperLog.scope(meta.id())) {
                try {
                    var rec = store.add(meta);
                    if (rec.isPresent()) {
                        added++;
                        handOn(rec.get());
                    }
                } catch (IOException e) {
                    storeFailures.increment();
                    log.error("could not be stored, the next poll tries again: {}", e.toString());
                }
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
            if (!waitWhilePaused(stage.name())) {
                return;
            }
            ArxivId id;
            try {
                id = waiting(() -> in.poll(200, TimeUnit.MILLISECONDS));
            } catch (InterruptedException e) {
                return;
            }
            if (id == null) {
                continue;
            }
            // everything logged about this paper, by the kernel, the stage or its helpers, carries its id
            try (PaperLog.Scope scope = PaperLog.scope(id)) {
                if (!workOn(stage, id)) {
                    return;
                }
            }
        }
    }

    /** One worker's handling of one paper; false when shutdown interrupted it. */
    private boolean workOn(PaperStage stage, ArxivId id) {
        Counters c = counters.get(stage.name());
        c.busy.incrementAndGet();
        inWork.add(id);
        long started = System.nanoTime();
        try {
            PaperRecord done = runWithRetries(stage, id);
            if (done != null) {
                handOn(done);
            }
            return true;
        } catch (InterruptedException e) {
            log.info("{} interrupted by shutdown; resumes at next start", stage.name());
            return false;
        } catch (RuntimeException | Error e) {
            // never lose a worker: one paper's crash (even a StackOverflowError from a crafted
            // PDF) must not stop the stage; an OutOfMemoryError ends the JVM (see the launcher)
            log.error("{} crashed the worker loop: {}", stage.name(), e.toString(), e);
            return true;
        } finally {
            c.busyNanos.add(System.nanoTime() - started);
            inWork.remove(id);
            c.busy.decrementAndGet();
        }
    }

    /** Waits while the operator holds the stage; false when the pipeline stops meanwhile. */
    private boolean waitWhilePaused(String stageName) {
        while (paused.contains(stageName)) {
            try {
                waiting(() -> {
                    Thread.sleep(200);
                    return null;
                });
            } catch (InterruptedException e) {
                return false;
            }
        }
        return running.get();
    }

    /** Returns the updated record, or null when the paper failed for good. */
    private PaperRecord runWithRetries(PaperStage stage, ArxivId id) throws InterruptedException {
        int attempts = 0;
        while (true) {
            attempts++;
            long started = System.nanoTime();
            try {
                PaperRecord rec = store.load(id);
                if (rec.failed()) {
                    log.info("has failed ({}), skipped by {}", rec.failure().reason(), stage.name());
                    return null;
                }
                if (rec.stage() != stage.input()) {
                    log.warn("is at {} not {}, skipped by {}", rec.stage(), stage.input(), stage.name());
                    return null;
                }
                stage.process(rec);
                Stage reached = stage.reached(rec);
                if (reached != stage.output() && !reached.isFinal()) {
                    throw new IllegalStateException(stage.name() + " may only end early with a final stage, not " + reached);
                }
                Optional<PaperRecord> done = store.advanceUnlessFailed(id, reached);
                if (done.isEmpty()) {
                    log.info("was dropped while {} worked on it; left dropped", stage.name());
                    return null;
                }
                counters.get(stage.name()).done.increment();
                log.info("{} done in {} ms", stage.name(), (System.nanoTime() - started) / 1_000_000);
                return done.get();
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception | StackOverflowError | LinkageError e) {
                if (Thread.currentThread().isInterrupted() || !running.get()) {
                    throw new InterruptedException("shutdown");
                }
                boolean permanent = e instanceof BadInputException || e instanceof Error;
                if (permanent || attempts > settings.retries()) {
                    String reason = reason(e);
                    counters.get(stage.name()).failures
                            .computeIfAbsent(e.getClass().getSimpleName(), k -> new LongAdder()).increment();
                    log.warn("{} failed after {} tries: {}", stage.name(), attempts, reason);
                    try {
                        store.fail(id, new Failure(stage.name(), reason, attempts, store.clock().instant(), !permanent));
                    } catch (IOException io) {
                        log.error("failure could not be recorded: {}", io.toString());
                    }
                    return null;
                }
                counters.get(stage.name()).retried.increment();
                Duration wait = settings.backoffBefore(attempts);
                log.info("{} try {} failed ({}), retrying in {} ms", stage.name(), attempts, reason(e),
                        wait.toMillis());
                waiting(() -> {
                    Thread.sleep(wait);
                    return null;
                });
            }
        }
    }

    /** The error's kind and message, and its root cause's when that says more ("No space left on device"). */
    static String reason(Throwable e) {
        String msg = e.getMessage();
        String out = e.getClass().getSimpleName() + (msg == null ? "" : ": " + msg);
        Throwable root = e;
        for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < 20; depth++) {
            root = root.getCause();
        }
        String rootMsg = root.getMessage();
        if (root != e && rootMsg != null && !out.contains(rootMsg)) {
            out += " (" + root.getClass().getSimpleName() + ": " + rootMsg + ")";
        }
        return out;
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
