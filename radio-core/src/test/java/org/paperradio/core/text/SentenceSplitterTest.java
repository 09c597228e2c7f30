package org.paperradio.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SentenceSplitterTest {

    @Test
    void splitsAtSentenceEndsOnly() {
        assertThat(SentenceSplitter.sentences("We use e.g. this one. Dr. Smith agrees. Pi is 3.14 today. "
                + "J. R. R. Tolkien wrote it. Then what? Yes! See Fig. 3 for more. The end"))
                .containsExactly("We use e.g. this one.", "Dr. Smith agrees.", "Pi is 3.14 today.",
                        "J. R. R. Tolkien wrote it.", "Then what?", "Yes!", "See Fig. 3 for more.", "The end");
    }

    @Test
    void keepsAbbreviationsAndNumbersTogether() {
        assertThat(SentenceSplitter.sentences(
                "We use e.g. transformers. Accuracy rose to 93.5 percent. Smith et al. agree. Next one."))
                .containsExactly("We use e.g. transformers.", "Accuracy rose to 93.5 percent.", "Smith et al. agree.",
                        "Next one.");
        assertThat(SentenceSplitter.sentences("As shown (cf. Table 2) it holds. In 2024 it held too."))
                .containsExactly("As shown (cf. Table 2) it holds.", "In 2024 it held too.");
    }

    @Test
    void aLowerCaseContinuationIsNoNewSentence() {
        assertThat(SentenceSplitter.sentences("It costs approx. five dollars. And so on.")).containsExactly(
                "It costs approx. five dollars.", "And so on.");
        assertThat(SentenceSplitter.sentences("Wait... what happened? \"Nothing.\" Then (really) more.")).containsExactly(
                "Wait... what happened?", "\"Nothing.\"", "Then (really) more.");
    }

    @Test
    void blankLinesEndSentencesAndWhiteSpaceIsTidied() {
        assertThat(SentenceSplitter.sentences("A heading\n\nThe  text\nwraps here. Next")).containsExactly(
                "A heading", "The text wraps here.", "Next");
        assertThat(SentenceSplitter.sentences("")).isEmpty();
        assertThat(SentenceSplitter.sentences("   ")).isEmpty();
        assertThat(SentenceSplitter.sentences(null)).isEmpty();
    }

    @Test
    void wordsAreLowerCaseAndStartWithALetter() {
        assertThat(SentenceSplitter.words("The State-of-the-art GPT4 model, at 93.5% (n=12), beats 3 baselines!"))
                .containsExactly("the", "state-of-the-art", "gpt4", "model", "at", "n", "beats", "baselines");
        assertThat(SentenceSplitter.words("Über größere Äpfel")).containsExactly("über", "größere", "äpfel");
        assertThat(SentenceSplitter.words("12 + 3 = 15")).isEmpty();
        assertThat(SentenceSplitter.words(null)).isEmpty();
    }

    @Test
    void hostileInputStaysFast() {
        // many boundaries, long dotted tokens and long white space runs: no quadratic path
        String text = ("e.g. " + "a.".repeat(2_000) + " x.  \n ").repeat(200) + "(".repeat(50_000) + ". ".repeat(50_000);
        long t0 = System.nanoTime();
        assertThat(SentenceSplitter.sentences(text)).isNotEmpty();
        assertThat(SentenceSplitter.words(text)).isNotEmpty();
        // generous: a linear pass over 1 MB takes milliseconds, a quadratic one minutes
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
    }
}
