package org.paperradio.core.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.Failure;
import org.paperradio.core.paper.PaperLog;
import org.paperradio.core.paper.PaperMeta;
import org.paperradio.core.paper.PaperRecord;
import org.paperradio.core.paper.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable paper store: one folder per paper under {@code papers/}, each with a
 * {@code paper.json} (metadata, stage reached, failure) and the stage artifacts. Every write is
 * atomic ({@link AtomicFiles}); every stage reached is also appended to {@code events.log}, the
 * station's audit trail of work done.
 */
public final class PaperStore {

    private static final Logger log = LoggerFactory.getLogger(PaperStore.class);
    private static final Pattern SAFE_RELATIVE = Pattern.compile("[A-Za-z0-9_\\-]+(/[A-Za-z0-9_\\-]+)*(\\.[a-z0-9]+)?");

    private final Path root;
    private final Path papers;
    private final Clock clock;
    private final ObjectMapper json = Json.mapper();
    private final AppendLog events;
    /** Known ids by base id (all versions), so a poll never re-queues a known paper. */
    private final Map<String, ConcurrentSkipListSet<ArxivId>> known = new ConcurrentHashMap<>();

    public PaperStore(Path root, Clock clock) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.papers = this.root.resolve("papers");
        this.clock = clock;
        Files.createDirectories(papers);
        AtomicFiles.removeLeftovers(this.root);
        this.events = new AppendLog(this.root.resolve("events.log"), clock);
        try (Stream<Path> dirs = Files.list(papers)) {
            for (Path d : dirs.toList()) {
                if (!Files.isRegularFile(d.resolve(PaperFiles.RECORD))) {
                    continue;
                }
                try {
                    ArxivId id = ArxivId.fromFolderName(d.getFileName().toString());
                    known.computeIfAbsent(id.base(), b -> new ConcurrentSkipListSet<>()).add(id);
                } catch (IllegalArgumentException e) {
                    log.warn("folder {} in the store is not a paper, skipped: {}", d.getFileName(), e.getMessage());
                }
            }
        }
    }

    public Path root() {
        return root;
    }

    public Clock clock() {
        return clock;
    }

    public AppendLog events() {
        return events;
    }

    public Path folder(ArxivId id) {
        return papers.resolve(id.folderName());
    }

    /**
     * A file inside a paper's folder. {@code relative} is checked: plain names and sub-folders
     * only, never {@code ..}, absolute paths or hidden files.
     */
    public Path file(ArxivId id, String relative) {
        if (!SAFE_RELATIVE.matcher(relative).matches()) {
            throw new IllegalArgumentException("not a safe artifact name: " + relative);
        }
        return folder(id).resolve(relative);
    }

    public boolean knows(ArxivId id) {
        Set<ArxivId> versions = known.get(id.base());
        return versions != null && versions.contains(id);
    }

    /** All versions of this paper the store holds, oldest first. */
    public List<ArxivId> versionsOf(String base) {
        Set<ArxivId> versions = known.get(base);
        return versions == null ? List.of() : List.copyOf(versions);
    }

    /**
     * Adds a newly discovered paper at {@link Stage#DISCOVERED}. Returns empty when that exact
     * version is already known (nothing is written then).
     */
    public synchronized Optional<PaperRecord> add(PaperMeta meta) throws IOException {
        if (knows(meta.id())) {
            return Optional.empty();
        }
        PaperRecord rec = new PaperRecord(meta, Stage.DISCOVERED, null);
        Files.createDirectories(folder(meta.id()));
        writeRecord(rec);
        known.computeIfAbsent(meta.id().base(), b -> new ConcurrentSkipListSet<>()).add(meta.id());
        journal("discovered", meta.id(), null);
        return Optional.of(rec);
    }

    public PaperRecord load(ArxivId id) throws IOException {
        return json.readValue(folder(id).resolve(PaperFiles.RECORD).toFile(), PaperRecord.class);
    }

    /** Every paper in the store, oldest discovery first (by published date, then id). */
    public List<PaperRecord> all() throws IOException {
        List<PaperRecord> out = new ArrayList<>();
        for (Set<ArxivId> versions : known.values()) {
            for (ArxivId id : versions) {
                try {
                    out.add(load(id));
                } catch (IOException e) {
                    try (PaperLog.Scope scope = PaperLog.scope(id)) {
                        log.warn("unreadable paper.json, skipped: {}", e.getMessage());
                    }
                }
            }
        }
        out.sort(Comparator.comparing((PaperRecord r) -> r.meta().published(),
                Comparator.nullsLast(Comparator.naturalOrder())).thenComparing(PaperRecord::id));
        return out;
    }

    /**
     * Records that the paper reached {@code stage} (clearing any failure): paper.json first, then
     * the events-log line (see {@link #journal}).
     */
    public synchronized PaperRecord advance(ArxivId id, Stage stage) throws IOException {
        PaperRecord rec = load(id).at(stage);
        writeRecord(rec);
        journal(stage.name().toLowerCase(Locale.ROOT), id, null);
        return rec;
    }

    /**
     * Like {@link #advance}, unless the paper has failed meanwhile (an operator dropped it while a
     * stage worked on it): then nothing is written and the answer is empty. The look and the write
     * are one step against {@link #fail}, so a drop can never be written over by the advance.
     */
    public synchronized Optional<PaperRecord> advanceUnlessFailed(ArxivId id, Stage stage) throws IOException {
        return load(id).failed() ? Optional.empty() : Optional.of(advance(id, stage));
    }

    /** Records that the paper failed for good at its current stage. */
    public synchronized PaperRecord fail(ArxivId id, Failure failure) throws IOException {
        PaperRecord rec = load(id).failedWith(failure);
        writeRecord(rec);
        journal("failed", id, failure.stage() + ": " + failure.reason());
        return rec;
    }

    /** Takes the failure off a paper so that it is tried again at the stage it had reached. */
    public synchronized PaperRecord clearFailure(ArxivId id) throws IOException {
        PaperRecord rec = load(id);
        PaperRecord cleared = rec.at(rec.stage());
        writeRecord(cleared);
        journal("retry", id, rec.failure() == null ? null : rec.failure().stage());
        return cleared;
    }

    /**
     * The events-log line for a change paper.json already holds. The record is the truth: a line
     * that cannot be written (a full disk) is lost with a warning, and the change stands, rather
     * than the caller taking the change for failed (a paper added but "not stored" would never be
     * handed on; one advanced but "not advanced" would be stranded).
     */
    private void journal(String event, ArxivId id, String detail) {
        try {
            events.append(event, id.toString(), detail);
        } catch (IOException e) {
            log.warn("{}: its events-log line is lost: {}", event, e.toString());
        }
    }

    /** Replaces the metadata (e.g. once the license is known), keeping stage and failure. */
    public PaperRecord update(PaperMeta meta) throws IOException {
        PaperRecord old = load(meta.id());
        PaperRecord rec = new PaperRecord(meta, old.stage(), old.failure());
        writeRecord(rec);
        return rec;
    }

    public void writeJson(ArxivId id, String name, Object value) throws IOException {
        AtomicFiles.write(file(id, name), json.writeValueAsBytes(value));
    }

    public <T> T readJson(ArxivId id, String name, Class<T> type) throws IOException {
        return json.readValue(file(id, name).toFile(), type);
    }

    /** Whether the paper has this artifact. */
    public boolean exists(ArxivId id, String name) {
        return java.nio.file.Files.isRegularFile(file(id, name));
    }

    /** Removes an artifact if present. */
    public void delete(ArxivId id, String name) throws IOException {
        java.nio.file.Files.deleteIfExists(file(id, name));
    }

    private void writeRecord(PaperRecord rec) throws IOException {
        AtomicFiles.write(folder(rec.id()).resolve(PaperFiles.RECORD), json.writeValueAsBytes(rec));
    }
}
