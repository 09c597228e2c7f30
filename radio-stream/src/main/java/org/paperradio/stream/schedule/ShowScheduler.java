package org.paperradio.stream.schedule;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.paperradio.core.config.StationConfig;
import org.paperradio.core.paper.Show;
import org.paperradio.core.schedule.CronSchedule;
import org.paperradio.core.show.ShowPlanner;
import org.paperradio.core.store.AtomicFiles;
import org.paperradio.stream.playout.Announcement;
import org.paperradio.stream.playout.Scheduled;
import org.paperradio.stream.playout.Segment;
import org.paperradio.stream.playout.ShowSegment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the show schedule from config. {@link #tick} (a chore every few seconds) produces each
 * show once its slot is {@code prepareAhead} away; {@link #due} (asked by the playout clock at
 * every segment boundary) hands over the show's announcement once it is {@code announceAhead}
 * away, and the show itself once its slot has come, pre-empting the running show. A show that
 * could not be ready within {@link #LATE} of its slot is dropped; one that aired is marked in
 * its folder ({@code aired}), so a restart airs nothing twice and makes nothing twice.
 */
public final class ShowScheduler implements Scheduled {

    private static final Logger log = LoggerFactory.getLogger(ShowScheduler.class);
    /** How late a show may still start after its slot. */
    static final Duration LATE = Duration.ofHours(1);
    /** The file in a show's folder that says it aired. */
    public static final String AIRED_MARK = "aired";
    private static final int MAX_TRIES = 3;

    private final StationConfig.Schedule config;
    private final ShowProducer producer;
    private final Clock clock;
    private final List<Entry> entries = new ArrayList<>();
    private final Map<String, Slot> slots = new ConcurrentHashMap<>();
    /** Kinds the operator asked for now; the next tick makes them. */
    private final Set<Show.Kind> wanted = ConcurrentHashMap.newKeySet();

    private record Entry(Show.Kind kind, CronSchedule cron) {
    }

    /** A slot's show as it goes from produced to announced to aired. */
    private static final class Slot {
        final String id;
        final Instant at;
        volatile ShowSegment show;
        volatile Announcement announcement;
        volatile boolean announced;
        volatile boolean onAir;
        volatile boolean aired;
        volatile int tries;
        /** The operator asked for it now: it airs at the next boundary, whatever its slot. */
        volatile boolean now;

        Slot(String id, Instant at) {
            this.id = id;
            this.at = at;
        }
    }

    public ShowScheduler(StationConfig.Schedule config, ShowProducer producer, Clock clock) {
        this.config = config;
        this.producer = producer;
        this.clock = clock;
        for (StationConfig.ScheduleEntry e : config.shows()) {
            entries.add(new Entry(Show.Kind.valueOf(e.show().toUpperCase(Locale.ROOT)), CronSchedule.parse(e.cron())));
        }
        loadProduced();
    }

    /**
     * Asks for today's show of {@code kind} (this week's for a weekly) to air at the next
     * segment boundary: the next {@link #tick} makes it, or moves it up if it is made already.
     *
     * @return its id, or empty when it has aired already (it is in the archive)
     */
    public Optional<String> requestNow(Show.Kind kind) {
        String id = ShowPlanner.idOf(kind, clock.instant(), config.zone());
        Slot slot = slots.get(id);
        if ((slot != null && (slot.aired || slot.onAir)) || Files.exists(producer.root().resolve(id).resolve(AIRED_MARK))) {
            return Optional.empty();
        }
        wanted.add(kind);
        log.info("show={} asked for now by the operator", id);
        return Optional.of(id);
    }

    /** Produces the shows whose slots are near (and those asked for now). Blocks while one is being made. */
    public void tick() {
        Instant now = clock.instant();
        for (Show.Kind kind : List.copyOf(wanted)) {
            wanted.remove(kind);
            Slot existing = slots.get(ShowPlanner.idOf(kind, now, config.zone()));
            if (existing != null && existing.tries >= MAX_TRIES && existing.show == null) {
                existing.tries = 0; // the operator asks again after it failed: one more round
            }
            prepare(kind, existing != null ? existing.at : now);
            Slot slot = slots.get(ShowPlanner.idOf(kind, now, config.zone()));
            if (slot != null && slot.show != null) {
                slot.now = true;
            }
        }
        for (Entry e : entries) {
            // every slot from LATE ago up to prepareAhead from now (a few at most)
            var from = now.minus(LATE).atZone(config.zone());
            for (int i = 0; i < 16; i++) {
                Instant at = e.cron().next(from).toInstant();
                if (at.minus(config.prepareAhead()).isAfter(now)) {
                    break;
                }
                prepare(e.kind(), at);
                from = at.atZone(config.zone());
            }
        }
        slots.values().removeIf(s -> s.at.plus(LATE).isBefore(now) && (s.aired || s.show == null) && !s.onAir);
    }

    private void prepare(Show.Kind kind, Instant at) {
        String id = ShowPlanner.idOf(kind, at, config.zone());
        Slot slot = slots.computeIfAbsent(id, k -> new Slot(id, at));
        if (slot.show != null || slot.aired || slot.tries >= MAX_TRIES) {
            return;
        }
        if (Files.exists(producer.root().resolve(id).resolve(AIRED_MARK))) {
            slot.aired = true;
            return;
        }
        slot.tries++;
        try {
            ShowSegment show = producer.produce(kind, at);
            slot.announcement = producer.announce(show);
            slot.show = show;
            log.info("show={} ready for its slot at {}", id, at);
        } catch (Exception ex) {
            log.error("show={} could not be produced (try {} of {}): {}", id, slot.tries, MAX_TRIES, ex.toString(), ex);
        }
    }

    @Override
    public Segment due(Instant now) {
        Slot next = slots.values().stream()
                .filter(s -> s.show != null && !s.aired && !s.onAir && (s.now || s.at.plus(LATE).isAfter(now)))
                .min(Comparator.comparing(s -> s.now ? Instant.MIN : s.at))
                .orElse(null);
        if (next == null) {
            return null;
        }
        if (next.now || !next.at.isAfter(now)) {
            next.onAir = true;
            log.info("show={} goes on air (slot {})", next.id, next.at);
            return next.show;
        }
        if (!next.announced && next.announcement != null && !next.at.minus(config.announceAhead()).isAfter(now)) {
            next.announced = true;
            return next.announcement;
        }
        return null;
    }

    @Override
    public void aired(Segment segment) {
        if (!(segment instanceof ShowSegment show)) {
            return;
        }
        Slot slot = slots.get(show.id());
        if (slot != null) {
            slot.aired = true;
            slot.onAir = false;
        }
        try {
            AtomicFiles.writeString(producer.root().resolve(show.id()).resolve(AIRED_MARK), clock.instant().toString());
        } catch (IOException e) {
            log.warn("show={} aired but not marked so: {}", show.id(), e.toString());
        }
        log.info("show={} aired", show.id());
    }

    /** The next slot of each entry after now, soonest first (for the API and the web page). */
    public List<Upcoming> upcoming() {
        Instant now = clock.instant();
        List<Upcoming> out = new ArrayList<>();
        for (Entry e : entries) {
            Instant at = e.cron().next(now.atZone(config.zone())).toInstant();
            out.add(new Upcoming(e.kind().label(), e.cron().toString(), at));
        }
        out.sort(Comparator.comparing(Upcoming::at));
        return out;
    }

    /** A slot ahead: which show, its cron entry, when. */
    public record Upcoming(String show, String cron, Instant at) {
    }

    /** Shows made before a restart whose slot may still be ahead. */
    private void loadProduced() {
        if (!Files.isDirectory(producer.root())) {
            return;
        }
        Instant now = clock.instant();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(producer.root())) {
            for (Path dir : dirs) {
                if (!ShowPlanner.isShowId(dir.getFileName().toString()) || Files.exists(dir.resolve(AIRED_MARK))) {
                    continue;
                }
                Optional<ShowSegment> show = ShowProducer.load(dir);
                if (show.isPresent() && show.get().script().airsAt() != null
                        && show.get().script().airsAt().plus(LATE).isAfter(now)) {
                    Slot slot = new Slot(show.get().id(), show.get().script().airsAt());
                    slot.show = show.get();
                    slot.announcement = producer.announce(show.get());
                    slots.put(slot.id, slot);
                    log.info("show={} found ready for its slot at {}", slot.id, slot.at);
                }
            }
        } catch (IOException e) {
            log.warn("shows folder unreadable: {}", e.toString());
        }
    }
}
