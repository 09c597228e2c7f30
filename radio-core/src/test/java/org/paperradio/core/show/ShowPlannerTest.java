package org.paperradio.core.show;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.PaperMeta;
import org.paperradio.core.paper.Show;
import org.paperradio.core.paper.Stage;
import org.paperradio.core.select.Votes;
import org.paperradio.core.store.PaperFiles;
import org.paperradio.core.store.PaperStore;
import org.paperradio.core.summary.PaperSummary;
import org.paperradio.core.testing.MutableClock;
import org.paperradio.core.testing.TestMeta;

/** What the weekly show picks: the best rated aired papers, with listeners' votes lifting theirs. */
class ShowPlannerTest {

    private static final Instant SLOT = Instant.parse("2026-11-29T17:00:00Z");

    @TempDir
    Path dir;

    private PaperStore store;

    private ArxivId aired(String id, int interest) throws Exception {
        PaperMeta meta = TestMeta.paper(id, "cs.LG", 25, "Paper " + id, "About " + id + ".");
        store.add(meta);
        store.advance(meta.id(), Stage.AIRED);
        store.writeJson(meta.id(), PaperFiles.SUMMARY, new PaperSummary(meta.id(), "gist of " + id, "", "", "",
                List.of(), "", "", interest, "", null, null, false, SLOT.minus(Duration.ofDays(2))));
        return meta.id();
    }

    @Test
    void listenersVotesLiftTheirPaperAmongTheWeeksPicks() throws Exception {
        store = new PaperStore(dir.resolve("store"), new MutableClock(SLOT));
        ArxivId best = aired("2511.00001v1", 9);
        ArxivId middle = aired("2511.00002v1", 7);
        ArxivId liked = aired("2511.00003v1", 5);
        List<ArxivId> others = List.of(aired("2511.00004v1", 6), aired("2511.00005v1", 6));
        Votes votes = new Votes(dir.resolve("votes.json"));
        // 3 minutes: two featured papers, the rest in the round-up
        ShowPlanner planner = new ShowPlanner(store, null, votes, 1.0, ZoneOffset.UTC);

        ShowPlan before = planner.plan(Show.Kind.WEEKLY, SLOT, 3);
        assertThat(before.featured()).extracting(e -> e.meta().id()).containsExactly(best, middle);

        for (String listener : List.of("a", "b", "c", "d", "e")) {
            votes.vote(liked, listener);
        }
        votes.vote(others.get(0), "a");

        ShowPlan after = planner.plan(Show.Kind.WEEKLY, SLOT, 3);
        assertThat(after.featured()).extracting(e -> e.meta().id()).containsExactly(liked, best);
        ShowPlan.Entry top = after.featured().get(0);
        assertThat(top.votes()).isEqualTo(5);
        assertThat(top.score()).isEqualTo(10.0);
        assertThat(after.roundup()).extracting(e -> e.meta().id()).containsExactly(middle, others.get(0), others.get(1));

        ShowPlan unweighted = new ShowPlanner(store, null, ZoneOffset.UTC).plan(Show.Kind.WEEKLY, SLOT, 3);
        assertThat(unweighted.featured()).extracting(e -> e.meta().id()).containsExactly(best, middle);
    }
}
