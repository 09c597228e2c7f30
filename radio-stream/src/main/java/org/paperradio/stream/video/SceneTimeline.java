package org.paperradio.stream.video;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.LineTiming;
import org.paperradio.core.paper.PaperLog;
import org.paperradio.core.paper.PaperMeta;
import org.paperradio.core.paper.ShowAudio;
import org.paperradio.core.store.PaperFiles;
import org.paperradio.core.store.PaperStore;
import org.paperradio.stream.playout.Jingle;
import org.paperradio.stream.playout.PaperSegment;
import org.paperradio.stream.playout.Rerun;
import org.paperradio.stream.playout.ScriptPages;
import org.paperradio.stream.playout.Segment;
import org.paperradio.stream.playout.ShowSegment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scenes of one segment on air: {@link #at(Duration)} tells what a frame at a position in
 * the segment shows.
 *
 * <p>For a paper (or its rerun) the page follows the script: the page of the line being spoken
 * (its page hint), lines without a hint keep the last page, and before the first hint it is page
 * 1. Pages air only when the paper's license allows redistribution (CC BY-NC only for a
 * non-commercial station); otherwise, or when the page image is missing, the page area shows a
 * card with the title, authors and abstract (arXiv metadata is CC0). For a show the chapter on
 * air decides the paper, its pages follow the same rules (show lines usually carry no hint, so
 * page 1), and the show has its own look. Jingles get a station card.
 *
 * <p>Meant for one frame thread; page images load lazily and only a couple are held.
 */
public final class SceneTimeline {

    private static final Logger log = LoggerFactory.getLogger(SceneTimeline.class);
    /** A caption stays up through a pause shorter than this, so captions do not flicker between lines. */
    static final Duration CAPTION_HOLD = Duration.ofMillis(1500);
    private static final int MAX_ABSTRACT_CHARS = 3000;
    private static final int MAX_CARD_AUTHORS = 8;
    private static final Duration UP_NEXT_EVERY = Duration.ofSeconds(1);
    /** How long before a show's chapter ends the next chapter's page is read. */
    private static final Duration READ_AHEAD = Duration.ofSeconds(10);

    private final Segment segment;
    private final Instant startedAt;
    private final Supplier<List<String>> upNextSource;
    private final PaperStore store;
    private final SceneSettings settings;
    private final PageCache pages;
    private final VideoScene.Look look;
    /** Voiced lines with a start and an end, by start. */
    private final List<LineTiming> timings;
    /** The page each script line (flattened over a show's chapters) is about, hints carried forward. */
    private final ScriptPages pageOfLine;
    /** For shows: where each chapter is in the audio; for papers one mark over the whole segment. */
    private final List<ShowAudio.ChapterMark> parts;
    private final Map<ArxivId, Optional<PaperMeta>> metas = new HashMap<>();

    private List<String> upNext = List.of();
    private Duration upNextAt;

    SceneTimeline(Segment segment, Instant startedAt, Supplier<List<String>> upNext, PaperStore store,
                  SceneSettings settings, Executor reader) {
        this.segment = Objects.requireNonNull(segment, "segment");
        this.startedAt = Objects.requireNonNull(startedAt, "startedAt");
        this.upNextSource = upNext == null ? List::of : upNext;
        this.store = store;
        this.settings = settings;
        // the page on screen, the next one in the script and, in a show, the next chapter's first
        this.pages = new PageCache(settings.pageArea(), 3, reader);
        Segment s = segment instanceof Rerun r ? r.original() : segment;
        switch (s) {
            case PaperSegment p -> {
                look = VideoScene.Look.PAPER;
                metas.put(p.id(), Optional.of(p.meta()));
                timings = byStart(p.audio().lines());
                parts = List.of(new ShowAudio.ChapterMark(p.title(), p.id(), Duration.ZERO, p.length()));
            }
            case ShowSegment show -> {
                look = VideoScene.Look.SHOW;
                timings = byStart(show.audio().lines());
                parts = show.audio().chapters().stream()
                        .filter(m -> m.start() != null && m.end() != null)
                        .sorted(Comparator.comparing(ShowAudio.ChapterMark::start))
                        .toList();
            }
            case Jingle j -> {
                look = VideoScene.Look.JINGLE;
                timings = List.of();
                parts = List.of();
            }
            case Rerun r -> throw new IllegalStateException("unwrapped above");
        }
        pageOfLine = ScriptPages.of(s, store);
        if (s instanceof PaperSegment p && mayShowPages(p.meta())) {
            pages.prefetch(pageFile(p.id(), 1)); // read while the segment's first line starts, not on its first frame
        }
    }

