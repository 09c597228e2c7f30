package org.paperradio.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.paperradio.core.config.StationConfig;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.PaperLog;
import org.paperradio.core.paper.PaperRecord;
import org.paperradio.core.paper.Stage;
import org.paperradio.core.show.ShowPlanner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Frees disk space in the data folder by deleting big derived files once they are no longer needed
 * (ages from {@link StationConfig.Retention}; an age of 0 keeps that kind forever):
 * <ul>
 * <li>papers whose way has ended ({@link Stage#isFinal()} without a failure, or failed for good):
 *     their PDF and page images after {@code papers}, their segment WAV after {@code segmentWav},
 *     counted from the last write of {@code paper.json} (the stage change that ended the way; a
 *     later metadata update only makes the count start later). The {@code playout.rerunPool}
 *     most recently aired papers keep their WAV, so reruns always have something to air. Papers
 *     in the pipeline, ready or on air, and papers with a retryable failure, are never touched,
 *     and the small JSON artifacts and the segment mp3 always stay.</li>
 * <li>shows under {@code shows/<id>/}: {@code show.wav} and {@code show.mp3} once the show aired
 *     (its {@code aired} mark) {@code showAudio} ago; a show that never aired only once its slot
 *     ({@code airsAt} in {@code script.json}) is that far and at least a day past, so a show
 *     still to air is never touched; a show whose time cannot be told is kept.</li>
 * <li>{@code archive/}: every file older than {@code archive}, and day folders left empty.</li>
 * </ul>
 * Nothing outside the data folder is ever deleted: symbolic links are neither followed nor
 * deleted, and every file's folder must resolve to a real path inside the data folder. Files that
 * vanish during a sweep (another thread, a restart) are skipped quietly.
 */
public final class Retention {

    private static final Logger log = LoggerFactory.getLogger(Retention.class);
    /** The shows folder under the data folder, as the station lays it out. */
    static final String SHOWS = "shows";
    /** The aired-air archive under the data folder (radio-stream's SegmentArchive). */
    static final String ARCHIVE = "archive";
    /** A show's audio files, as radio-tts's ShowVoicer names them. */
    static final List<String> SHOW_AUDIO = List.of("show.wav", "show.mp3");
    static final String SHOW_SCRIPT = "script.json";
    /** The mark radio-stream's ShowScheduler writes into a show's folder when it aired (the instant inside). */
    static final String SHOW_AIRED = "aired";
    /** A show that never aired is kept at least this long past its slot (the scheduler lets one start an hour late). */
    private static final Duration UNAIRED_GRACE = Duration.ofDays(1);
    /** script.json is ours, but a file this big is not one: it is not read. */
    private static final long MAX_SCRIPT_BYTES = 16L * 1024 * 1024;

    private final PaperStore store;
    private final StationConfig.Retention ages;
    private final int keepWavs;
    private final Clock clock;
    private final ObjectMapper json = Json.mapper();

    /**
     * @param store  the paper store; its root is the data folder
     * @param config the station config: {@code retention} and {@code playout.rerunPool} are read
     * @param clock  the station's clock ("now" for every age)
     */
    public Retention(PaperStore store, StationConfig config, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.ages = config.retention();
        this.keepWavs = config.playout().rerunPool();
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * What one sweep did.
     *
     * @param filesDeleted  files deleted, in total
     * @param bytesFreed    their total size
     * @param papersTouched papers that lost at least one file
     * @param showsTouched  shows that lost their audio
     * @param archiveFiles  files deleted from the archive
     * @param errors        files or folders that could not be checked or deleted (each logged)
     */
    public record Report(int filesDeleted, long bytesFreed, int papersTouched, int showsTouched, int archiveFiles,
                         int errors) {
    }

    /** Runs one sweep over papers, shows and the archive. Never throws for a single bad file. */
    public Report sweep() throws IOException {
        Path root = store.root().toRealPath();
        Instant now = clock.instant();
        Tally t = new Tally(root);
        sweepPapers(t, now);
        sweepShows(t, root.resolve(SHOWS), now);
        sweepArchive(t, root.resolve(ARCHIVE), now);
        Report r = new Report(t.files, t.bytes, t.papers, t.shows, t.archive, t.errors);
        if (r.filesDeleted() > 0 || r.errors() > 0) {
            log.info("retention: {} files deleted, {} MB freed (papers: {}, shows: {}, archive files: {}), errors: {}",
                    r.filesDeleted(), String.format(java.util.Locale.ROOT, "%.1f", r.bytesFreed() / 1048576.0),
                    r.papersTouched(), r.showsTouched(), r.archiveFiles(), r.errors());
        } else {
            log.debug("retention: nothing to delete");
        }
        return r;
    }

    private void sweepPapers(Tally t, Instant now) throws IOException {
        if (ages.papers().isZero() && ages.segmentWav().isZero()) {
            return;
        }
        List<Ended> ended = new ArrayList<>();
        for (PaperRecord rec : store.all()) {
            if (!hasEnded(rec)) {
                continue;
            }
            try (PaperLog.Scope scope = PaperLog.scope(rec.id())) {
                Instant at = lastChange(t, rec);
                if (at != null) {
                    ended.add(new Ended(rec, at));
                }
            }
        }
        // reruns come from the most recently aired segments: those keep their WAV whatever its age
        Set<ArxivId> rerunnable = new HashSet<>();
        ended.stream().filter(e -> e.record().stage() == Stage.AIRED && e.record().failure() == null)
                .sorted(Comparator.comparing(Ended::at).reversed()).limit(keepWavs)
                .forEach(e -> rerunnable.add(e.record().id()));
        for (Ended e : ended) {
            ArxivId id = e.record().id();
            int before = t.files;
            // the scope names the paper in every line below: its subject is empty
            try (PaperLog.Scope scope = PaperLog.scope(id)) {
                if (older(e.at(), ages.papers(), now)) {
                    deleteFile(t, store.file(id, PaperFiles.PDF), "");
                    deletePages(t, store.file(id, PaperFiles.PAGES));
                }
                if (older(e.at(), ages.segmentWav(), now) && !rerunnable.contains(id)) {
                    deleteFile(t, store.file(id, PaperFiles.WAV), "");
                }
            }
            if (t.files > before) {
                t.papers++;
            }
        }
    }

    /** When an ended paper last changed (its record file, or its failure if later); null when unknown. */
    private Instant lastChange(Tally t, PaperRecord rec) {
        try {
            Instant at = Files.getLastModifiedTime(store.folder(rec.id()).resolve(PaperFiles.RECORD),
                    LinkOption.NOFOLLOW_LINKS).toInstant();
            if (rec.failure() != null && rec.failure().at() != null && rec.failure().at().isAfter(at)) {
                at = rec.failure().at();
            }
            return at;
        } catch (NoSuchFileException e) {
            log.debug("vanished during the sweep");
        } catch (IOException e) {
            t.errors++;
            log.warn("paper.json time unreadable, kept: {}", e.toString());
        }
        return null;
    }

    /** Whether nothing will ever work on the paper again: the pipeline's own test for "done". */
    private static boolean hasEnded(PaperRecord rec) {
        return rec.failure() == null ? rec.stage().isFinal() : !rec.failure().retryable();
    }

    private void deletePages(Tally t, Path pages) {
        BasicFileAttributes a = attributes(t, pages, "");
        if (a == null) {
            return;
        }
        if (!a.isDirectory()) {
            if (a.isSymbolicLink()) {
                log.warn("{} is a symbolic link, not followed or deleted", PaperFiles.PAGES);
            }
            return;
        }
        if (!inside(t, pages, "")) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(pages)) {
            for (Path f : files) {
                deleteFile(t, f, "");
            }
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            t.errors++;
            log.warn("{} unreadable: {}", PaperFiles.PAGES, e.toString());
            return;
        }
        deleteEmptyFolder(pages);
    }

    private void sweepShows(Tally t, Path shows, Instant now) {
        if (ages.showAudio().isZero() || !Files.isDirectory(shows, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(shows)) {
            for (Path dir : dirs) {
                String id = dir.getFileName().toString();
                if (!ShowPlanner.isShowId(id) || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                if (showExpired(t, dir, id, now)) {
                    int before = t.files;
                    for (String name : SHOW_AUDIO) {
                        deleteFile(t, dir.resolve(name), "show=" + id + " ");
                    }
                    if (t.files > before) {
                        t.shows++;
                    }
                }
            }
        } catch (IOException e) {
            t.errors++;
            log.warn("retention: shows folder unreadable: {}", e.toString());
        }
    }

    /**
     * Whether a show's audio may go: aired long enough ago, or never aired and its slot long
     * past. When neither the aired mark nor the slot can be read the show is kept.
     */
    private boolean showExpired(Tally t, Path dir, String id, Instant now) {
        Instant airsAt = airsAt(t, dir.resolve(SHOW_SCRIPT), id);
        Path mark = dir.resolve(SHOW_AIRED);
        if (Files.isRegularFile(mark, LinkOption.NOFOLLOW_LINKS)) {
            Instant aired = airedAt(mark);
            if (aired == null) {
                t.errors++;
                log.warn("show={} aired mark unreadable, its audio is kept", id);
                return false;
            }
            Instant since = airsAt != null && airsAt.isAfter(aired) ? airsAt : aired;
            return older(since, ages.showAudio(), now);
        }
        if (airsAt == null) {
            log.debug("show={} has no aired mark and no slot time, its audio is kept", id);
            return false;
        }
        Duration wait = ages.showAudio().compareTo(UNAIRED_GRACE) > 0 ? ages.showAudio() : UNAIRED_GRACE;
        return older(airsAt, wait, now);
    }

    private Instant airsAt(Tally t, Path script, String id) {
        try {
            BasicFileAttributes a = Files.readAttributes(script, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isRegularFile() || a.size() > MAX_SCRIPT_BYTES) {
                return null;
            }
            JsonNode at = json.readTree(script.toFile()).path("airsAt");
            return at.isTextual() ? Instant.parse(at.asText()) : null;
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | DateTimeException e) {
            log.debug("show={} {} unreadable: {}", id, SHOW_SCRIPT, e.toString());
            return null;
        }
    }

    /** When the show aired: the instant in the mark, else the mark's own time. */
    private static Instant airedAt(Path mark) {
        try {
            if (Files.size(mark) <= 100) {
                return Instant.parse(Files.readString(mark).strip());
            }
        } catch (IOException | DateTimeException e) {
            // a torn or foreign mark: its file time stands in
        }
        try {
            return Files.getLastModifiedTime(mark, LinkOption.NOFOLLOW_LINKS).toInstant();
        } catch (IOException e) {
            return null;
        }
    }

    private void sweepArchive(Tally t, Path archive, Instant now) {
        if (ages.archive().isZero() || !Files.isDirectory(archive, LinkOption.NOFOLLOW_LINKS)
                || !inside(t, archive, "archive ")) {
            return;
        }
        try {
            // walkFileTree does not follow links: a link is visited as a file, never entered
            Files.walkFileTree(archive, new SimpleFileVisitor<>() {
                /** Folders untouched for the archive age before this sweep deleted anything in them. */
                private final Set<Path> stale = new HashSet<>();

                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes a) {
                    if (older(a.lastModifiedTime().toInstant(), ages.archive(), now)) {
                        stale.add(dir);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes a) {
                    if (a.isRegularFile() && older(a.lastModifiedTime().toInstant(), ages.archive(), now)) {
                        int before = t.files;
                        deleteFile(t, file, "archive ");
                        t.archive += t.files - before;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    if (!(e instanceof NoSuchFileException)) {
                        t.errors++;
                        log.warn("retention: archive entry {} unreadable: {}", file, e.toString());
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) {
                    // only folders untouched for the archive age: a new day's folder may be about to get its file
                    if (!dir.equals(archive) && e == null && stale.contains(dir)) {
                        deleteEmptyFolder(dir);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            t.errors++;
            log.warn("retention: archive unreadable: {}", e.toString());
        }
    }

    /**
     * Deletes one regular file if it is one, is not a link and lies inside the data folder.
     * {@code subject} starts log lines naming the owner ({@code "show=<id> "}, {@code "archive "}; empty
     * for a paper's files, whose id the log scope adds).
     */
    private void deleteFile(Tally t, Path file, String subject) {
        BasicFileAttributes a = attributes(t, file, subject);
        if (a == null) {
            return;
        }
        if (a.isSymbolicLink()) {
            log.warn("{}{} is a symbolic link, not followed or deleted", subject, file);
            return;
        }
        if (!a.isRegularFile() || !inside(t, file, subject)) {
            return;
        }
        try {
            if (Files.deleteIfExists(file)) {
                t.files++;
                t.bytes += a.size();
                log.debug("{}deleted {} ({} bytes)", subject, file, a.size());
            }
        } catch (IOException e) {
            t.errors++;
            log.warn("{}{} could not be deleted: {}", subject, file, e.toString());
        }
    }

    /** A path's own attributes (a link is not followed); null when it is gone or unreadable. */
    private static BasicFileAttributes attributes(Tally t, Path p, String subject) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            t.errors++;
            log.warn("{}{} unreadable: {}", subject, p, e.toString());
            return null;
        }
    }

    /**
     * Whether {@code p} lies inside the data folder: its folder's real path (every link on the
     * way resolved) must be under the data folder's real path.
     */
    private static boolean inside(Tally t, Path p, String subject) {
        try {
            Path parent = p.toAbsolutePath().normalize().getParent();
            if (parent != null && parent.toRealPath().startsWith(t.root)) {
                return true;
            }
            t.errors++;
            log.warn("{}{} lies outside the data folder {} (a linked folder?), not deleted", subject, p, t.root);
            return false;
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            t.errors++;
            log.warn("{}{} unresolvable, not deleted: {}", subject, p, e.toString());
            return false;
        }
    }

    private static void deleteEmptyFolder(Path dir) {
        try {
            Files.deleteIfExists(dir);
        } catch (DirectoryNotEmptyException e) {
            // something else still in it (or just arrived): it stays
        } catch (IOException e) {
            log.debug("folder {} not removed: {}", dir, e.toString());
        }
    }

    private static boolean older(Instant at, Duration age, Instant now) {
        return !age.isZero() && at.plus(age).isBefore(now);
    }

    /** A paper whose way has ended, and since when. */
    private record Ended(PaperRecord record, Instant at) {
    }

    /** Counts of one sweep (one thread). */
    private static final class Tally {
        final Path root;
        int files;
        long bytes;
        int papers;
        int shows;
        int archive;
        int errors;

        Tally(Path root) {
            this.root = root;
        }
    }
}
