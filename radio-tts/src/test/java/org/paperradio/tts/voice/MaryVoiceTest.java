package org.paperradio.tts.voice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Percentage.withPercentage;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.paperradio.core.config.StationConfig;
import org.paperradio.tts.audio.Pcm;
import org.paperradio.tts.audio.Signals;

/** A real MaryTTS in this JVM: the audio it makes is measured, not trusted. */
class MaryVoiceTest {

    private static final String LOWER = MaryVoice.LOWER_HOST_EFFECTS;
    /** The chain NOTES.md suggested (and radio-core's default host "ben" uses). */
    private static final String NOTES_CHAIN = "F0Scale(f0Scale:0.6)+TractScaler(amount:1.25)+Volume(amount:0.8)";
    private static final String SENTENCE = "Today we talk about a new paper on language models and why they fail at arithmetic.";

    private static MaryEngine engine;
    private static MaryVoice plain;
    private static MaryVoice lower;

    @BeforeAll
    static void start() throws VoiceException {
        engine = MaryEngine.start();
        plain = new MaryVoice(engine, "cmu-slt-hsmm", "");
        lower = new MaryVoice(engine, "cmu-slt-hsmm", LOWER);
    }

    @Test
    void speaksASentenceAtAPlausibleLengthAndLevel() throws VoiceException {
        Pcm pcm = plain.speak(SENTENCE);

        assertThat(pcm.sampleRate()).isEqualTo(plain.sampleRate()).isEqualTo(48000);
        // 15 words: between about 0.2 and 0.6 s a word
        assertThat(pcm.duration()).isBetween(Duration.ofMillis(15 * 200), Duration.ofMillis(15 * 600));
        assertThat(pcm.activeRms(0.01)).isGreaterThan(0.05);
        assertThat(pcm.rms()).isGreaterThan(0.03);
        assertThat(pcm.peak()).isLessThanOrEqualTo(MaryVoice.PEAK_CEILING + 0.01);
        // MARY's own leading and trailing silence is trimmed to a short pad
        assertThat(leadingSilence(pcm)).isLessThan(Duration.ofMillis(120));
    }

    @Test
    void theSecondHostSoundsLowerThanTheFirst() throws VoiceException {
        Pcm a = plain.speak(SENTENCE);
        Pcm b = lower.speak(SENTENCE);

        double fa = Signals.medianPitch(a);
        double fb = Signals.medianPitch(b);
        assertThat(fa).as("pitch of the plain voice").isBetween(120.0, 300.0);
        assertThat(fb).as("pitch of the lower voice").isLessThan(fa * 0.75);
        double ca = Signals.spectralCentroid(a);
        double cb = Signals.spectralCentroid(b);
        assertThat(cb).as("spectral centroid of the lower voice (longer vocal tract)").isLessThan(ca * 0.85);
        // levelled to the same loudness although the chain lowers the volume
        assertThat(b.activeRms(0.01)).isCloseTo(a.activeRms(0.01), withPercentage(35));
        assertThat(lower.name()).isEqualTo("cmu-slt-hsmm+" + LOWER);
    }

    @Test
    void f0ScaleChangesTheRangeNotThePitchAndTractScalerAboveOneRaisesFormants() throws VoiceException {
        // measured facts behind LOWER_HOST_EFFECTS: the chain in NOTES.md does not make a lower voice
        Pcm a = plain.speak(SENTENCE);
        Pcm notes = new MaryVoice(engine, "cmu-slt-hsmm", NOTES_CHAIN).speak(SENTENCE);
        assertThat(Signals.medianPitch(notes)).isCloseTo(Signals.medianPitch(a), withPercentage(10));
        assertThat(Signals.spectralCentroid(notes)).isGreaterThan(Signals.spectralCentroid(a) * 0.95);
    }

