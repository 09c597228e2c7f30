package org.paperradio.core.library;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PassageSplitterTest {

    private static String sentence(int i) {
        return "Sentence number " + i + " describes one more measurement of the experimental apparatus.";
    }

    @Test
    void cutsOnSentenceBoundariesWithinBounds() {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            body.append(sentence(i)).append(i % 7 == 6 ? "\n\n" : " ");
        }

        List<String> passages = PassageSplitter.split(body.toString());

        assertThat(passages).hasSizeGreaterThan(3);
        for (int i = 0; i < passages.size(); i++) {
            String p = passages.get(i);
            assertThat(p.length()).isLessThanOrEqualTo(PassageSplitter.MAX_CHARS);
            if (i < passages.size() - 1) {
                assertThat(p.length()).isGreaterThanOrEqualTo(PassageSplitter.MIN_CHARS);
            }
            assertThat(p).startsWith("Sentence number ").endsWith("apparatus.");
        }
        // nothing lost, nothing repeated
        assertThat(String.join(" ", passages)).isEqualTo(body.toString().strip().replaceAll("\\s+", " "));
    }

    @Test
    void capsPassagesPerPaperAndCutsOverlongSentences() {
        String huge = (sentence(1) + " ").repeat(20_000);
        assertThat(PassageSplitter.split(huge)).hasSize(PassageSplitter.MAX_PASSAGES);

        String noStops = "word ".repeat(1_000);
        List<String> pieces = PassageSplitter.split(noStops);
        assertThat(pieces).hasSizeGreaterThan(5)
                .allSatisfy(p -> assertThat(p.length()).isBetween(1, PassageSplitter.MAX_CHARS));
        assertThat(String.join(" ", pieces)).isEqualTo(noStops.strip());

        assertThat(PassageSplitter.split(null)).isEmpty();
        assertThat(PassageSplitter.split("  \n ")).isEmpty();
        assertThat(PassageSplitter.split("One short sentence.")).containsExactly("One short sentence.");
    }
}
