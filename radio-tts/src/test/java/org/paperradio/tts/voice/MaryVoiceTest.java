package org.paperradio.tts.voice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Percentage.withPercentage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import marytts.LocalMaryInterface;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.paperradio.core.config.StationConfig;
import org.paperradio.tts.audio.Pcm;
import org.paperradio.tts.audio.Signals;
import org.paperradio.tts.text.Lexicon;
import org.paperradio.tts.text.MaryXml;
import org.paperradio.tts.text.SpeechNormalizer;
import org.paperradio.tts.text.Utterance;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** A real MaryTTS in this JVM: the audio it makes is measured, not trusted. */
class MaryVoiceTest {

    private static final String LOWER = MaryVoice.LOWER_HOST_EFFECTS;
    /** The chain NOTES.md suggested (and radio-core's default host "ben" uses). */
    private static final String NOTES_CHAIN = "F0Scale(f0Scale:0.6)+TractScaler(amount:1.25)+Volume(amount:0.8)";
    private static final String SENTENCE = "Today we talk about a new paper on language models and why they fail at arithmetic.";

    private static MaryEngine engine;
    private static MaryVoice plain;
    private static MaryVoice lower;
    /** The same MARY pipeline as the voices, stopped at ALLOPHONES: the phones MARY will speak. */
    private static LocalMaryInterface allophones;

    @BeforeAll
    static void start() throws Exception {
        engine = MaryEngine.start();
        plain = new MaryVoice(engine, "cmu-slt-hsmm", "");
        lower = new MaryVoice(engine, "cmu-slt-hsmm", LOWER);
        allophones = new LocalMaryInterface();
        allophones.setInputType("TOKENS");
        allophones.setOutputType("ALLOPHONES");
        allophones.setVoice("cmu-slt-hsmm");
    }

    @Test
    void lexiconWordsReachMaryWithTheLexiconsPhonemes() throws Exception {
        Lexicon lexicon = Lexicon.defaults();
        SpeechNormalizer normalizer = new SpeechNormalizer(lexicon);
        List<Lexicon.Entry> withPhonemes = lexicon.entries().stream().filter(e -> e.phonemes() != null).toList();
        assertThat(withPhonemes).hasSizeGreaterThanOrEqualTo(8);
        for (Lexicon.Entry e : withPhonemes) {
            String text = normalizer.normalize("Today the " + e.written() + " result is new.");
            Word w = word(transcribe(plain, text), e.spoken());
            assertThat(w.syllables()).as("syllables MARY speaks for " + e.written() + " in: " + text)
                    .isEqualTo(syllables(e.phonemes()));
            assertThat(w.stressed()).as("stressed syllable of " + e.written()).isEqualTo(stressed(e.phonemes()));
        }
        // plurals get the lexicon's phonemes with the ending
        Word vits = word(transcribe(plain, normalizer.normalize("Two ViTs won.")), "vits");
        assertThat(vits.syllables()).isEqualTo(List.of(List.of("v", "I", "t", "s")));
    }

