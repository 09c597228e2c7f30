package org.paperradio.stream.playout;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.paperradio.core.config.StationConfig;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.LineTiming;
import org.paperradio.core.paper.PaperLog;
import org.paperradio.core.paper.PaperRecord;
import org.paperradio.core.paper.Stage;
import org.paperradio.core.store.AppendLog;
import org.paperradio.core.store.PaperStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only place that knows wall time: airs segments back to back at real-time pace and pushes
 * their PCM to every {@link AudioOutput}.
 *
 * <p>What airs next: the ident at the start and every {@code identEvery}; otherwise the next ready
 * paper; when none is ready, the ident once, then reruns of recently aired papers (least recently
 * aired first), or the interval signal when there is nothing to rerun. The air is never silent.
 *
 * <p>Pacing follows one timeline for the whole air (samples pushed since start against
 * the {@link Pacer}'s clock, real time on a station), so sleeps never add up to drift, and stays {@link #LEAD} ahead of
 * real time so outputs never starve. Disk work (aired.log, the AIRED stage) runs on a helper
 * thread so a slow disk cannot make the air stutter. Both are platform threads, which the OS
 * pre-empts: the clock never waits for a free carrier behind CPU-bound virtual threads.
 *
 * <p>Nothing one item or one output throws, {@link Error}s included, ends the air: the item is
 * logged (with its paper id) and skipped, the output's failure is logged and the others go on.
 */
public final class PlayoutClock {

    /** How far ahead of real time the clock pushes audio. */
    public static final Duration LEAD = Duration.ofMillis(300);
    /** Falling further behind than this (a suspended machine) restarts the timeline, rather than bursting. */
    private static final Duration MAX_BEHIND = Duration.ofSeconds(2);
    private static final int UP_NEXT = 5;

    private static final Logger log = LoggerFactory.getLogger(PlayoutClock.class);

    private final PaperStore store;
    private final ReadyQueue ready;
    private final int sampleRate;
    private final long identEverySamples;
    private final int rerunPoolSize;
    private final Map<String, String> hostNames = new HashMap<>();
    private final Ident ident;
    private final Interval interval;
    private final List<AudioOutput> outputs;
    private final Scheduled scheduled;
    private final Clock clock;
    private final AppendLog airedLog;
    private final Deque<PaperSegment> rerunPool = new ArrayDeque<>();
    private final Map<AudioOutput, Long> lastOutputError = new HashMap<>();
    private final Transitions transitions;
    private final Pacer pacer;
    /** The block read ahead of the one being aired (clock thread only). */
    private short[] lookahead = new short[0];

    private volatile boolean running;
    private volatile boolean skipRequested;
    private volatile OnAir onAir;
    /** The pages of the item on air, read from its script on the first look (not on the clock thread). */
    private volatile OnAirPages onAirPages;
    private Thread thread;
    private ExecutorService bookkeeper;
    // the air's timeline, used only by the clock thread: nanoTime of sample 0, samples pushed
    private long base;
    private long pushed;
    private boolean skippedThis;
    /** How far the outputs ran dry at the last block (clock thread only). */
    private long starvedNanos;
    private final AtomicLong deadAirNanos = new AtomicLong();
    private final AtomicLong restarts = new AtomicLong();
    private final Map<String, LongAdder> aired = new ConcurrentHashMap<>();

    /**
     * The air since start: dead air (time the outputs had nothing because the clock fell behind
     * real time by more than its lead; must stay zero), items started by kind, and how often
     * the timeline was restarted after falling far behind.
     */
    public record AirStats(Duration deadAir, Map<String, Long> aired, long timelineRestarts) {
        public AirStats {
            aired = Map.copyOf(aired);
        }
    }

    /** What is on air and since when (as heard, i.e. after the lead). */
    private record OnAir(Segment segment, Instant startedAt) {
    }

    private record OnAirPages(Segment segment, ScriptPages pages) {
    }

    /**
     * @param store    the paper store: its root holds aired.log; aired papers are advanced to AIRED there
     * @param ready    where voiced papers wait to air
     * @param playout  identEvery and rerunPool
     * @param audio    the air's sample rate (WAVs in another format are converted)
     * @param hosts    to show a host's name for the speaker ids in timing.json
     * @param ident    the station ident
     * @param interval the interval signal for when there is nothing else
     * @param outputs  where the air goes, in order
     * @param clock    for timestamps (startedAt, aired.log) and the schedule; pacing uses real time
     */
    public PlayoutClock(PaperStore store, ReadyQueue ready, StationConfig.Playout playout, StationConfig.Audio audio,
                        List<StationConfig.Host> hosts, Ident ident, Interval interval,
                        List<? extends AudioOutput> outputs, Clock clock) {
        this(store, ready, playout, audio, hosts, ident, interval, outputs, Scheduled.NONE, clock);
    }

    /** @param scheduled the shows the schedule puts on air at segment boundaries */
    public PlayoutClock(PaperStore store, ReadyQueue ready, StationConfig.Playout playout, StationConfig.Audio audio,
                        List<StationConfig.Host> hosts, Ident ident, Interval interval,
                        List<? extends AudioOutput> outputs, Scheduled scheduled, Clock clock) {
        this(store, ready, playout, audio, hosts, ident, interval, outputs, scheduled, Transitions.none(), clock);
    }

    /** @param transitions the sting between programme items and the fades at joins */
    public PlayoutClock(PaperStore store, ReadyQueue ready, StationConfig.Playout playout, StationConfig.Audio audio,
                        List<StationConfig.Host> hosts, Ident ident, Interval interval,
                        List<? extends AudioOutput> outputs, Scheduled scheduled, Transitions transitions,
                        Clock clock) {
        this(store, ready, playout, audio, hosts, ident, interval, outputs, scheduled, transitions, clock, Pacer.REAL);
    }

    /** @param pacer the time the air is paced by ({@link Pacer#REAL} on a station) */
    public PlayoutClock(PaperStore store, ReadyQueue ready, StationConfig.Playout playout, StationConfig.Audio audio,
                        List<StationConfig.Host> hosts, Ident ident, Interval interval,
                        List<? extends AudioOutput> outputs, Scheduled scheduled, Transitions transitions,
                        Clock clock, Pacer pacer) {
        this.pacer = Objects.requireNonNull(pacer, "pacer");
        this.transitions = Objects.requireNonNull(transitions, "transitions");
        this.store = Objects.requireNonNull(store, "store");
        this.ready = Objects.requireNonNull(ready, "ready");
        this.sampleRate = audio.sampleRate();
        this.identEverySamples = playout.identEvery().toMillis() * sampleRate / 1000;
        this.rerunPoolSize = playout.rerunPool();
        for (StationConfig.Host h : hosts) {
            hostNames.put(h.id(), h.name());
        }
        this.ident = Objects.requireNonNull(ident, "ident");
        this.interval = Objects.requireNonNull(interval, "interval");
        this.outputs = List.copyOf(outputs);
        this.scheduled = Objects.requireNonNull(scheduled, "scheduled");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.airedLog = new AppendLog(store.root().resolve("aired.log"), clock);
    }

    public AirStats stats() {
        Map<String, Long> byKind = new TreeMap<>();
        aired.forEach((kind, n) -> byKind.put(kind, n.sum()));
        return new AirStats(Duration.ofNanos(deadAirNanos.get()), byKind, restarts.get());
    }

    /** Starts airing on a thread of its own. Calling it again does nothing. */
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        running = true;
        // platform threads: virtual ones are not pre-empted, and CPU-bound PDF work on the
        // carrier threads must not delay the air or its bookkeeping
        bookkeeper = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().name("playout-bookkeeper").daemon().factory());
        thread = Thread.ofPlatform().name("playout-clock").start(this::run);
    }

    /** Stops airing (the item on air is cut) and waits for pending log and store writes. */
    public synchronized void stop() {
        if (thread == null) {
            return;
        }
        running = false;
        thread.interrupt();
        try {
            if (!thread.join(Duration.ofSeconds(5))) {
                log.warn("playout clock did not stop within 5 s");
            }
            bookkeeper.shutdown();
            if (!bookkeeper.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("playout bookkeeping did not finish within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        onAir = null;
        log.info("playout clock stopped");
    }

    /**
     * Ends what is on air at the next block boundary (within a tenth of a second of the air); the
     * next item follows at once. A skipped paper counts as aired but is not rerun.
     */
    public void skip() {
        skipRequested = true;
    }

    public boolean isRunning() {
        return running && thread != null && thread.isAlive();
    }

    /** The papers that may be rerun, least recently aired first. */
    public List<PaperSegment> rerunPool() {
        synchronized (rerunPool) {
            return List.copyOf(rerunPool);
        }
    }

    /** A snapshot of what is on air now; safe from any thread. */
    public NowPlaying nowPlaying() {
        List<NowPlaying.UpNext> next = new ArrayList<>();
        for (PaperSegment s : ready.upNext(UP_NEXT)) {
            next.add(new NowPlaying.UpNext(s.id().toString(), s.title(), s.length()));
        }
        Duration buffered = ready.bufferedAhead();
        OnAir now = onAir;
        if (now == null) {
            return new NowPlaying(null, null, "Off air", List.of(), null, null, Duration.ZERO, null, null, 0, next,
                    buffered);
        }
        Segment seg = now.segment();
        PaperSegment paper = paperOf(seg);
        List<LineTiming> timings = seg instanceof ShowSegment show ? show.audio().lines()
                : paper != null ? paper.audio().lines() : List.of();
        Duration elapsed = Duration.between(now.startedAt(), clock.instant());
        String speaker = null;
        String line = null;
        LineTiming lastStarted = null; // the page stays through the pauses between lines
        for (LineTiming t : timings) {
            if (t.start() == null || t.end() == null || t.start().compareTo(elapsed) > 0) {
                continue;
            }
            if (lastStarted == null || t.start().compareTo(lastStarted.start()) > 0) {
                lastStarted = t;
            }
            if (line == null && elapsed.compareTo(t.end()) < 0) {
                speaker = t.speaker() == null ? null : hostNames.getOrDefault(t.speaker(), t.speaker());
                line = t.text();
            }
        }
        if (paper == null) {
            return new NowPlaying(seg.kind(), null, seg.title(), List.of(), null, now.startedAt(), seg.length(), speaker,
                    line, 0, next, buffered);
        }
        int page = lastStarted == null ? 1 : pagesOf(seg).pageOf(lastStarted.line());
        return new NowPlaying(seg.kind(), paper.id().toString(), seg.title(), paper.meta().authors(), paper.absUrl(),
                now.startedAt(), seg.length(), speaker, line, page, next, buffered);
    }

    private ScriptPages pagesOf(Segment seg) {
        OnAirPages cached = onAirPages;
        if (cached == null || cached.segment() != seg) {
            cached = new OnAirPages(seg, ScriptPages.of(seg, store));
            onAirPages = cached;
        }
        return cached.pages();
    }

    // ---- the clock thread ----

    private void run() {
        try {
            fillRerunPool();
        } catch (Throwable t) {
            log.error("no reruns from earlier runs: {}", t.toString(), t);
        }
        short[] block = new short[Math.max(1, sampleRate / 10)];
        base = pacer.nanoTime();
        pushed = 0;
        long lastIdentAt = 0;
        int silentFailures = 0;
        Segment previous = null;
        while (running) {
            Segment next;
            try {
                next = choose(previous, pushed - lastIdentAt >= identEverySamples);
            } catch (Throwable t) {
                // the in-memory interval signal cannot fail: better it than silence
                log.error("cannot choose what airs next, airing the interval signal: {}", t.toString(), t);
                next = interval;
            }
            if (next instanceof Ident) {
                lastIdentAt = pushed;
            }
            long before = pushed;
            PaperSegment paper = paperOf(next);
            // while a paper's segment airs, every line (outputs, the archive, the bookkeeper) names it
            try (PaperLog.Scope scope = paper == null ? null : PaperLog.scope(paper.id())) {
                try {
                    boolean whole = air(previous, next, block);
                    boolean skipped = skippedThis;
                    if (whole && next instanceof PaperSegment p) {
                        if (!skipped) {
                            remember(p); // a skipped paper is done, but not worth a rerun
                        }
                        bookkeeper.execute(PaperLog.carry(() -> markAired(p)));
                    } else if (whole && (next instanceof ShowSegment || next instanceof Announcement)) {
                        Segment done = next;
                        bookkeeper.execute(() -> scheduled.aired(done));
                    }
                    silentFailures = 0;
                } catch (InterruptedException e) {
                    break;
                } catch (Throwable t) {
                    // whatever one item throws, skip it and keep the station on air
                    broken(next, t);
                    silentFailures = pushed == before ? silentFailures + 1 : 0;
                }
            }
            previous = next;
            if (silentFailures >= 3) {
                // items failing before a single sample airs must not spin a core; the lead covers the pause
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    break;
                }
            }
        }
    }

    /**
     * Airs one segment at real-time pace, after the sting when one goes between the two items.
     *
     * @return true when it aired to its end, false when it was skipped or the clock stopped
     */
    private boolean air(Segment previous, Segment next, short[] block) throws IOException, InterruptedException {
        skippedThis = false;
        PcmStream stream = open(next);
        int fade = transitions.fadeSamples(sampleRate);
        try (stream) {
            if (transitions.stingBetween(previous, next)) {
                // the sting ends the item before: what is on air switches when the next one is heard
                play(PcmStream.of(transitions.sting()), block, fade, false);
            }
            long startNanos = base + samplesToNanos(pushed);
            onAir = new OnAir(next, clock.instant().plusNanos(startNanos - pacer.nanoTime()));
            for (AudioOutput out : outputs) {
                try {
                    out.segmentStarted(next);
                } catch (Throwable t) {
                    outputFailed(out, t);
                }
            }
            aired.computeIfAbsent(next.kind().label(), k -> new LongAdder()).increment();
            bookkeeper.execute(PaperLog.carry(() -> logAired(next)));
            long aired = play(stream, block, fade, true);
            if (aired == SKIPPED) {
                log.info("{} skipped on request", next.kind().label());
                return true;
            }
            if (aired == 0 && running) {
                throw new IOException("no audio in the file");
            }
            return running;
        }
    }

    private static final long SKIPPED = -1;

    /**
     * Plays a stream to its end, fading in over its first {@code fade} samples and out over its
     * last (one block is read ahead to know where the end is), so no join clicks whatever the
     * items start and end with. A skip fades out over the next {@code fade} samples.
     *
     * @return the samples played, or {@link #SKIPPED}
     */
    private long play(PcmStream stream, short[] block, int fade, boolean skippable)
            throws IOException, InterruptedException {
        short[] current = block;
        short[] ahead = lookahead.length == block.length ? lookahead : (lookahead = new short[block.length]);
        int n = stream.read(current, 0, current.length);
        long played = 0;
        while (n > 0 && running) {
            if (skippable && skipRequested) {
                skipRequested = false;
                skippedThis = true;
                int tail = Math.min(n, fade);
                Fades.out(current, 0, tail, tail);
                pace(current, tail);
                return SKIPPED;
            }
            int m = stream.read(ahead, 0, ahead.length);
            Fades.in(current, n, played, fade);
            if (m <= 0) {
                Fades.out(current, Math.max(0, n - fade), n, Math.min(n, fade));
            }
            pace(current, n);
            played += n;
            short[] t = current;
            current = ahead;
            ahead = t;
            n = m;
        }
        return played;
    }

    /** Pushes {@code n} samples to the outputs when their time has come (a lead ahead of real time). */
    private void pace(short[] block, int n) throws InterruptedException {
        if (pushed == 0) {
            // the air starts with its first sample, not when the thread did: nothing was starved before it
            base = pacer.nanoTime();
            push(block, n);
            pushed += n;
            return;
        }
        long due = base + samplesToNanos(pushed) - LEAD.toNanos();
        long wait = due - pacer.nanoTime();
        // behind by more than the lead: the outputs have had nothing for the difference
        long starved = Math.max(0, -wait - LEAD.toNanos());
        if (starved > starvedNanos) {
            deadAirNanos.addAndGet(starved - starvedNanos);
        }
        starvedNanos = starved;
        if (wait > 0) {
            pacer.sleep(wait);
        } else if (-wait > MAX_BEHIND.toNanos()) {
            log.warn("air fell {} ms behind real time; timeline restarted", -wait / 1_000_000);
            base -= wait;
            starvedNanos = 0;
            restarts.incrementAndGet();
        }
        push(block, n);
        pushed += n;
    }

    private Segment choose(Segment previous, boolean identDue) {
        if (previous == null) {
            return ident;
        }
        Segment show = scheduled.due(clock.instant());
        if (show != null) {
            return show;
        }
        if (identDue && !(previous instanceof Ident)) {
            return ident;
        }
        PaperSegment fresh = ready.poll();
        if (fresh != null) {
            return fresh;
        }
        // the ready queue ran dry: say who we are once, then fill with reruns
        if (previous instanceof PaperSegment) {
            return ident;
        }
        PaperSegment again;
        synchronized (rerunPool) {
            again = rerunPool.peekFirst();
            PaperSegment justAired = previous instanceof Rerun r ? r.original() : null;
            if (again != null && justAired != null && again.id().equals(justAired.id())) {
                again = null; // the only one left: let the interval signal sit between two airings
            }
            if (again != null) {
                rerunPool.removeFirst();
                rerunPool.addLast(again);
            }
        }
        return again != null ? new Rerun(again) : interval;
    }

    private PcmStream open(Segment segment) throws IOException {
        return switch (segment) {
            case PaperSegment p -> PcmStream.ofWav(p.wav(), sampleRate);
            case Rerun r -> PcmStream.ofWav(r.original().wav(), sampleRate);
            case ShowSegment s -> PcmStream.ofWav(s.wav(), sampleRate);
            case Jingle j -> PcmStream.of(j.pcm());
        };
    }

    private void push(short[] block, int n) {
        for (AudioOutput out : outputs) {
            try {
                out.write(block, 0, n);
            } catch (Throwable t) {
                outputFailed(out, t);
            }
        }
    }

    private void outputFailed(AudioOutput out, Throwable e) {
        long now = System.nanoTime();
        Long last = lastOutputError.get(out);
        if (last == null || now - last > TimeUnit.MINUTES.toNanos(1)) {
            lastOutputError.put(out, now);
            OnAir current = onAir;
            PaperSegment paper = current == null ? null : paperOf(current.segment());
            // during the sting the paper before is still on air: name that one
            try (PaperLog.Scope scope = paper == null ? null : PaperLog.scope(paper.id())) {
                log.warn("output {} failed (logged at most once a minute): {}", out.getClass().getSimpleName(),
                        e.toString(), e);
            }
        }
    }

    /** The paper behind a segment, or null for jingles. */
    private static PaperSegment paperOf(Segment segment) {
        return switch (segment) {
            case PaperSegment p -> p;
            case Rerun r -> r.original();
            case ShowSegment s -> null;
            case Jingle j -> null;
        };
    }

    private void broken(Segment segment, Throwable e) {
        // a bad file is expected now and then; anything else deserves its stack trace
        Throwable trace = e instanceof IOException ? null : e;
        PaperSegment paper = paperOf(segment);
        if (paper == null) {
            log.error("{} cannot be aired, skipped: {}", segment.kind().label(), e.toString(), trace);
            return;
        }
        log.warn("{} audio cannot be aired, skipped: {}", segment.kind().label(), e.toString(), trace);
        forget(paper.id());
    }

    /** Takes a paper out of the reruns (it failed on air, or the operator dropped it). */
    public void forget(ArxivId id) {
        synchronized (rerunPool) {
            rerunPool.removeIf(s -> s.id().equals(id));
        }
    }

    private void remember(PaperSegment p) {
        synchronized (rerunPool) {
            rerunPool.removeIf(s -> s.id().equals(p.id()));
            rerunPool.addLast(p);
            while (rerunPool.size() > rerunPoolSize) {
                rerunPool.removeFirst();
            }
        }
    }

    private void fillRerunPool() {
        List<PaperRecord> all;
        try {
            all = store.all();
        } catch (IOException e) {
            log.warn("cannot read the store for reruns: {}", e.toString());
            return;
        }
        int found = 0;
        for (PaperRecord rec : all) {
            if (rec.stage() != Stage.AIRED || rec.failed()) {
                continue;
            }
            try {
                remember(PaperSegment.load(store, rec));
                found++;
            } catch (Exception e) {
                try (PaperLog.Scope scope = PaperLog.scope(rec.id())) {
                    log.debug("aired but its audio is gone, no rerun: {}", e.toString());
                }
            }
        }
        if (found > 0) {
            log.info("{} aired papers can be rerun", Math.min(found, rerunPoolSize));
        }
    }

    private void logAired(Segment segment) {
        String subject = switch (segment) {
            case PaperSegment p -> p.id().toString();
            case Rerun r -> r.original().id().toString();
            case ShowSegment s -> s.id();
            case Jingle j -> j.kind().label();
        };
        try {
            airedLog.append("aired", subject, segment.kind().label() + " " + segment.title());
        } catch (Throwable e) {
            log.warn("aired.log not written for {}: {}", subject, e.toString());
        }
    }

    /** Runs on the bookkeeper with the airing's log scope carried over. */
    private void markAired(PaperSegment p) {
        try {
            store.advance(p.id(), Stage.AIRED);
            log.info("aired");
        } catch (Throwable e) {
            log.warn("aired but the store could not record it: {}", e.toString());
        }
    }

    /** Split in whole seconds and the rest, so a station on air for years does not overflow. */
    private long samplesToNanos(long samples) {
        return samples / sampleRate * 1_000_000_000L + samples % sampleRate * 1_000_000_000L / sampleRate;
    }
}
