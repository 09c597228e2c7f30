package org.paperradio.core.select;

import java.time.Instant;
import java.util.List;
import org.paperradio.core.paper.ArxivId;

/**
 * The selection's view of one paper: its score and the reasons that add up to it, and, once
 * decided, the outcome ({@code waiting}, {@code chosen} for a segment, or {@code passed over}).
 */
public record Pick(ArxivId paper, String title, double score, List<String> reasons, String outcome, Instant at) {
    public static final String WAITING = "waiting";
    public static final String CHOSEN = "chosen";
    public static final String PASSED_OVER = "passed over";

    public Pick {
        reasons = List.copyOf(reasons);
    }

    public Pick decided(String newOutcome, Instant when) {
        return new Pick(paper, title, score, reasons, newOutcome, when);
    }
}