    @Test
    void anInterruptedThreadGetsAFailureAndItsFlagBackNotASentenceLeftOut() {
        // MARY meets the interrupt with a RuntimeException and clears the flag: the voice must not
        // treat that as one bad sentence and return the rest as if whole
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> plain.speak(SENTENCE + " " + SENTENCE)).isInstanceOf(VoiceException.class);
            assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is kept for the caller").isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(MaryVoice.interruption(new VoiceException("MaryTTS failed",
                new RuntimeException("Unexpected interruption", new InterruptedException())))).isTrue();
        assertThat(MaryVoice.interruption(new VoiceException("MaryTTS failed", new IllegalStateException("odd")))).isFalse();
    }

    @Test
    void withoutTheLexiconMaryGuessesOtherwise() throws Exception {
        // the check above can fail: MARY's own rules say these words differently
        MaryVoice bare = new MaryVoice(engine, "cmu-slt-hsmm", "", Lexicon.empty());
        List<Word> words = transcribe(bare, "relu and softmax and resnet.");
        assertThat(word(words, "relu").syllables()).isNotEqualTo(syllables(Lexicon.defaults().lookup("ReLU").orElseThrow().phonemes()));
        assertThat(word(words, "softmax").syllables()).isNotEqualTo(syllables(Lexicon.defaults().lookup("softmax").orElseThrow().phonemes()));
        assertThat(word(words, "resnet").syllables()).isNotEqualTo(syllables(Lexicon.defaults().lookup("ResNet").orElseThrow().phonemes()));
    }

    @Test
    void spelledAcronymsComeOutAsLetterNames() throws Exception {
        String text = new SpeechNormalizer().normalize("RLHF beats DPO on GPUs.");
        List<Word> words = transcribe(plain, text);
        List<List<String>> phones = new ArrayList<>();
        for (Word w : words) {
            phones.add(w.syllables().stream().flatMap(List::stream).toList());
        }
        // "ar el aitch ef beats dee pee oh on gee pee yous"
        assertThat(phones.subList(0, 4)).containsExactly(
                List.of("A", "r"), List.of("E", "l"), List.of("EI", "tS"), List.of("E", "f"));
        assertThat(phones.subList(5, 8)).containsExactly(List.of("d", "i"), List.of("p", "i"), List.of("@U"));
        assertThat(phones.get(phones.size() - 1)).containsExactly("j", "u", "z");
    }

    @Test
    void nastyTextIsVoicedWithoutErrors() throws VoiceException {
        SpeechNormalizer normalizer = new SpeechNormalizer();
        String[] nasty = {
            "The loss $\\mathcal{L}(\\theta) = \\sum_{i=1}^{N} \\log p_\\theta(x_i) + \\lambda \\|W\\|_2^2$ over $\\mathbb{R}^{d}$.",
            "Unicode maths: ∑ᵢ αᵢ ≤ β, x ∈ ℝⁿ → ∞, θ ≈ 0.5 × 10⁻³, ∀ε>0 ∃δ.",
            "See https://github.com/foo/bar?x=1&y=<2> and mail jane@uni.edu, or www.example.org/a/b.",
            "A token " + "ab".repeat(5_000) + " ends here.",
            "Emoji 😀🚀🔥 and nulls \u0000\u0001 and \uD800 lone halves and 中文 and עברית.",
            "GPT-4o, LLaMA-3 and RLHF at 12.5% on 7B params, 3-5x faster in 2024.",
        };
        for (String raw : nasty) {
            // through the normaliser, as the station does
            Pcm said = plain.speak(normalizer.normalize(raw));
            assertThat(said.duration()).as("audio for: " + raw.substring(0, Math.min(60, raw.length())))
                    .isGreaterThan(Duration.ofMillis(500));
        }
        // and straight into the voice: still no error, and the 10,000-character token never reaches MARY
        Pcm raw = plain.speak("Before " + "x".repeat(10_000) + " after.");
        assertThat(raw.duration()).isGreaterThan(Duration.ofMillis(300)).isLessThan(Duration.ofSeconds(5));
        assertThat(plain.pieces("Before " + "x".repeat(10_000) + " after.")).singleElement()
                .satisfies(p -> assertThat(p).extracting(MaryXml.Token::text).containsExactly("Before", "after", "."));
        Pcm junk = plain.speak("\u0000 $$ \\frac{}{} 😀 ∑∏ \uFFFF");
        assertThat(junk).isNotNull();
    }

    @Test
    void aTitleIsSaidHigherAndSlowerAndStaysInTheSentenceThatIntroducesIt() throws VoiceException {
        String title = "Do Small Models Dream? A Study of Sleep";
        Utterance intro = Utterance.emphasising("Next up: " + title + ", from Oxford. It is short.", List.of(title));
        List<List<MaryXml.Token>> pieces = plain.pieces(intro);
        // the question mark inside the title does not end the intro's sentence
        assertThat(pieces).hasSize(2);
        assertThat(pieces.get(0)).extracting(MaryXml.Token::text)
                .containsExactly("Next", "up", ":", "Do", "Small", "Models", "Dream", "?", "A", "Study", "of", "Sleep",
                        ",", "from", "Oxford", ".");
        assertThat(pieces.get(0)).filteredOn(MaryXml.Token::emphasised).extracting(MaryXml.Token::text)
                .containsExactly("Do", "Small", "Models", "Dream", "?", "A", "Study", "of", "Sleep");
        assertThat(pieces.get(1)).noneMatch(MaryXml.Token::emphasised);

        // measured: the emphasised title is higher and longer than the same words said plainly
        String words = "Deep neural networks for weather forecasting at scale";
        Pcm flat = plain.speak(words);
        Pcm stressed = plain.speak(Utterance.emphasising(words, List.of(words)));
        assertThat(Signals.medianPitch(stressed)).as("pitch").isGreaterThan(Signals.medianPitch(flat) * 1.05);
        assertThat(stressed.duration()).as("length").isGreaterThan(flat.duration().multipliedBy(103).dividedBy(100));
        // a voice without markup says the plain text
        assertThat(intro.text()).isEqualTo("Next up: " + title + ", from Oxford. It is short.");
    }

    /** One word as MARY will say it: its syllables' phones and which syllable carries the stress. */
    private record Word(String text, List<List<String>> syllables, int stressed) {
    }

    private static List<Word> transcribe(MaryVoice voice, String text) throws Exception {
        List<Word> out = new ArrayList<>();
        for (List<MaryXml.Token> piece : voice.pieces(text)) {
            Document doc = allophones.generateXML(MaryXml.tokenDocument(List.of(piece)));
            NodeList ts = doc.getElementsByTagNameNS(MaryXml.NAMESPACE, "t");
            for (int i = 0; i < ts.getLength(); i++) {
                Element t = (Element) ts.item(i);
                NodeList syls = t.getElementsByTagNameNS(MaryXml.NAMESPACE, "syllable");
                if (syls.getLength() == 0) {
                    continue; // punctuation
                }
                List<List<String>> syllables = new ArrayList<>();
                int stressed = -1;
                for (int j = 0; j < syls.getLength(); j++) {
                    Element syl = (Element) syls.item(j);
                    if ("1".equals(syl.getAttribute("stress"))) {
                        stressed = j;
                    }
                    List<String> phones = new ArrayList<>();
                    NodeList ph = syl.getElementsByTagNameNS(MaryXml.NAMESPACE, "ph");
                    for (int k = 0; k < ph.getLength(); k++) {
                        phones.add(((Element) ph.item(k)).getAttribute("p"));
                    }
                    syllables.add(phones);
                }
                out.add(new Word(t.getTextContent().strip(), syllables, stressed));
            }
        }
        return out;
    }

    private static Word word(List<Word> words, String text) {
        return words.stream().filter(w -> w.text().equalsIgnoreCase(text)).findFirst()
                .orElseThrow(() -> new AssertionError("no token '" + text + "' in " + words));
    }

    /** The lexicon's notation as syllables of phones, stress marks dropped. */
    private static List<List<String>> syllables(String phonemes) {
        List<List<String>> out = new ArrayList<>();
        for (String syl : phonemes.split("-")) {
            List<String> phones = new ArrayList<>();
            for (String p : syl.replace("'", " ").replace(",", " ").strip().split("\\s+")) {
                if (!p.isEmpty()) {
                    phones.add(p);
                }
            }
            out.add(phones);
        }
        return out;
    }

    private static int stressed(String phonemes) {
        String[] syls = phonemes.split("-");
        for (int i = 0; i < syls.length; i++) {
            if (syls[i].contains("'")) {
                return i;
            }
        }
        return -1;
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
        List<List<String>> chunks = MaryVoice.chunks(tokens, 40, t -> t);
        assertThat(chunks).hasSize(2);
        assertThat(chunks.get(0)).hasSize(31).endsWith(",");
        assertThat(chunks.stream().mapToInt(List::size).sum()).isEqualTo(61);

        List<String> noCommas = Collections.nCopies(100, "w");
        assertThat(MaryVoice.chunks(noCommas, 40, t -> t)).extracting(List::size).containsExactly(40, 40, 20);
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
