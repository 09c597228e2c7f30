package org.paperradio.stream.output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.paperradio.core.paper.PaperLog;
import org.paperradio.core.store.AtomicFiles;
import org.paperradio.core.store.PaperFiles;
import org.paperradio.stream.playout.AudioOutput;
import org.paperradio.stream.playout.PaperSegment;
import org.paperradio.stream.playout.Segment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a copy of every paper segment as it airs, under
 * {@code <data>/archive/<yyyy-MM-dd>/<HHmmss>-<paper folder>.mp3} (date and time in the clock's
 * zone). Idents, the interval signal and reruns are not archived. Copies run on the archive's own
 * thread and are atomic, so a crash never leaves half a file under its final name. A copy that
 * fails, whatever it throws, is logged with its paper id and the archive goes on with the next.
 */
public final class SegmentArchive implements AudioOutput {

    private static final Logger log = LoggerFactory.getLogger(SegmentArchive.class);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HHmmss");

    private final Path root;
    private final Clock clock;
    private final ExecutorService copier = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("segment-archive").daemon().factory());

    /** @param data the station's data folder; the archive is its {@code archive/} sub-folder */
    public SegmentArchive(Path data, Clock clock) {
        this.root = data.toAbsolutePath().normalize().resolve("archive");
        this.clock = clock;
    }

    public Path root() {
        return root;
    }

    @Override
    public void segmentStarted(Segment segment) {
        if (!(segment instanceof PaperSegment paper)) {
            return;
        }
        try (PaperLog.Scope scope = PaperLog.scope(paper.id())) {
            try {
                LocalDateTime at = LocalDateTime.ofInstant(clock.instant(), clock.getZone());
                Path target = root.resolve(DAY.format(at)).resolve(TIME.format(at) + "-" + paper.id().folderName() + ".mp3");
                // the copy's lines name the paper too, on the archive's thread
                copier.execute(PaperLog.carry(() -> copy(paper, target)));
            } catch (RejectedExecutionException e) {
                log.debug("not archived: the archive is closed");
            } catch (RuntimeException e) {
                log.warn("not archived: {}", e.toString(), e);
            }
        }
    }

    @Override
    public void write(short[] pcm, int offset, int length) {
        // the archive keeps the voiced file as encoded once, not the live air
    }

    private void copy(PaperSegment paper, Path target) {
        if (!Files.isRegularFile(paper.mp3())) {
            log.warn("has no {} to archive", PaperFiles.MP3);
            return;
        }
        try {
            AtomicFiles.write(target, temp -> Files.copy(paper.mp3(), temp, StandardCopyOption.REPLACE_EXISTING));
            log.info("archived as {}", root.relativize(target));
        } catch (IOException e) {
            log.warn("could not be archived: {}", e.toString());
        } catch (Throwable t) {
            // caught here, not by the executor: the log line (its carried scope) names the paper
            log.error("could not be archived: {}", t.toString(), t);
        }
    }

    /** Finishes copies in progress (up to 30 s), then stops. */
    @Override
    public void close() {
        copier.shutdown();
        try {
            if (!copier.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("archive copies still running after 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
