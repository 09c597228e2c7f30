package org.paperradio.core.kernel;

import org.paperradio.core.paper.ArxivId;

/**
 * A stage that does not take papers first come, first served: each time a worker is free it
 * takes the waiting paper of highest {@link #priority} (asked afresh then, so a listener's request
 * made while a paper waits counts at once); ties go to the paper that waited longest. This is
 * where the station chooses what gets on air.
 */
public interface PrioritizedStage extends PaperStage {

    /** Higher goes first. Called under the queue's lock: keep it cheap (cache what is costly). */
    double priority(ArxivId paper);

    /** How many papers may wait in front of this stage (the candidates it chooses from). */
    int candidates();
}
