package org.paperradio.tts.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SentenceSplitterTest {

    private final SentenceSplitter s = new SentenceSplitter();

    @Test
    void splitsAtSentenceEndsOnly() {
        assertThat(s.sentences("We use e.g. this one. Dr. Smith agrees. Pi is 3.14 today. J. R. R. Tolkien wrote it. "
                + "Then what? Yes! See Fig. 3 for more. The end"))
                .containsExactly("We use e.g. this one.", "Dr. Smith agrees.", "Pi is 3.14 today.",
                        "J. R. R. Tolkien wrote it.", "Then what?", "Yes!", "See Fig. 3 for more.", "The end");
    }

    @Test
    void aLowerCaseContinuationIsNoNewSentence() {
        assertThat(s.sentences("It costs approx. five dollars. And so on.")).containsExactly(
                "It costs approx. five dollars.", "And so on.");
        assertThat(s.sentences("Wait... what happened? \"Nothing.\" Then (really) more.")).containsExactly(
                "Wait... what happened?", "\"Nothing.\"", "Then (really) more.");
    }

    @Test
    void blankLinesEndSentencesAndWhiteSpaceIsTidied() {
        assertThat(s.sentences("A heading\n\nThe  text\nwraps here. Next")).containsExactly(
                "A heading", "The text wraps here.", "Next");
        assertThat(s.sentences("")).isEmpty();
        assertThat(s.sentences("   ")).isEmpty();
        assertThat(s.sentences(null)).isEmpty();
    }

    @Test
    void tokensAreWordsNumbersAndMarks() {
        assertThat(s.tokens("It's 3.5 times 10,000 (state-of-the-art), isn't it? The 1st... done."))
                .containsExactly("It's", "3.5", "times", "10,000", "(", "state-of-the-art", ")", ",", "isn't", "it", "?",
                        "The", "1st", "...", "done", ".");
        assertThat(s.tokens("a&b <c>")).containsExactly("a", "&", "b", "<", "c", ">");
    }

    @Test
    void splitGivesTokenListsPerSentence() {
        List<List<String>> out = s.split("Hello there. How are you?");
        assertThat(out).containsExactly(List.of("Hello", "there", "."), List.of("How", "are", "you", "?"));
    }
}
