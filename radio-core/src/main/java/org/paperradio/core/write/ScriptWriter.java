package org.paperradio.core.write;

import org.paperradio.core.paper.ExtractedText;
import org.paperradio.core.paper.PaperMeta;
import org.paperradio.core.paper.Script;

/** Writes the two-host script of one paper's segment. */
public interface ScriptWriter {
    /**
     * Throws {@link org.paperradio.core.kernel.BadInputException} when the paper offers nothing to
     * say; any other exception is retried by the kernel.
     */
    Script write(PaperMeta meta, ExtractedText text) throws Exception;
}
