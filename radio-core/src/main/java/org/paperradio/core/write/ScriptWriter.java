package org.paperradio.core.write;

import org.paperradio.core.paper.ExtractedText;
import org.paperradio.core.paper.PaperMeta;
import org.paperradio.core.paper.Script;

/** Writes the two-host script of one paper's segment. */
public interface ScriptWriter {
    Script write(PaperMeta meta, ExtractedText text) throws Exception;
}
