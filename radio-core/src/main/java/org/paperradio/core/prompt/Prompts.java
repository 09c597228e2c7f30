package org.paperradio.core.prompt;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live prompts of a running station. Starts from the folder, or from the jar's defaults if
 * the folder is broken (a station must start); {@link #reload()} swaps in a new set only when
 * the whole folder is valid, otherwise the last good set stays. {@link #watch()} reloads by itself
 * shortly after any change in the folder. Thread safe: {@link #current()} is one volatile read.
 */
public final class Prompts implements AutoCloseable {

    /** The outcome of a reload: the problems if it failed, and the versions now in use. */
    public record ReloadResult(boolean ok, List<String> problems, Map<String, String> versions) {
        public ReloadResult {
            problems = List.copyOf(problems);
            versions = Map.copyOf(versions);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(Prompts.class);
    private static final Duration DEFAULT_DEBOUNCE = Duration.ofMillis(250);
    /** Under a steady stream of events, reload at least this often anyway. */
    private static final Duration MAX_SETTLE = Duration.ofSeconds(5);
    /** How often to look for the folder again after it vanished. */
    private static final Duration REWATCH = Duration.ofSeconds(1);

    private final Path dir;
    private final PromptLoader loader;
    private final Duration debounce;
    private final AtomicReference<PromptSet> current = new AtomicReference<>();
    private final Object reloadLock = new Object();
    private final Object watchLock = new Object();
    private List<String> lastLoggedProblems = List.of();
    private WatchService watcher;
    private Thread thread;
    private volatile boolean closed;

    public Prompts(Path dir) {
        this(dir, new PromptLoader(), DEFAULT_DEBOUNCE);
    }

    public Prompts(Path dir, PromptLoader loader, Duration debounce) {
        this.dir = Objects.requireNonNull(dir, "dir");
        this.loader = Objects.requireNonNull(loader, "loader");
        this.debounce = Objects.requireNonNull(debounce, "debounce");
        PromptSet initial;
        try {
            initial = loader.load(dir);
            log.info("prompts loaded from {}: {}", dir, initial.versions());
        } catch (PromptException e) {
            for (String p : e.problems()) {
                log.error("prompt problem: {}", p);
            }
            initial = PromptLoader.defaults();
            log.warn("prompts in {} are broken ({} problems); using the built-in defaults {} until they are fixed",
                    dir, e.problems().size(), initial.versions());
            lastLoggedProblems = e.problems();
        }
        current.set(initial);
    }

    /** The prompt set to use now; take it once per artifact so one artifact uses one set. */
    public PromptSet current() {
        return current.get();
    }

    /** The folder these prompts come from. */
    public Path dir() {
        return dir;
    }

    /** Reads the folder again; on any problem keeps the set in use and reports why. */
    public ReloadResult reload() {
        synchronized (reloadLock) {
            PromptSet before = current.get();
            try {
                PromptSet next = loader.load(dir);
                lastLoggedProblems = List.of();
                if (!next.versions().equals(before.versions())) {
                    current.set(next);
                    log.info("prompts reloaded from {}: {}", dir, changes(before.versions(), next.versions()));
                }
                return new ReloadResult(true, List.of(), current.get().versions());
            } catch (PromptException e) {
                // an editor saves often while a file is half-written: say each distinct failure once
                if (!e.problems().equals(lastLoggedProblems)) {
                    for (String p : e.problems()) {
                        log.warn("prompt problem: {}", p);
                    }
                    log.warn("prompts in {} not reloaded; still using {}", dir, before.versions());
                    lastLoggedProblems = e.problems();
                }
                return new ReloadResult(false, e.problems(), before.versions());
            } catch (RuntimeException e) {
                log.error("prompts in {} not reloaded", dir, e);
                return new ReloadResult(false, List.of(dir + ": " + e), before.versions());
            }
        }
    }

    /**
     * Starts a daemon thread that reloads about {@code debounce} after the last change in the
     * folder. Any event counts (create, modify, delete, rename), so editors that save through a
     * temporary file and a rename are seen too. Calling it again does nothing.
     */
    public void watch() {
        synchronized (watchLock) {
            if (closed) {
                throw new IllegalStateException("prompts are closed");
            }
            if (thread != null) {
                return;
            }
            try {
                watcher = FileSystems.getDefault().newWatchService();
            } catch (IOException e) {
                throw new IllegalStateException("cannot watch " + dir + ": " + e.getMessage(), e);
            }
            WatchKey first = register(watcher);
            if (first == null) {
                log.warn("cannot watch {} yet; will keep trying", dir);
            }
            thread = Thread.ofPlatform().daemon().name("prompt-watch").unstarted(() -> run(watcher, first));
            thread.start();
        }
    }

    /** Stops watching. The last loaded set stays usable. */
    @Override
    public void close() {
        Thread t;
        synchronized (watchLock) {
            closed = true;
            t = thread;
            if (watcher != null) {
                try {
                    watcher.close(); // wakes the thread with ClosedWatchServiceException
                } catch (IOException e) {
                    log.debug("closing the prompt watcher", e);
                }
            }
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run(WatchService ws, WatchKey initialKey) {
        WatchKey key = initialKey;
        try {
            while (!closed) {
                if (key == null || !key.isValid()) {
                    // the folder is gone (or was never there): look again later, reload when it is back
                    Thread.sleep(REWATCH.toMillis());
                    key = register(ws);
                    if (key != null) {
                        reload();
                    }
                    continue;
                }
                WatchKey signalled = ws.poll(REWATCH.toMillis(), TimeUnit.MILLISECONDS);
                if (signalled == null) {
                    continue;
                }
                boolean valid = drain(signalled);
                settle(ws);
                reload();
                if (!valid) {
                    key = null;
                }
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            // closed: done
        } catch (RuntimeException e) {
            log.error("prompt watcher stopped", e);
        }
    }

    /** Waits until no event came for {@code debounce}, so a burst of saves causes one reload. */
    private void settle(WatchService ws) throws InterruptedException {
        long deadline = System.nanoTime() + MAX_SETTLE.toNanos();
        while (System.nanoTime() < deadline) {
            WatchKey more = ws.poll(debounce.toMillis(), TimeUnit.MILLISECONDS);
            if (more == null) {
                return;
            }
            drain(more);
        }
    }

    /** Consumes a key's events and re-arms it; false if the key is no longer valid. */
    private static boolean drain(WatchKey key) {
        key.pollEvents();
        return key.reset();
    }

    private WatchKey register(WatchService ws) {
        try {
            return dir.register(ws, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
        } catch (IOException e) {
            return null;
        }
    }

    private static String changes(Map<String, String> before, Map<String, String> after) {
        List<String> out = new ArrayList<>();
        after.forEach((file, version) -> {
            String old = before.get(file);
            out.add(version.equals(old) ? file + " " + version : file + " " + old + " -> " + version);
        });
        return String.join(", ", out);
    }
}