    public Segment segment() {
        return segment;
    }

    /** What a frame {@code position} into the segment shows (a negative position counts as 0). */
    public VideoScene at(Duration position) {
        Duration pos = position == null || position.isNegative() ? Duration.ZERO : position;
        var time = startedAt.plus(pos).atZone(settings.zone());
        List<String> next = upNext(pos);
        if (look == VideoScene.Look.JINGLE) {
            String title = segment.title();
            String text = title.equals(settings.station()) ? "" : title;
            return new VideoScene(look, settings.station(), title, "", title, List.of(), "", "", "", 0, null, 0,
                    new VideoScene.Card(settings.station(), "", text), next, time);
        }

        ShowAudio.ChapterMark part = partAt(pos);
        int i = lastStartedAt(pos);
        LineTiming line = i < 0 ? null : timings.get(i);
        String speaker = "";
        String caption = "";
        double progress = 0;
        if (line != null && pos.compareTo(line.end().plus(CAPTION_HOLD)) < 0) {
            String id = line.speaker() == null ? "" : line.speaker();
            speaker = settings.hostNames().getOrDefault(id, id);
            caption = line.text() == null ? "" : line.text();
            long len = line.end().minus(line.start()).toMillis();
            progress = len <= 0 ? 1 : (double) pos.minus(line.start()).toMillis() / len;
        }
        // a line from the chapter before (heard in the gap between chapters) says nothing about this chapter's pages
        boolean sameChapter = line != null && part != null && line.start().compareTo(part.start()) >= 0;
        int page = sameChapter ? pageOf(line.line()) : 1;

        ArxivId paperId = part == null ? null : part.paper();
        PaperMeta meta = paperId == null ? null : meta(paperId);
        String chapter = look == VideoScene.Look.SHOW && part != null ? part.title() : "";
        String headline = meta != null ? nonEmpty(meta.title(), paperId.toString()) : nonEmpty(chapter, segment.title());
        BufferedImage image = null;
        VideoScene.Card card;
        if (meta != null) {
            card = cardOf(meta);
            if (mayShowPages(meta)) {
                image = pages.get(pageFile(paperId, page)).orElse(null);
                int coming = sameChapter ? nextPage(i, part) : 0;
                if (coming > 0) {
                    pages.prefetch(pageFile(paperId, coming));
                }
            }
        } else {
            card = new VideoScene.Card(segment.title(), "", chapter.equals(segment.title()) ? "" : chapter);
        }
        prefetchNextChapter(part, pos);
        return new VideoScene(look, settings.station(), segment.title(), chapter, headline,
                meta == null ? List.of() : meta.authors(), paperId == null ? "" : paperId.toString(),
                speaker, caption, progress, image, image == null ? 0 : page, card, next, time);
    }

    private boolean mayShowPages(PaperMeta meta) {
        return meta.license().allowsRedistribution(settings.nonCommercial());
    }

