package org.paperradio.core.show;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.paperradio.core.paper.PaperMeta;
import org.paperradio.core.paper.Show;
import org.paperradio.core.summary.PaperSummary;

/**
 * What a summary show covers: the featured papers grouped into the library's themes (best group
 * and best paper first) and the quick round-up of the other new papers.
 *
 * @param id   the show's id, e.g. {@code daily-2026-11-24} or {@code weekly-2026-W48}
 * @param slot when it airs
 * @param from start of the period it covers (inclusive); {@code to} is its end (exclusive)
 */
public record ShowPlan(Show.Kind kind, String id, Instant slot, Instant from, Instant to, String period,
                       List<Group> groups, List<Entry> roundup) {

    public ShowPlan {
        groups = List.copyOf(groups);
        roundup = List.copyOf(roundup);
    }

    /** A theme and its featured papers. */
    public record Group(String theme, List<Entry> papers) {
        public Group {
            papers = List.copyOf(papers);
        }
    }

    /** A paper with its summary, its listeners' votes and the score it is ranked by. */
    public record Entry(PaperMeta meta, PaperSummary summary, int votes, double score) {
    }

    /** The featured papers in airing order. */
    public List<Entry> featured() {
        return groups.stream().flatMap(g -> g.papers().stream()).toList();
    }

    /** Every paper the show names. */
    public List<Entry> all() {
        return Stream.concat(featured().stream(), roundup.stream()).toList();
    }

    public boolean isEmpty() {
        return groups.isEmpty() && roundup.isEmpty();
    }
}
