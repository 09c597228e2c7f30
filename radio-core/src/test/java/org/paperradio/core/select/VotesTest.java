package org.paperradio.core.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperradio.core.paper.ArxivId;

class VotesTest {

    @TempDir
    Path dir;

    private static ArxivId id(String s) {
        return ArxivId.parse(s);
    }

    @Test
    void oneVotePerListenerPerPaperWhateverTheVersion() throws Exception {
        Votes votes = new Votes(dir.resolve("votes.json"));

        assertThat(votes.vote(id("2501.00001v1"), "listener-a")).isEqualTo(new Votes.Outcome(true, 1));
        assertThat(votes.vote(id("2501.00001v2"), "listener-a")).as("same paper, other version")
                .isEqualTo(new Votes.Outcome(false, 1));
        assertThat(votes.vote(id("2501.00001v1"), "listener-b")).isEqualTo(new Votes.Outcome(true, 2));
        assertThat(votes.vote(id("2501.00002v1"), "listener-a")).as("another paper").isEqualTo(new Votes.Outcome(true, 1));

        assertThat(votes.count(id("2501.00001v3"))).isEqualTo(2);
        assertThat(votes.count(id("2501.00009v1"))).isZero();
        assertThat(votes.hasVoted(id("2501.00001v1"), "listener-b")).isTrue();
        assertThat(votes.hasVoted(id("2501.00002v1"), "listener-b")).isFalse();
        assertThat(votes.counts()).containsExactly(Map.entry("2501.00001", 2), Map.entry("2501.00002", 1));
        assertThatThrownBy(() -> votes.vote(id("2501.00001v1"), " ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void votesSurviveARestartAndTheFileHoldsNoListenerIds() throws Exception {
        Path file = dir.resolve("votes.json");
        Votes first = new Votes(file);
        first.vote(id("2501.00001v1"), "secret-cookie-value-1");
        first.vote(id("2501.00001v1"), "secret-cookie-value-2");

        Votes second = new Votes(file);
        assertThat(second.count(id("2501.00001v1"))).isEqualTo(2);
        assertThat(second.vote(id("2501.00001v1"), "secret-cookie-value-1").counted())
                .as("still one vote per listener after a restart").isFalse();
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).doesNotContain("secret-cookie");
        assertThat(dir).isDirectoryNotContaining(p -> p.getFileName().toString().startsWith(".tmp-"));
    }

    @Test
    void aDamagedFileStartsEmptyAndAHandEditedOneKeepsWhatIsUsable() throws Exception {
        Path file = dir.resolve("votes.json");
        Files.writeString(file, "{\"2501.00001\": [\"x\", ");
        assertThat(new Votes(file).counts()).isEmpty();

        Files.writeString(file, "{\"2501.00001\": [\"a\", null, \"\", \"b\", \"a\"], \"2501.00002\": null, \"2501.00003\": []}");
        assertThat(new Votes(file).counts()).containsExactly(Map.entry("2501.00001", 2));

        Files.writeString(file, "null");
        Votes votes = new Votes(file);
        assertThat(votes.counts()).isEmpty();
        assertThat(votes.vote(id("2501.00004v1"), "l").counted()).isTrue();
        assertThat(new Votes(file).count(id("2501.00004v1"))).isEqualTo(1);
    }

    @Test
    void theOldestVotedPapersAreForgottenPastTheCap() throws Exception {
        Votes votes = new Votes(dir.resolve("votes.json"));
        for (int i = 0; i <= Votes.MAX_PAPERS; i++) {
            votes.vote(id(String.format("2501.%05dv1", i)), "l");
        }
        assertThat(votes.counts()).hasSize(Votes.MAX_PAPERS);
        assertThat(votes.count(id("2501.00000v1"))).isZero();
        assertThat(votes.count(id(String.format("2501.%05dv1", Votes.MAX_PAPERS)))).isEqualTo(1);
    }
}
