package org.paperradio.core.select;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.paperradio.core.config.StationConfig;
import org.paperradio.core.library.Hit;
import org.paperradio.core.library.PaperLibrary;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.PaperLog;
import org.paperradio.core.paper.PaperMeta;
import org.paperradio.core.paper.PaperRecord;
import org.paperradio.core.paper.Stage;
import org.paperradio.core.store.PaperFiles;
import org.paperradio.core.store.PaperStore;
import org.paperradio.core.summary.PaperSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses what gets on air when more papers arrive than air time allows. A paper's score adds
 * up, each part with its reason: listener requests first ({@value #REQUEST_WEIGHT} each), listener
 * votes (the configured weight each), the model's interest rating (0-10; a neutral 5 when no model rated it), the operator's boosts from
 * config (keywords in title or abstract, authors, categories), and novelty: how unlike the
 * papers already aired it is (library similarity), times the configured weight.
 *
 * <p>Scores are cached a few minutes (novelty needs a library lookup); requests and votes are read live.
 * Decisions are kept in memory for the API and in each paper's {@code pick.json}.
 */
public final class Selector {

    private static final Logger log = LoggerFactory.getLogger(Selector.class);
    static final double REQUEST_WEIGHT = 100;
    static final double NEUTRAL_INTEREST = 5;
    private static final Duration CACHE_FOR = Duration.ofMinutes(5);
    private static final int RECENT = 200;
    private static final int NEIGHBOURS = 8;

    private final PaperStore store;
    private final PaperLibrary library;
    private final StationConfig.Selection config;
    private final Requests requests;
    private final Votes votes;
    private final Clock clock;
    private final Map<ArxivId, Pick> cache = new ConcurrentHashMap<>();
    private final Deque<Pick> recent = new ArrayDeque<>();
    /** Compiled boosts by "keyword:" or "author:" and the configured text. */
    private final Map<String, Pattern> patterns = new ConcurrentHashMap<>();

    /** @param library for novelty; null scores every paper as novel */
    public Selector(PaperStore store, PaperLibrary library, StationConfig.Selection config, Requests requests,
                    Votes votes, Clock clock) {
        this.store = store;
        this.library = library;
        this.config = config;
        this.requests = requests;
        this.votes = votes;
        this.clock = clock;
    }

    public Requests requests() {
        return requests;
    }

    public Votes votes() {
        return votes;
    }

    /** The score used to order candidates: the cached pick plus live requests and votes. */
    public double priority(ArxivId id) {
        return score(id).score() + listenerBonus(id, null);
    }

    /** The paper's pick with all reasons, requests and votes included. */
    public Pick pick(ArxivId id) {
        Pick p = score(id);
        List<String> reasons = new ArrayList<>();
        double bonus = listenerBonus(id, reasons);
        if (reasons.isEmpty()) {
            return p;
        }
        reasons.addAll(p.reasons());
        return new Pick(id, p.title(), p.score() + bonus, reasons, p.outcome(), p.at());
    }

    /** What listeners add to the score, read live; adds its reasons to {@code reasons} unless null. */
    private double listenerBonus(ArxivId id, List<String> reasons) {
        int asked = requests.count(id);
        int voted = votes.count(id);
        double bonus = REQUEST_WEIGHT * asked + config.votes() * voted;
        if (reasons != null && asked > 0) {
            reasons.add("requested by listeners " + asked + "x: +" + fmt(REQUEST_WEIGHT * asked));
        }
        if (reasons != null && voted > 0 && config.votes() > 0) {
            reasons.add("voted up by " + voted + (voted == 1 ? " listener" : " listeners") + ": +"
                    + fmt(config.votes() * voted));
        }
        return bonus;
    }

    /** The given candidates' picks, best first. */
    public List<Pick> rank(List<ArxivId> ids) {
        return ids.stream().map(this::pick).sorted(Comparator.comparingDouble(Pick::score).reversed()).toList();
    }

    /** Records a decision (chosen or passed over): in memory for the API and in the paper's pick.json. */
    public Pick decide(ArxivId id, String outcome) {
        try (PaperLog.Scope scope = PaperLog.scope(id)) {
            return decideInScope(id, outcome);
        }
    }

    private Pick decideInScope(ArxivId id, String outcome) {
        Pick p = pick(id).decided(outcome, clock.instant());
        cache.remove(id);
        synchronized (recent) {
            recent.addFirst(p);
            while (recent.size() > RECENT) {
                recent.removeLast();
            }
        }
        try {
            store.writeJson(id, PaperFiles.PICK, p);
            if (Pick.CHOSEN.equals(outcome)) {
                requests.clear(id);
            }
        } catch (IOException e) {
            log.warn("selection decision not stored: {}", e.toString());
        }
        log.info("{} (score {}: {})", outcome, fmt(p.score()), String.join("; ", p.reasons()));
        return p;
    }

    /** Recent decisions, newest first. */
    public List<Pick> recent() {
        synchronized (recent) {
            return List.copyOf(recent);
        }
    }

    private Pick score(ArxivId id) {
        Instant now = clock.instant();
        Pick cached = cache.get(id);
        if (cached != null && cached.at().plus(CACHE_FOR).isAfter(now)) {
            return cached;
        }
        Pick fresh = compute(id, now);
        cache.put(id, fresh);
        if (cache.size() > 10_000) {
            cache.clear();
        }
        return fresh;
    }

    private Pick compute(ArxivId id, Instant now) {
        List<String> reasons = new ArrayList<>();
        double score = 0;
        PaperMeta meta;
        PaperSummary summary = null;
        try {
            meta = store.load(id).meta();
        } catch (IOException e) {
            return new Pick(id, "", Double.NEGATIVE_INFINITY, List.of("unreadable: " + e.getMessage()), Pick.WAITING, now);
        }
        try {
            summary = store.readJson(id, PaperFiles.SUMMARY, PaperSummary.class);
        } catch (IOException | RuntimeException e) {
            // no summary yet: neutral interest
        }
        if (summary != null && summary.interest() != null) {
            score += summary.interest();
            reasons.add("interest " + summary.interest() + "/10"
                    + (summary.interestReason().isEmpty() ? "" : " (" + summary.interestReason() + ")"));
        } else {
            score += NEUTRAL_INTEREST;
            reasons.add("no interest rating: neutral " + fmt(NEUTRAL_INTEREST));
        }
        String text = (meta.title() + " " + meta.abstractText()).toLowerCase(Locale.ROOT);
        for (var k : config.keywords().entrySet()) {
            Pattern keyword = patterns.computeIfAbsent("keyword:" + k.getKey(), x -> wholeWords(k.getKey(), true));
            if (keyword.matcher(text).find()) {
                score += k.getValue();
                reasons.add("keyword '" + k.getKey() + "': " + signed(k.getValue()));
            }
        }
        for (var a : config.authors().entrySet()) {
            Pattern wanted = patterns.computeIfAbsent("author:" + a.getKey(), x -> wholeWords(a.getKey(), false));
            if (meta.authors().stream().anyMatch(x -> wanted.matcher(x.toLowerCase(Locale.ROOT)).find())) {
                score += a.getValue();
                reasons.add("author '" + a.getKey() + "': " + signed(a.getValue()));
            }
        }
        for (var c : config.categories().entrySet()) {
            if (meta.categories().contains(c.getKey())) {
                score += c.getValue();
                reasons.add("category " + c.getKey() + ": " + signed(c.getValue()));
            }
        }
        if (config.novelty() > 0) {
            Hit closest = closestAired(id);
            // related() scores are the index's (1 + cosine) / 2: back to the cosine, so that an
            // unrelated aired paper (cosine near 0) leaves the paper about as novel as none at all
            double novelty = closest == null ? 1 : Math.min(1, Math.max(0, 2 - 2 * closest.score()));
            score += novelty * config.novelty();
            reasons.add(closest == null ? "novelty: nothing like it aired yet: " + signed(config.novelty())
                    : "novelty " + fmt(novelty) + " (closest aired: " + closest.id().base() + "): "
                    + signed(novelty * config.novelty()));
        }
        return new Pick(id, meta.title(), score, reasons, Pick.WAITING, now);
    }

    /** The most similar paper that has aired, or null. */
    private Hit closestAired(ArxivId id) {
        if (library == null) {
            return null;
        }
        try {
            for (Hit h : library.related(id, NEIGHBOURS)) {
                if (store.knows(h.id())) {
                    PaperRecord r = store.load(h.id());
                    if (r.stage() == Stage.AIRED) {
                        return h;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // also asked for the programme page, outside any paper's scope
            try (PaperLog.Scope scope = PaperLog.scope(id)) {
                log.debug("novelty unknown: {}", e.toString());
            }
        }
        return null;
    }

    /**
     * The phrase as whole words, case-insensitive (text is lower-cased before matching): a plain
     * substring test would let keyword "AI" match "training" and author "Li" match "Oliver".
     * Keywords may take a plural ending ("protein" matches "proteins").
     */
    private static Pattern wholeWords(String phrase, boolean plural) {
        List<String> words = new ArrayList<>();
        for (String w : phrase.toLowerCase(Locale.ROOT).strip().split("\\s+")) {
            words.add(Pattern.quote(w));
        }
        return Pattern.compile("(?<![\\p{L}\\p{N}])" + String.join("\\s+", words)
                + (plural ? "(?:e?s)?" : "") + "(?![\\p{L}\\p{N}])");
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String signed(double v) {
        return (v >= 0 ? "+" : "") + fmt(v);
    }
}
