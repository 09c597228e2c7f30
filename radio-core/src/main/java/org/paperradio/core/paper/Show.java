package org.paperradio.core.paper;

import java.time.Instant;
import java.util.List;

/** A summary show (daily or weekly) as the archive lists it: which slot it aired in and the papers it covered. */
public record Show(String id, Kind kind, Instant airsAt, List<ArxivId> papers) {
    /** The summary shows the schedule knows. */
    public enum Kind {
        DAILY, WEEKLY;

        /** Lower-case name, as config, the API and file names use it. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Show {
        papers = List.copyOf(papers);
    }
}