    @Test
    void moreTextTakesLongerAndLongSentencesAreSpokenWhole() throws VoiceException {
        Pcm one = plain.speak("The model is small.");
        // one sentence of 60 words: cut into pieces for MARY, all of them spoken
        String longSentence = String.join(" ", Collections.nCopies(12, "the model reads the paper")) + ".";
        Pcm many = plain.speak(longSentence);

        assertThat(one.duration()).isGreaterThan(Duration.ofMillis(600));
        assertThat(many.duration().toMillis()).isGreaterThan(one.duration().toMillis() * 6);
        assertThat(many.duration()).isGreaterThan(Duration.ofSeconds(60 / 4));
    }

    @Test
    void nothingToSayGivesEmptyAudio() throws VoiceException {
        assertThat(plain.speak("").isEmpty()).isTrue();
        assertThat(plain.speak("  ... , ; ").isEmpty()).isTrue();
    }

    @Test
    void markupCharactersInTextAreSpokenNotParsed() throws VoiceException {
        Pcm pcm = plain.speak("Rock & roll < jazz > pop \"quoted\" 'single'.");
        assertThat(pcm.duration()).isGreaterThan(Duration.ofMillis(800));
    }

    @Test
    void unknownVoicesAndBadEffectsAreRejectedWithAReason() {
        assertThatThrownBy(() -> new MaryVoice(engine, "cmu-bdl-hsmm", ""))
                .isInstanceOf(VoiceException.class).hasMessageContaining("cmu-bdl-hsmm").hasMessageContaining("cmu-slt-hsmm");
        assertThatThrownBy(() -> new MaryVoice(engine, "cmu-slt-hsmm", "F0Scal(f0Scale:0.6)"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("F0Scal").hasMessageContaining("F0Scale");
        assertThatThrownBy(() -> new MaryVoice(engine, "cmu-slt-hsmm", "F0Scale(f0Scale:abc)"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("f0Scale:abc");
        assertThat(MaryEngine.checkEffects(" F0Scale(f0Scale:0.6) + Volume(amount:0.8) "))
                .isEqualTo("F0Scale(f0Scale:0.6)+Volume(amount:0.8)");
    }

    @Test
    void voicesFromConfigShareEqualVoicesAndFallBackToTheFirstHost() throws VoiceException {
        var hosts = List.of(
                new StationConfig.Host("ada", "Ada", null, null, null),
                new StationConfig.Host("ben", "Ben", null, LOWER, null),
                new StationConfig.Host("cy", "Cy", "cmu-slt-hsmm", "", null));
        Voices voices = Voices.mary(hosts);

        assertThat(voices.hostIds()).containsExactly("ada", "ben", "cy");
        assertThat(voices.forHost("cy")).isSameAs(voices.forHost("ada"));
        assertThat(voices.forHost("ben")).isNotSameAs(voices.forHost("ada"));
        assertThat(voices.resolve("hostB")).isEqualTo("ada");
        assertThat(voices.forHost(null)).isSameAs(voices.forHost("ada"));
        assertThat(voices.knows("ben")).isTrue();
        assertThat(voices.knows("zed")).isFalse();
    }

    @Test
    void longTokenListsAreCutAtCommasWhenPossible() {
        List<String> tokens = new java.util.ArrayList<>();
        for (int i = 0; i < 30; i++) {
            tokens.add("w" + i);
        }
        tokens.add(",");
        for (int i = 0; i < 30; i++) {
            tokens.add("v" + i);
        }
        List<List<String>> chunks = MaryVoice.chunks(tokens, 40);
        assertThat(chunks).hasSize(2);
        assertThat(chunks.get(0)).hasSize(31).endsWith(",");
        assertThat(chunks.stream().mapToInt(List::size).sum()).isEqualTo(61);

        List<String> noCommas = Collections.nCopies(100, "w");
        assertThat(MaryVoice.chunks(noCommas, 40)).extracting(List::size).containsExactly(40, 40, 20);
    }

    private static Duration leadingSilence(Pcm pcm) {
        short[] s = pcm.samples();
        int i = 0;
        while (i < s.length && Math.abs(s[i]) < 300) {
            i++;
        }
        return Pcm.timeOf(i, pcm.sampleRate());
    }
}
