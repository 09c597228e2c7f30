package org.paperradio.core.paper;

import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.MDC;

/**
 * Puts the id of the paper being worked on into SLF4J's MDC (key {@value #KEY}), so every log
 * line written meanwhile on this thread carries it, also lines from libraries and helpers that
 * do not know the id. The text log pattern prints it as {@code paper=<id>}; the JSON log has it
 * in the {@code mdc} map.
 *
 * <pre>{@code
 * try (PaperLog.Scope scope = PaperLog.scope(id)) {
 *     stage.process(rec);                              // every line here carries paper=<id>
 *     executor.execute(PaperLog.carry(() -> ...));     // and so does this one, on another thread
 * }
 * }</pre>
 *
 * <p>The MDC is per thread: work handed to another thread (an executor, a virtual thread spawned
 * for a time limit) must be wrapped with {@link #carry(Runnable)} or its siblings to keep the id.
 */
public final class PaperLog {

    /** The MDC key holding the paper id. */
    public static final String KEY = "paper";

    private PaperLog() {
    }

    /**
     * A scope opened by {@link #scope(ArxivId)}; closing it puts back whatever paper id the thread
     * had before (none, usually), so scopes nest.
     */
    public static final class Scope implements AutoCloseable {

        private final String previous;
        private boolean closed;

        private Scope(String previous) {
            this.previous = previous;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (previous == null) {
                MDC.remove(KEY);
            } else {
                MDC.put(KEY, previous);
            }
        }
    }

    /** Marks this thread's log lines with the paper's id until the returned scope is closed. */
    public static Scope scope(ArxivId id) {
        if (id == null) {
            throw new IllegalArgumentException("a paper log scope needs a paper id");
        }
        String previous = MDC.get(KEY);
        MDC.put(KEY, id.toString());
        return new Scope(previous);
    }

    /** The paper id this thread's log lines carry now, or null outside any scope. */
    public static String current() {
        return MDC.get(KEY);
    }

    /**
     * Wraps a task so it runs with the caller's MDC (taken now, at wrapping time) on whichever
     * thread runs it; the running thread's own MDC is put back afterwards.
     */
    public static Runnable carry(Runnable task) {
        Map<String, String> context = MDC.getCopyOfContextMap();
        return () -> {
            Map<String, String> before = install(context);
            try {
                task.run();
            } finally {
                install(before);
            }
        };
    }

    /** Like {@link #carry(Runnable)}, for a task with a result. */
    public static <T> Callable<T> carry(Callable<T> task) {
        Map<String, String> context = MDC.getCopyOfContextMap();
        return () -> {
            Map<String, String> before = install(context);
            try {
                return task.call();
            } finally {
                install(before);
            }
        };
    }

    /** Replaces this thread's MDC with {@code context} (cleared when null); returns the one it had. */
    private static Map<String, String> install(Map<String, String> context) {
        Map<String, String> before = MDC.getCopyOfContextMap();
        if (context == null || context.isEmpty()) {
            MDC.clear();
        } else {
            MDC.setContextMap(context);
        }
        return before;
    }
}
