package org.paperradio.core.summary;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.paperradio.core.llm.LlmException;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.ExtractedText;
import org.paperradio.core.paper.PaperLog;
import org.paperradio.core.paper.PaperRecord;
import org.paperradio.core.paper.Stage;
import org.paperradio.core.store.PaperFiles;
import org.paperradio.core.store.PaperStore;
import org.paperradio.core.text.ModelJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tries the model again for papers that got the extractive summary while it was away. Each run
 * (a chore, every minute or so) takes the pending papers whose summary is older than
 * {@code retryAfter} and asks the {@link Summarizer} again, replacing {@code summary.json}
 * atomically on success; a paper whose retry fails waits another {@code retryAfter}. The daily
 * and weekly shows, the selection and the API then see the model's summary. A paper already
 * written keeps its script: it may be on air already, and rewriting it would race the voicing.
 */
public final class LlmCatchUp {

    private static final Logger log = LoggerFactory.getLogger(LlmCatchUp.class);
    private static final int PER_RUN = 4;

    private final PaperStore store;
    private final Summarizer summarizer;
    private final Duration retryAfter;
    private final Clock clock;
    private final Set<ArxivId> pending = ConcurrentHashMap.newKeySet();
    private volatile boolean scanned;

    public LlmCatchUp(PaperStore store, Summarizer summarizer, Duration retryAfter, Clock clock) {
        this.store = store;
        this.summarizer = summarizer;
        this.retryAfter = retryAfter;
        this.clock = clock;
    }

    /** Notes a paper whose summary is the extractive stand-in. */
    public void pending(ArxivId id) {
        pending.add(id);
    }

    /** Papers waiting for the model. */
    public int pendingCount() {
        return pending.size();
    }

    /** One round: at most a few papers, oldest first; stops at the first sign the model is away. */
    public void run() throws IOException {
        if (!scanned) {
            for (PaperRecord rec : store.all()) {
                if (!rec.stage().isBefore(Stage.SUMMARIZED) && rec.stage() != Stage.UPDATED
                        && rec.stage() != Stage.PASSED_OVER && readSummary(rec.id()) instanceof PaperSummary s
                        && s.llmPending()) {
                    pending.add(rec.id());
                }
            }
            scanned = true;
        }
        List<PaperSummary> due = new ArrayList<>();
        for (ArxivId id : List.copyOf(pending)) {
            PaperSummary s = readSummary(id);
            if (s == null || !s.llmPending()) {
                pending.remove(id);
            } else if (!s.at().plus(retryAfter).isAfter(clock.instant())) {
                due.add(s);
            }
        }
        due.sort((a, b) -> a.at().compareTo(b.at()));
        for (PaperSummary old : due.subList(0, Math.min(PER_RUN, due.size()))) {
            try (PaperLog.Scope scope = PaperLog.scope(old.paper())) {
                if (!catchUp(old)) {
                    return;
                }
            }
        }
    }

    /** One paper's retry, in its log scope; false when the LLM is still down (no point trying more now). */
    private boolean catchUp(PaperSummary old) throws IOException {
        ArxivId id = old.paper();
        try {
            PaperRecord rec = store.load(id);
            ExtractedText text = store.readJson(id, PaperFiles.SECTIONS, ExtractedText.class);
            PaperSummary fresh = summarizer.summarize(rec.meta(), text);
            store.writeJson(id, PaperFiles.SUMMARY, fresh);
            pending.remove(id);
            log.info("LLM summary written on retry by {}", fresh.producedBy().model());
            return true;
        } catch (LlmException | ModelJson.Unusable e) {
            // wait another retryAfter: restamp the stand-in
            store.writeJson(id, PaperFiles.SUMMARY, new PaperSummary(id, old.gist(), old.problem(), old.keyIdea(),
                    old.method(), old.results(), old.limitations(), old.whyItMatters(), old.interest(),
                    old.interestReason(), old.grounding(), old.producedBy(), true, clock.instant()));
            log.info("LLM still unavailable, next try in {}: {}", retryAfter, e.getMessage());
            return !(e instanceof LlmException);
        }
    }

    private PaperSummary readSummary(ArxivId id) {
        try {
            return store.readJson(id, PaperFiles.SUMMARY, PaperSummary.class);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
