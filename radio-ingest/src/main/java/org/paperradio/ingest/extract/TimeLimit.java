package org.paperradio.ingest.extract;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.paperradio.core.kernel.BadInputException;
import org.paperradio.core.paper.PaperLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs PDF work on its own thread and stops waiting after a limit: a crafted PDF can keep
 * PDFBox busy for a very long time. On timeout the work is cancelled: it checks its
 * {@link Cancel} often (between pages, and per content-stream operator and text line), and the
 * caller waits a short grace for it to stop, so a timed-out paper does not keep burning CPU
 * beside the next one.
 */
final class TimeLimit {

    /** How long a cancelled worker gets to notice before the caller stops waiting for it. */
    static final Duration GRACE = Duration.ofSeconds(2);

    private static final Logger log = LoggerFactory.getLogger(TimeLimit.class);

    /** Set when the work should stop; checked by the work between small units. */
    static final class Cancel {
        private volatile boolean cancelled;

        /** Throws once the work is cancelled: a volatile read, cheap enough to call per operator. */
        void check() throws InterruptedIOException {
            if (cancelled || Thread.currentThread().isInterrupted()) {
                throw new InterruptedIOException("PDF work cancelled");
            }
        }
    }

    /** PDF work: reads a file, so it may fail with an I/O error or find the PDF bad. */
    @FunctionalInterface
    interface Work<T> {
        T run(Cancel cancel) throws IOException, BadInputException, InterruptedException;
    }

    private TimeLimit() {
    }

    /**
     * Result of {@code work}, or its own exception, or {@link BadInputException} naming
     * {@code what} after {@code limit}.
     */
    static <T> T run(String what, Duration limit, Work<T> work)
            throws IOException, BadInputException, InterruptedException {
        Cancel cancel = new Cancel();
        FutureTask<T> task = new FutureTask<>(() -> work.run(cancel));
        // the paper id (MDC) goes along: the PDF's lines name their paper
        Thread worker = Thread.ofVirtual().name("pdf-" + what.replace(' ', '-')).start(PaperLog.carry(task));
        try {
            return task.get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            stop(cancel, task, worker, what);
            throw new BadInputException(what + " took longer than the limit of " + limit.toMillis()
                    + " ms (pdf.extractTimeout)");
        } catch (InterruptedException e) {
            stop(cancel, task, worker, what);
            throw e;
        } catch (ExecutionException e) {
            // the work's own exception, as its signature allows
            switch (e.getCause()) {
                case IOException io -> throw io;
                case BadInputException bad -> throw bad;
                case InterruptedException interrupted -> throw interrupted;
                case RuntimeException runtime -> throw runtime;
                case Error error -> throw error;
                case null, default -> throw new IllegalStateException(what + " failed", e.getCause());
            }
        }
    }

    private static void stop(Cancel cancel, FutureTask<?> task, Thread worker, String what) {
        cancel.cancelled = true;
        // no interrupt: it would close PDFBox's file channel under it and fill the log with errors
        task.cancel(false);
        try {
            if (!worker.join(GRACE)) {
                log.warn("{} still running {} ms after it was cancelled", what, GRACE.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
