package org.paperradio.core.summary;

import java.util.Optional;
import org.paperradio.core.kernel.BadInputException;
import org.paperradio.core.kernel.PaperStage;
import org.paperradio.core.llm.LlmException;
import org.paperradio.core.paper.ExtractedText;
import org.paperradio.core.paper.PaperRecord;
import org.paperradio.core.paper.Stage;
import org.paperradio.core.store.PaperFiles;
import org.paperradio.core.store.PaperStore;
import org.paperradio.core.text.ModelJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INDEXED to SUMMARIZED: writes {@code summary.json}. With a model configured it asks the
 * {@link Summarizer}; when the model is away, times out or answers garbage, the paper gets the
 * {@link ExtractiveSummarizer}'s summary at once, marked {@code llmPending}, and
 * {@link LlmCatchUp} tries the model again later: the air never waits on the LLM.
 */
public final class SummaryStage implements PaperStage {

    private static final Logger log = LoggerFactory.getLogger(SummaryStage.class);

    private final PaperStore store;
    private final Optional<Summarizer> summarizer;
    private final ExtractiveSummarizer extractive;
    private final LlmCatchUp catchUp;

    /** @param catchUp told of papers that fell back (null when there is no model) */
    public SummaryStage(PaperStore store, Optional<Summarizer> summarizer, ExtractiveSummarizer extractive,
                        LlmCatchUp catchUp) {
        this.store = store;
        this.summarizer = summarizer;
        this.extractive = extractive;
        this.catchUp = catchUp;
    }

    @Override
    public String name() {
        return "summarize";
    }

    @Override
    public Stage input() {
        return Stage.INDEXED;
    }

    @Override
    public Stage output() {
        return Stage.SUMMARIZED;
    }

    @Override
    public void process(PaperRecord paper) throws Exception {
        ExtractedText text = store.readJson(paper.id(), PaperFiles.SECTIONS, ExtractedText.class);
        if (text.fullText().isBlank() && paper.meta().abstractText().isBlank()) {
            throw new BadInputException("neither text nor abstract to summarise");
        }
        store.writeJson(paper.id(), PaperFiles.SUMMARY, summarize(paper, text));
    }

    /** The model's summary, or the extractive one marked pending when the model fails. */
    PaperSummary summarize(PaperRecord paper, ExtractedText text) {
        if (summarizer.isEmpty()) {
            return extractive.summarize(paper.meta(), text, false);
        }
        try {
            PaperSummary s = summarizer.get().summarize(paper.meta(), text);
            log.info("summarised by {} (interest {}, {} claims dropped)", s.producedBy().model(),
                    s.interest(), s.grounding().dropped().size());
            return s;
        } catch (LlmException | ModelJson.Unusable e) {
            log.warn("LLM summary failed, extractive summary instead, LLM tried again later: {}", e.getMessage());
            if (catchUp != null) {
                catchUp.pending(paper.id());
            }
            return extractive.summarize(paper.meta(), text, true);
        }
    }
}
