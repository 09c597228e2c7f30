package org.paperradio.core.paper;

import java.time.Instant;
import java.util.List;

/** A summary show (daily or weekly) over several papers. Built out in later work; the shape is fixed here. */
public record Show(String id, Kind kind, Instant airsAt, List<ArxivId> papers) {
    public enum Kind { DAILY, WEEKLY }

    public Show {
        papers = List.copyOf(papers);
    }
}
