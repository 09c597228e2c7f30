package org.paperradio.stream.feed;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.PaperLog;
import org.paperradio.core.paper.PaperMeta;
import org.paperradio.core.paper.PaperRecord;
import org.paperradio.core.paper.SegmentAudio;
import org.paperradio.core.paper.Show;
import org.paperradio.core.paper.ShowAudio;
import org.paperradio.core.paper.Stage;
import org.paperradio.core.show.ShowPlanner;
import org.paperradio.core.store.AppendLog;
import org.paperradio.core.store.PaperFiles;
import org.paperradio.core.store.PaperStore;
import org.paperradio.stream.playout.ShowSegment;
import org.paperradio.stream.schedule.ShowProducer;
import org.paperradio.stream.schedule.ShowScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The episodes on disk: aired shows in {@code <data>/shows/<id>/} and paper segments whose paper
 * reached {@link Stage#AIRED}. Everything is read afresh on each call (the archive changes a few
 * times a day; a feed request is rare), and every name that reaches the file system is a checked
 * show id or an {@link ArxivId}.
 */
public final class EpisodeArchive {

    private static final Logger log = LoggerFactory.getLogger(EpisodeArchive.class);
    /** Items per feed: the newest ones. */
    public static final int MAX_ITEMS = 100;

    private final PaperStore store;
    private final Path showsRoot;

    /** An aired paper segment: its record, timing and mp3. */
    public record AiredSegment(PaperRecord record, SegmentAudio audio, Path mp3) {
    }

    /** @param showsRoot {@code <data>/shows} */
    public EpisodeArchive(PaperStore store, Path showsRoot) {
        this.store = Objects.requireNonNull(store, "store");
        this.showsRoot = Objects.requireNonNull(showsRoot, "showsRoot");
    }

    /** A complete show with its mp3, by id; empty for ids that are not show ids. Aired or not, as {@code /shows/{id}.mp3}. */
    public Optional<ShowSegment> show(String id) {
        if (!ShowPlanner.isShowId(id)) {
            return Optional.empty();
        }
        return ShowProducer.load(showsRoot.resolve(id)).filter(s -> Files.isRegularFile(s.mp3()));
    }

    /** An aired paper segment with its mp3 and timing; empty when the paper has not aired or lacks them. */
    public Optional<AiredSegment> segment(ArxivId id) {
        if (!store.knows(id) || !store.exists(id, PaperFiles.MP3) || !store.exists(id, PaperFiles.TIMING)) {
            return Optional.empty();
        }
        try {
            PaperRecord rec = store.load(id);
            if (rec.stage() != Stage.AIRED) {
                return Optional.empty();
            }
            return Optional.of(new AiredSegment(rec, store.readJson(id, PaperFiles.TIMING, SegmentAudio.class),
                    store.file(id, PaperFiles.MP3)));
        } catch (IOException | RuntimeException e) {
            try (PaperLog.Scope scope = PaperLog.scope(id)) {
                log.warn("segment unreadable, left out of the feeds: {}", e.toString());
            }
            return Optional.empty();
        }
    }

    /** The aired shows of a kind, newest first, at most {@link #MAX_ITEMS}. */
    public List<Episode> shows(Show.Kind kind) {
        List<Episode> out = new ArrayList<>();
        if (!Files.isDirectory(showsRoot)) {
            return out;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(showsRoot, kind.label() + "-*")) {
            for (Path dir : dirs) {
                String id = dir.getFileName().toString();
                if (ShowPlanner.isShowId(id) && Files.isRegularFile(dir.resolve(ShowScheduler.AIRED_MARK))) {
                    show(id).flatMap(s -> episode(s, dir)).ifPresent(out::add);
                }
            }
        } catch (IOException e) {
            log.warn("shows folder unreadable: {}", e.toString());
        }
        return newest(out);
    }

    /** The aired paper segments, newest first, at most {@link #MAX_ITEMS}. */
    public List<Episode> segments() {
        List<Episode> out = new ArrayList<>();
        List<PaperRecord> all;
        try {
            all = store.all();
        } catch (IOException e) {
            log.warn("store unreadable, no segments in the feed: {}", e.toString());
            return out;
        }
        Map<String, Instant> airedAt = airedTimes();
        for (PaperRecord rec : all) {
            if (rec.stage() == Stage.AIRED) {
                segment(rec.id()).flatMap(s -> episode(s, airedAt.get(rec.id().toString()))).ifPresent(out::add);
            }
        }
        return newest(out);
    }

