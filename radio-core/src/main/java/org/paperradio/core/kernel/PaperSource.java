package org.paperradio.core.kernel;

import java.util.List;
import org.paperradio.core.paper.PaperMeta;

/** Where papers come from (an arXiv feed). Polled by {@link PaperPipeline} on its own schedule. */
public interface PaperSource {

    /** Newest papers, newest first; may include papers seen before (the pipeline skips those). */
    List<PaperMeta> poll() throws Exception;
}
