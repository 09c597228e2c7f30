package org.paperradio.core.write;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.paperradio.core.kernel.PrioritizedStage;
import org.paperradio.core.library.Hit;
import org.paperradio.core.library.PaperLibrary;
import org.paperradio.core.llm.LlmException;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.ExtractedText;
import org.paperradio.core.paper.PaperRecord;
import org.paperradio.core.paper.Script;
import org.paperradio.core.paper.Stage;
import org.paperradio.core.select.Pick;
import org.paperradio.core.select.Selector;
import org.paperradio.core.store.PaperFiles;
import org.paperradio.core.store.PaperStore;
import org.paperradio.core.summary.PaperSummary;
import org.paperradio.core.text.ModelJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SUMMARIZED to WRITTEN: where the station chooses what gets on air, and writes it. Papers wait
 * here as candidates; a free worker takes the best by the {@link Selector}'s score. A paper that
 * waited longer than {@code maxWait} since its summary (and nobody asked for) is passed over: it
 * ends at {@link Stage#PASSED_OVER} and the daily show names it in its round-up.
 *
 * <p>The chosen paper's script comes from the {@link LlmWriter} when the paper has a model's
 * summary and a model is configured; when there is none, or it fails, from the
 * {@link ExtractiveWriter} at once.
 */
public final class WriteStage implements PrioritizedStage {

    private static final Logger log = LoggerFactory.getLogger(WriteStage.class);
    private static final int RELATED = 3;

    private final PaperStore store;
    private final ScriptWriter extractive;
    private final Optional<LlmWriter> llm;
    private final Selector selector;
    private final PaperLibrary library;
    private final int candidates;
    private final Duration maxWait;
    private final Clock clock;

    /**
     * @param library for the related papers already aired a segment links back to; may be null
     */
    public WriteStage(PaperStore store, ScriptWriter extractive, Optional<LlmWriter> llm, Selector selector,
                      PaperLibrary library, int candidates, Duration maxWait, Clock clock) {
        this.store = store;
        this.extractive = extractive;
        this.llm = llm;
        this.selector = selector;
        this.library = library;
        this.candidates = candidates;
        this.maxWait = maxWait;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "write";
    }

    @Override
    public Stage input() {
        return Stage.SUMMARIZED;
    }

    @Override
    public Stage output() {
        return Stage.WRITTEN;
    }

    @Override
    public double priority(ArxivId paper) {
        return selector.priority(paper);
    }

    @Override
    public int candidates() {
        return candidates;
    }

    @Override
    public Stage reached(PaperRecord paper) throws IOException {
        return store.exists(paper.id(), PaperFiles.SCRIPT) ? Stage.WRITTEN : Stage.PASSED_OVER;
    }

    @Override
    public void process(PaperRecord paper) throws Exception {
        ArxivId id = paper.id();
        store.delete(id, PaperFiles.SCRIPT); // a script left by an interrupted run would hide a pass-over
        PaperSummary summary = store.readJson(id, PaperFiles.SUMMARY, PaperSummary.class);
        boolean stale = summary.at() != null && summary.at().plus(maxWait).isBefore(clock.instant());
        if (stale && selector.requests().count(id) == 0) {
            selector.decide(id, Pick.PASSED_OVER);
            return;
        }
        ExtractedText text = store.readJson(id, PaperFiles.SECTIONS, ExtractedText.class);
        store.writeJson(id, PaperFiles.SCRIPT, write(paper, text, summary));
        // only once the script is written: a failure before must not clear a listener's request
        selector.decide(id, Pick.CHOSEN);
    }

    private Script write(PaperRecord paper, ExtractedText text, PaperSummary summary) throws Exception {
        if (llm.isPresent() && summary.byModel()) {
            try {
                return llm.get().write(paper.meta(), text, summary, relatedAired(paper.id()));
            } catch (LlmException | ModelJson.Unusable e) {
                log.warn("LLM script failed, extractive script instead: {}", e.getMessage());
            }
        }
        return extractive.write(paper.meta(), text);
    }

    /** "Title (arXiv id)" of the most related papers that have aired. */
    private List<String> relatedAired(ArxivId id) {
        List<String> out = new ArrayList<>();
        if (library == null) {
            return out;
        }
        try {
            for (Hit h : library.related(id, 10)) {
                if (out.size() >= RELATED) {
                    break;
                }
                if (store.knows(h.id()) && store.load(h.id()).stage() == Stage.AIRED) {
                    out.add(h.title() + " (arXiv " + h.id().base() + ")");
                }
            }
        } catch (IOException | RuntimeException e) {
            log.debug("related papers unknown: {}", e.toString());
        }
        return out;
    }
}
