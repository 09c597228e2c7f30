package org.paperradio.core.library;

import java.io.IOException;
import org.paperradio.core.kernel.PaperStage;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.PaperRecord;
import org.paperradio.core.paper.Stage;
import org.paperradio.core.store.PaperStore;

/**
 * EXTRACTED to INDEXED: puts the paper's metadata, text and embedding into the library. A new
 * version of a paper whose earlier version was already written or aired replaces it in the
 * library and ends there ({@link Stage#UPDATED}): a revision is not a new paper on air.
 */
public final class IndexStage implements PaperStage {

    private final LibraryIndexer indexer;
    private final PaperStore store;

    public IndexStage(LibraryIndexer indexer) {
        this.indexer = indexer;
        this.store = indexer.store();
    }

    @Override
    public String name() {
        return "index";
    }

    @Override
    public Stage input() {
        return Stage.EXTRACTED;
    }

    @Override
    public Stage output() {
        return Stage.INDEXED;
    }

    @Override
    public void process(PaperRecord paper) throws Exception {
        // false means a newer version is already indexed: nothing to do, the paper goes on
        indexer.index(paper);
    }

    @Override
    public Stage reached(PaperRecord paper) throws IOException {
        for (ArxivId other : store.versionsOf(paper.id().base())) {
            Stage reached = store.load(other).stage();
            // an older version that got a segment (a passed-over one did not) keeps the air; this one only updates the library
            if (other.version() < paper.id().version() && !reached.isBefore(Stage.WRITTEN) && reached != Stage.PASSED_OVER) {
                return Stage.UPDATED;
            }
        }
        return Stage.INDEXED;
    }
}
