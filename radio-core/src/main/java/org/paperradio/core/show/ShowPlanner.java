package org.paperradio.core.show;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.paperradio.core.library.Hit;
import org.paperradio.core.library.PaperLibrary;
import org.paperradio.core.library.Theme;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.PaperRecord;
import org.paperradio.core.paper.Show;
import org.paperradio.core.paper.Stage;
import org.paperradio.core.select.Votes;
import org.paperradio.core.store.PaperFiles;
import org.paperradio.core.store.PaperStore;
import org.paperradio.core.summary.PaperSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what a daily or weekly show covers: the papers the station summarised in the day (or
 * week) before the slot. Those that got a segment are featured, best rated first, grouped into
 * the library's themes (the group holding the best paper first); those that did not (passed
 * over, or still waiting) make the round-up. When nothing got a segment, the best of the rest
 * are featured instead, so a show always has something to say.
 */
public final class ShowPlanner {

    private static final Logger log = LoggerFactory.getLogger(ShowPlanner.class);
    /** Minutes of show per featured paper. */
    private static final double MINUTES_PER_PAPER = 1.3;
    private static final int MAX_ROUNDUP = 30;
    private static final String OTHER = "more new work";

    private final PaperStore store;
    private final PaperLibrary library;
    private final Votes votes;
    private final double voteWeight;
    private final ZoneId zone;

    /** @param library for themes; null puts every paper in one group */
    public ShowPlanner(PaperStore store, PaperLibrary library, ZoneId zone) {
        this(store, library, null, 0, zone);
    }

    /**
     * @param library    for themes; null puts every paper in one group
     * @param votes      listeners' votes, or null for none
     * @param voteWeight what a vote adds to a paper's interest rating (0-10) when picking
     */
    public ShowPlanner(PaperStore store, PaperLibrary library, Votes votes, double voteWeight, ZoneId zone) {
        this.store = store;
        this.library = library;
        this.votes = votes;
        this.voteWeight = voteWeight;
        this.zone = zone;
    }

    /**
     * The id of the show for a slot: {@code daily-2026-11-24} (the slot's date in the schedule's
     * zone) or {@code weekly-2026-W48} (its ISO week). Also the show's folder name.
     */
    public static String idOf(Show.Kind kind, Instant slot, ZoneId zone) {
        LocalDate day = slot.atZone(zone).toLocalDate();
        return kind == Show.Kind.DAILY ? "daily-" + day
                : String.format(Locale.ROOT, "weekly-%d-W%02d", day.get(IsoFields.WEEK_BASED_YEAR),
                        day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }

    /** A show id as {@link #idOf} makes them (checked before an id from a request names a folder). */
    public static boolean isShowId(String id) {
        return id != null && id.matches("daily-\\d{4}-\\d{2}-\\d{2}|weekly-\\d{4}-W\\d{2}");
    }

    public ShowPlan plan(Show.Kind kind, Instant slot, double minutes) throws IOException {
        Duration span = kind == Show.Kind.DAILY ? Duration.ofDays(1) : Duration.ofDays(7);
        Instant from = slot.minus(span);
        LocalDate day = slot.atZone(zone).toLocalDate();
        String id = idOf(kind, slot, zone);
        String period = kind == Show.Kind.DAILY
                ? day.format(DateTimeFormatter.ofPattern("EEEE, MMMM d", Locale.ENGLISH))
                : "the week to " + day.format(DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(Locale.ENGLISH));
        List<ShowPlan.Entry> aired = new ArrayList<>();
        List<ShowPlan.Entry> rest = new ArrayList<>();
        for (PaperRecord rec : store.all()) {
            if (rec.stage().isBefore(Stage.SUMMARIZED) || rec.stage() == Stage.UPDATED) {
                continue;
            }
            PaperSummary s;
            try {
                s = store.readJson(rec.id(), PaperFiles.SUMMARY, PaperSummary.class);
            } catch (IOException | RuntimeException e) {
                continue;
            }
            if (s.at() == null || s.at().isBefore(from) || !s.at().isBefore(slot)) {
                continue;
            }
            int voted = votes == null ? 0 : votes.count(rec.id());
            ShowPlan.Entry e = new ShowPlan.Entry(rec.meta(), s, voted,
                    (s.interest() == null ? 5 : s.interest()) + voteWeight * voted);
            boolean gotSegment = !rec.stage().isBefore(Stage.WRITTEN) && rec.stage() != Stage.PASSED_OVER;
            (gotSegment ? aired : rest).add(e);
        }
        Comparator<ShowPlan.Entry> best = Comparator.comparingDouble(ShowPlan.Entry::score).reversed()
                .thenComparing(e -> e.meta().id().toString());
        aired.sort(best);
        rest.sort(best);
        int slots = Math.max(2, (int) Math.round(minutes / MINUTES_PER_PAPER));
        List<ShowPlan.Entry> featured = new ArrayList<>(aired.subList(0, Math.min(slots, aired.size())));
        List<ShowPlan.Entry> roundup = new ArrayList<>(aired.subList(featured.size(), aired.size()));
        roundup.addAll(rest);
        if (featured.isEmpty()) {
            int n = Math.min(slots, roundup.size());
            featured.addAll(roundup.subList(0, n));
            roundup = new ArrayList<>(roundup.subList(n, roundup.size()));
        }
        roundup.sort(best);
        if (roundup.size() > MAX_ROUNDUP) {
            roundup = roundup.subList(0, MAX_ROUNDUP);
        }
        ShowPlan plan = new ShowPlan(kind, id, slot, from, slot, period, group(featured, best), roundup);
        log.info("show={} plans {} featured papers in {} themes, {} in the round-up", id, featured.size(),
                plan.groups().size(), roundup.size());
        return plan;
    }

    private List<ShowPlan.Group> group(List<ShowPlan.Entry> featured, Comparator<ShowPlan.Entry> best) {
        Map<ArxivId, ShowPlan.Entry> byId = new LinkedHashMap<>();
        featured.forEach(e -> byId.put(e.meta().id(), e));
        Map<String, List<ShowPlan.Entry>> groups = new LinkedHashMap<>();
        if (library != null && featured.size() > 1) {
            try {
                Map<String, ShowPlan.Entry> byBase = new HashMap<>();
                featured.forEach(e -> byBase.put(e.meta().id().base(), e));
                for (Theme t : library.themes(byId.keySet())) {
                    for (Hit h : t.papers()) {
                        ShowPlan.Entry e = byBase.remove(h.id().base());
                        if (e != null) {
                            groups.computeIfAbsent(t.label(), k -> new ArrayList<>()).add(e);
                        }
                    }
                }
                byId.values().removeIf(e -> !byBase.containsKey(e.meta().id().base()));
            } catch (IOException | RuntimeException e) {
                log.warn("themes unavailable, one group: {}", e.toString());
                groups.clear();
                featured.forEach(x -> byId.put(x.meta().id(), x));
            }
        }
        if (!byId.isEmpty()) {
            groups.computeIfAbsent(groups.isEmpty() ? "new papers" : OTHER, k -> new ArrayList<>())
                    .addAll(byId.values());
        }
        List<ShowPlan.Group> out = new ArrayList<>();
        groups.forEach((label, papers) -> {
            papers.sort(best);
            out.add(new ShowPlan.Group(label, papers));
        });
        out.sort(Comparator.comparing((ShowPlan.Group g) -> g.papers().get(0), best));
        return out;
    }
}
