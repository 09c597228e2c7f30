package org.paperradio.tts.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TokenizerTest {

    @Test
    void tokensAreWordsNumbersAndMarks() {
        assertThat(Tokenizer.tokens("It's 3.5 times 10,000 (state-of-the-art), isn't it? The 1st... done."))
                .containsExactly("It's", "3.5", "times", "10,000", "(", "state-of-the-art", ")", ",", "isn't", "it", "?",
                        "The", "1st", "...", "done", ".");
        assertThat(Tokenizer.tokens("a&b <c>")).containsExactly("a", "&", "b", "<", "c", ">");
        assertThat(Tokenizer.tokens(null)).isEmpty();
    }

    @Test
    void splitGivesTokenListsPerSentence() {
        List<List<String>> out = Tokenizer.split("Hello there. How are you?");
        assertThat(out).containsExactly(List.of("Hello", "there", "."), List.of("How", "are", "you", "?"));
    }

    @Test
    void splitKeepsAbbreviationsInTheirSentenceAndDropsEmptyOnes() {
        assertThat(Tokenizer.split("Dr. Smith et al. agree.\n\n   \n\nPi is 3.14 today."))
                .containsExactly(List.of("Dr", ".", "Smith", "et", "al", ".", "agree", "."),
                        List.of("Pi", "is", "3.14", "today", "."));
        assertThat(Tokenizer.split("")).isEmpty();
        assertThat(Tokenizer.split(null)).isEmpty();
    }
}
