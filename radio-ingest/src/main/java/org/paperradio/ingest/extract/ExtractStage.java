package org.paperradio.ingest.extract;

import java.nio.file.Files;
import java.nio.file.Path;
import org.paperradio.core.kernel.BadInputException;
import org.paperradio.core.kernel.PaperStage;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.ExtractedText;
import org.paperradio.core.paper.PaperRecord;
import org.paperradio.core.paper.Stage;
import org.paperradio.core.store.AtomicFiles;
import org.paperradio.core.store.PaperFiles;
import org.paperradio.core.store.PaperStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FETCHED → EXTRACTED: reads {@code paper.pdf} and writes, each atomically and in this order,
 * {@code pages/} (page images), {@code sections.json} ({@link ExtractedText}) and
 * {@code text.txt} (its full text). Re-running replaces all three, so a crash in between is
 * harmless.
 */
public final class ExtractStage implements PaperStage {

    private static final Logger log = LoggerFactory.getLogger(ExtractStage.class);

    private final PaperStore store;
    private final PdfTextExtractor extractor;
    private final PageRenderer renderer;

    public ExtractStage(PaperStore store, PdfTextExtractor extractor, PageRenderer renderer) {
        this.store = store;
        this.extractor = extractor;
        this.renderer = renderer;
    }

    @Override
    public String name() {
        return "extract";
    }

    @Override
    public Stage input() {
        return Stage.FETCHED;
    }

    @Override
    public Stage output() {
        return Stage.EXTRACTED;
    }

    @Override
    public void process(PaperRecord paper) throws Exception {
        ArxivId id = paper.id();
        Path pdf = store.file(id, PaperFiles.PDF);
        if (!Files.isRegularFile(pdf)) {
            throw new BadInputException(PaperFiles.PDF + " is missing although the paper is marked " + paper.stage());
        }
        // text first: a PDF that cannot be read fails before any page is rendered
        ExtractedText text = extractor.extract(pdf, id);
        int pages = renderer.render(pdf, store.file(id, PaperFiles.PAGES), id);
        ExtractedText stored = pages == text.pageCount() ? text : new ExtractedText(text.sections(), pages);
        store.writeJson(id, PaperFiles.SECTIONS, stored);
        AtomicFiles.writeString(store.file(id, PaperFiles.TEXT), stored.fullText());
        log.info("extracted {} sections, {} characters, {} pages", stored.sections().size(),
                stored.fullText().length(), pages);
    }
}
