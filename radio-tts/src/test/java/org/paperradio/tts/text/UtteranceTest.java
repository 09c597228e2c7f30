package org.paperradio.tts.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class UtteranceTest {

    @Test
    void everyOccurrenceOfATitleIsEmphasisedIgnoringCase() {
        Utterance u = Utterance.emphasising("Next up: Attention Is All You Need. Why attention is all you need, today.",
                List.of("Attention is all you need"));
        assertThat(u.parts()).containsExactly(
                new Utterance.Part("Next up: ", false),
                new Utterance.Part("Attention Is All You Need", true),
                new Utterance.Part(". Why ", false),
                new Utterance.Part("attention is all you need", true),
                new Utterance.Part(", today.", false));
        assertThat(u.hasEmphasis()).isTrue();
        assertThat(u.text()).isEqualTo("Next up: Attention Is All You Need. Why attention is all you need, today.");
    }

    @Test
    void theLongestPhraseWinsAndBlankPhrasesAreIgnored() {
        Utterance u = Utterance.emphasising("Deep Nets and Deep Nets at Scale.", List.of("", "  ", "Deep Nets", "Deep Nets at Scale"));
        assertThat(u.parts()).extracting(Utterance.Part::text, Utterance.Part::emphasised).containsExactly(
                org.assertj.core.groups.Tuple.tuple("Deep Nets", true),
                org.assertj.core.groups.Tuple.tuple(" and ", false),
                org.assertj.core.groups.Tuple.tuple("Deep Nets at Scale", true),
                org.assertj.core.groups.Tuple.tuple(".", false));
        assertThat(Utterance.emphasising("Nothing to stress here.", List.of(" ")).hasEmphasis()).isFalse();
        assertThat(Utterance.emphasising(null, List.of("x")).isBlank()).isTrue();
    }

    @Test
    void mappedPartsJoinWithSpacesButNotBeforeClosingPunctuation() {
        // a normaliser strips the spaces at a part's ends
        Utterance u = Utterance.emphasising("That was LoRA Tuning, by Hu.", List.of("LoRA Tuning")).map(String::strip);
        assertThat(u.parts()).extracting(Utterance.Part::text).containsExactly("That was", "LoRA Tuning", ", by Hu.");
        assertThat(u.text()).isEqualTo("That was LoRA Tuning, by Hu.");
        assertThat(u.parts().get(1).emphasised()).isTrue();
    }
}