    /** Near a chapter's end, reads the next chapter's first page ahead. */
    private void prefetchNextChapter(ShowAudio.ChapterMark part, Duration pos) {
        if (look != VideoScene.Look.SHOW || part == null || part.end().minus(pos).compareTo(READ_AHEAD) > 0) {
            return;
        }
        int i = parts.indexOf(part);
        ShowAudio.ChapterMark next = i >= 0 && i + 1 < parts.size() ? parts.get(i + 1) : null;
        PaperMeta meta = next == null || next.paper() == null ? null : meta(next.paper());
        if (meta != null && mayShowPages(meta)) {
            pages.prefetch(pageFile(next.paper(), 1));
        }
    }

    // ---- script and timing ----

    private static List<LineTiming> byStart(List<LineTiming> lines) {
        return lines.stream()
                .filter(t -> t.start() != null && t.end() != null && t.line() >= 0)
                .sorted(Comparator.comparing(LineTiming::start))
                .toList();
    }

    private int pageOf(int line) {
        return pageOfLine.pageOf(line);
    }

    /** Index of the last timing started at or before {@code pos}, -1 if none. */
    private int lastStartedAt(Duration pos) {
        int lo = 0;
        int hi = timings.size() - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (timings.get(mid).start().compareTo(pos) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** The next different page coming up in the same chapter after timing {@code i}, 0 if none. */
    private int nextPage(int i, ShowAudio.ChapterMark part) {
        int now = pageOf(timings.get(i).line());
        for (int j = i + 1; j < timings.size(); j++) {
            LineTiming t = timings.get(j);
            if (t.start().compareTo(part.end()) >= 0) {
                return 0;
            }
            int p = pageOf(t.line());
            if (p != now) {
                return p;
            }
        }
        return 0;
    }

    /** The chapter on air: the last one started; the first one before any has. */
    private ShowAudio.ChapterMark partAt(Duration pos) {
        ShowAudio.ChapterMark found = parts.isEmpty() ? null : parts.get(0);
        for (ShowAudio.ChapterMark m : parts) {
            if (m.start().compareTo(pos) <= 0) {
                found = m;
            }
        }
        return found;
    }

    // ---- papers ----

    private PaperMeta meta(ArxivId id) {
        return metas.computeIfAbsent(id, k -> {
            try {
                return Optional.of(store.load(k).meta());
            } catch (IOException | RuntimeException e) {
                try (PaperLog.Scope scope = PaperLog.scope(k)) {
                    log.warn("in show {} unreadable, shown by its chapter title: {}", segment.title(), e.toString());
                }
                return Optional.empty();
            }
        }).orElse(null);
    }

    private Path pageFile(ArxivId id, int page) {
        return store.file(id, PaperFiles.PAGES + "/" + String.format(java.util.Locale.ROOT, "%03d.png", page));
    }

    private static VideoScene.Card cardOf(PaperMeta meta) {
        List<String> authors = meta.authors();
        String names = String.join(", ", authors.subList(0, Math.min(MAX_CARD_AUTHORS, authors.size())));
        if (authors.size() > MAX_CARD_AUTHORS) {
            names += " and " + (authors.size() - MAX_CARD_AUTHORS) + " more";
        }
        String abs = meta.abstractText();
        abs = abs.length() > MAX_ABSTRACT_CHARS ? abs.substring(0, MAX_ABSTRACT_CHARS) : abs;
        return new VideoScene.Card(nonEmpty(meta.title(), meta.id().toString()), names, abs);
    }

    private List<String> upNext(Duration pos) {
        if (upNextAt == null || pos.minus(upNextAt).abs().compareTo(UP_NEXT_EVERY) >= 0) {
            upNextAt = pos;
            try {
                List<String> fresh = upNextSource.get();
                upNext = fresh == null ? List.of() : List.copyOf(fresh.stream().filter(Objects::nonNull).toList());
            } catch (RuntimeException e) {
                log.debug("up next unavailable, keeping the last list: {}", e.toString());
            }
        }
        return upNext;
    }

    private static String nonEmpty(String s, String fallback) {
        return s == null || s.isBlank() ? fallback : s;
    }
}
