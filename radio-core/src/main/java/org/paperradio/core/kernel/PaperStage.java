package org.paperradio.core.kernel;

import org.paperradio.core.paper.PaperRecord;
import org.paperradio.core.paper.Stage;

/**
 * One job in the chain from discovery to air. A stage reads the artifacts of the stage before
 * from the store, writes its own (atomically), and returns; it never calls the next stage, and
 * knows nothing of queues, threads or retries: {@link PaperPipeline} owns those.
 */
public interface PaperStage {

    /** Short name for logs, failures and metrics ("fetch", "extract", ...). */
    String name();

    /** The stage a paper must have reached to enter. */
    Stage input();

    /** The stage a paper has reached when {@link #process} returns. */
    Stage output();

    /**
     * The stage this paper reached, asked after {@link #process} returned; {@link #output()} unless
     * the stage ends the paper's way early with a final stage (see {@link Stage#isFinal()}).
     */
    default Stage reached(PaperRecord paper) throws Exception {
        return output();
    }

    /**
     * Does the work for one paper. Throw {@link BadInputException} when retrying cannot help
     * (a broken PDF); any other exception is retried with backoff.
     */
    void process(PaperRecord paper) throws Exception;
}