    private Optional<Episode> episode(ShowSegment s, Path dir) {
        try {
            ShowAudio audio = s.audio();
            Map<ArxivId, String> papers = new LinkedHashMap<>();
            for (ShowAudio.ChapterMark c : audio.chapters()) {
                if (c.paper() != null) {
                    papers.putIfAbsent(c.paper(), paperTitle(c.paper(), c.title()));
                }
            }
            for (ArxivId p : s.script().papers()) {
                papers.putIfAbsent(p, paperTitle(p, p.toString()));
            }
            String title = s.title() == null || s.title().isBlank() ? s.id() : s.title();
            StringBuilder html = new StringBuilder("<p>").append(Html.escape(title)).append("</p>");
            if (!papers.isEmpty()) {
                html.append("<p>Papers in this show:</p><ul>");
                papers.forEach((id, t) -> html.append("<li>").append(Html.link(Chapters.absUrl(id), t))
                        .append(" (arXiv:").append(Html.escape(id.toString())).append(")</li>"));
                html.append("</ul>");
            }
            String base = "shows/" + s.id();
            return Optional.of(new Episode("paperradio:" + s.id(), title, html.toString(), showTime(s, dir), s.mp3(),
                    Files.size(s.mp3()), audio.length(), base + ".mp3", base + ".chapters.json", base + ".vtt",
                    base + ".srt", null));
        } catch (IOException | RuntimeException e) {
            log.warn("show={} left out of the feed: {}", s.id(), e.toString());
            return Optional.empty();
        }
    }

    private Optional<Episode> episode(AiredSegment s, Instant airedAt) {
        try {
            PaperMeta m = s.record().meta();
            String abs = Chapters.absUrl(m.id());
            String title = m.title().isBlank() ? "arXiv:" + m.id() : m.title();
            String html = "<p>" + Html.link(abs, title) + " (arXiv:" + Html.escape(m.id().toString()) + ")</p>"
                    + (m.authors().isEmpty() ? "" : "<p>By " + Html.escape(String.join(", ", m.authors())) + "</p>")
                    + (m.abstractText().isEmpty() ? "" : "<p>" + Html.escape(m.abstractText()) + "</p>");
            Instant published = airedAt != null ? airedAt
                    : Files.getLastModifiedTime(store.file(m.id(), PaperFiles.RECORD)).toInstant();
            String base = "papers/" + m.id().folderName() + "/";
            return Optional.of(new Episode("paperradio:segment:" + m.id(), title, html, published, s.mp3(),
                    Files.size(s.mp3()), s.audio().length(), base + "segment.mp3", base + "chapters.json",
                    base + "segment.vtt", base + "segment.srt", abs));
        } catch (IOException | RuntimeException e) {
            try (PaperLog.Scope scope = PaperLog.scope(s.record().id())) {
                log.warn("left out of the feed: {}", e.toString());
            }
            return Optional.empty();
        }
    }

    /** When each paper last aired, from the store's events log ("aired" lines). */
    private Map<String, Instant> airedTimes() {
        Map<String, Instant> out = new HashMap<>();
        try {
            for (AppendLog.Entry e : store.events().read()) {
                if ("aired".equals(e.event())) {
                    try {
                        out.put(e.subject(), Instant.parse(e.at()));
                    } catch (DateTimeParseException ignored) {
                        // a torn or foreign line: the paper.json time stands in
                    }
                }
            }
        } catch (IOException e) {
            log.warn("events log unreadable, segment dates from paper.json: {}", e.toString());
        }
        return out;
    }

    private String paperTitle(ArxivId id, String fallback) {
        if (store.knows(id)) {
            try {
                String t = store.load(id).meta().title();
                if (!t.isBlank()) {
                    return t;
                }
            } catch (IOException | RuntimeException e) {
                try (PaperLog.Scope scope = PaperLog.scope(id)) {
                    log.debug("title unreadable: {}", e.toString());
                }
            }
        }
        return fallback == null ? id.toString() : fallback;
    }

    /** The slot the show was written for; else when it aired; else when its mp3 was made. */
    private static Instant showTime(ShowSegment s, Path dir) throws IOException {
        if (s.script().airsAt() != null) {
            return s.script().airsAt();
        }
        try {
            return Instant.parse(Files.readString(dir.resolve(ShowScheduler.AIRED_MARK)).strip());
        } catch (IOException | DateTimeParseException e) {
            return Files.getLastModifiedTime(s.mp3()).toInstant();
        }
    }

    private static List<Episode> newest(List<Episode> episodes) {
        episodes.sort(Comparator.comparing(Episode::published).reversed().thenComparing(Episode::guid));
        return episodes.size() > MAX_ITEMS ? List.copyOf(episodes.subList(0, MAX_ITEMS)) : episodes;
    }
}
