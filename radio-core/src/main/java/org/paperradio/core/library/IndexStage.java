package org.paperradio.core.library;

import org.paperradio.core.kernel.PaperStage;
import org.paperradio.core.paper.PaperRecord;
import org.paperradio.core.paper.Stage;

/** EXTRACTED to INDEXED: puts the paper's metadata, text and embedding into the library. */
public final class IndexStage implements PaperStage {

    private final LibraryIndexer indexer;

    public IndexStage(LibraryIndexer indexer) {
        this.indexer = indexer;
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
}
