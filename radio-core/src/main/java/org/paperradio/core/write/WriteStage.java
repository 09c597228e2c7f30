package org.paperradio.core.write;

import org.paperradio.core.kernel.PaperStage;
import org.paperradio.core.paper.ExtractedText;
import org.paperradio.core.paper.PaperRecord;
import org.paperradio.core.paper.Script;
import org.paperradio.core.paper.Stage;
import org.paperradio.core.store.PaperFiles;
import org.paperradio.core.store.PaperStore;

/** INDEXED to WRITTEN: reads sections.json, writes script.json. */
public final class WriteStage implements PaperStage {

    private final PaperStore store;
    private final ScriptWriter writer;

    public WriteStage(PaperStore store, ScriptWriter writer) {
        this.store = store;
        this.writer = writer;
    }

    @Override
    public String name() {
        return "write";
    }

    @Override
    public Stage input() {
        return Stage.INDEXED;
    }

    @Override
    public Stage output() {
        return Stage.WRITTEN;
    }

    @Override
    public void process(PaperRecord paper) throws Exception {
        ExtractedText text = store.readJson(paper.id(), PaperFiles.SECTIONS, ExtractedText.class);
        Script script = writer.write(paper.meta(), text);
        store.writeJson(paper.id(), PaperFiles.SCRIPT, script);
    }
}
