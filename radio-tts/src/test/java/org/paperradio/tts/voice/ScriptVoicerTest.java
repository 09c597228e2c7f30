package org.paperradio.tts.voice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.paperradio.core.config.StationConfig;
import org.paperradio.core.paper.LineTiming;
import org.paperradio.core.paper.ScriptLine;
import org.paperradio.tts.audio.Pcm;
import org.paperradio.tts.audio.PcmBuilder;
import org.paperradio.tts.loudness.LoudnessMeter;
import org.paperradio.tts.text.SpeechNormalizer;
import org.paperradio.tts.text.Utterance;

/** The shared line voicer with real MaryTTS voices: levelling, gaps, capped pauses, the length budget, and empty results. */
class ScriptVoicerTest {

    private static Voices voices;

    @BeforeAll
    static void startMary() throws VoiceException {
        voices = Voices.mary(List.of(
                new StationConfig.Host("ada", "Ada", null, null, null),
                new StationConfig.Host("ben", "Ben", null, MaryVoice.LOWER_HOST_EFFECTS, null)));
    }

    @Test
    void pausesAreCappedAndLinesPastTheBudgetAreDropped() throws Exception {
        ScriptVoicer voicer = new ScriptVoicer(voices, 24_000, new SpeechNormalizer());
        ScriptVoicer.Voiced v = voicer.voice("test", List.of(
                new ScriptLine.Spoken("ada", "One.", 0),
                new ScriptLine.Pause(Duration.ofMinutes(5)),
                new ScriptLine.Pause(Duration.ofSeconds(-3)),
                new ScriptLine.Spoken("ada", "Two.", 0),
                new ScriptLine.Spoken("ben", "Three.", 0),
                new ScriptLine.Pause(Duration.ofMillis(700))), Duration.ofMinutes(1));

        assertThat(v.audio().sampleRate()).isEqualTo(24_000);
        List<LineTiming> t = v.lines();
        assertThat(t).extracting(LineTiming::line).containsExactly(0, 3, 4);
        Duration afterPause = t.get(1).start().minus(t.get(0).end());
        // the five-minute pause is capped: with the gap, at most maxSilence less the lines' quiet pads
        Duration maxGap = ScriptVoicer.maxGap(new StationConfig.Sound(null, null, null, null, null, null, null));
        assertThat(maxGap).isBetween(Duration.ofMillis(2000), Duration.ofMillis(2500).minus(ScriptVoicer.EDGE_PAD.multipliedBy(2)));
        assertThat(afterPause).isBetween(maxGap.minusMillis(1), maxGap.plusMillis(1));
        assertThat(t.get(2).start().minus(t.get(1).end())).isBetween(ScriptVoicer.SPEAKER_CHANGE_GAP.minusMillis(1),
                ScriptVoicer.SPEAKER_CHANGE_GAP.plusMillis(1));
        // the trailing pause is kept at the end
        assertThat(v.audio().duration().minus(t.get(2).end())).isBetween(Duration.ofMillis(699), Duration.ofMillis(701));
        assertThat(v.spoken()).isEqualTo(3);
        assertThat(v.failed()).isZero();

        // once the budget is used up, later lines are dropped (the first is always voiced)
        ScriptVoicer.Voiced cut = voicer.voice("test", List.of(
                new ScriptLine.Spoken("ada", "One.", 0), new ScriptLine.Spoken("ben", "Two.", 0)), Duration.ZERO);
        assertThat(cut.lines()).extracting(LineTiming::line).containsExactly(0);
        assertThat(cut.audio().duration()).isEqualTo(cut.lines().get(0).end());
    }

    @Test
    void thePapersTitleReachesTheVoiceEmphasisedAfterNormalising() throws Exception {
        List<Utterance> heard = new java.util.ArrayList<>();
        Voice ada = voices.forHost("ada");
        Voice listening = new Voice() {
            @Override
            public String name() {
                return "listening " + ada.name();
            }

            @Override
            public int sampleRate() {
                return ada.sampleRate();
            }

            @Override
            public Pcm speak(String text) throws VoiceException {
                return speak(Utterance.plain(text));
            }

            @Override
            public Pcm speak(Utterance u) throws VoiceException {
                heard.add(u);
                return ada.speak(u);
            }
        };
        ScriptVoicer voicer = new ScriptVoicer(new Voices(Map.of("ada", listening)), 24_000, new SpeechNormalizer());
        String title = "LoRA Adapters for GPT-4o";
        ScriptVoicer.Voiced v = voicer.voice("test", List.of(
                new ScriptLine.Spoken("ada", "Next up: " + title + ".", 0),
                new ScriptLine.Spoken("ada", "It adapts big models cheaply.", 0),
                new ScriptLine.Spoken("ada", "That was lora adapters for gpt-4o.", 0)), Duration.ofMinutes(1), List.of(title));

        assertThat(v.lines()).hasSize(3);
        assertThat(heard).hasSize(3);
        Utterance.Part said = heard.get(0).parts().stream().filter(Utterance.Part::emphasised).findFirst().orElseThrow();
        // normalised like the rest of the line: the lexicon's spoken forms, not the written ones
        assertThat(said.text()).isEqualTo(new SpeechNormalizer().normalize(title)).doesNotContain("GPT-4o");
        assertThat(heard.get(1).hasEmphasis()).isFalse();
        assertThat(heard.get(2).hasEmphasis()).as("matched ignoring case").isTrue();
    }

    @Test
    void everyLineIsTrimmedAndLevelledSoAQuietHostSitsAtTheSameLevel() throws Exception {
        // ben's voice made 12 dB quieter, with a second of dead air before each line
        Voice ada = voices.forHost("ada");
        Voice ben = voices.forHost("ben");
        Voice quietBen = new Voice() {
            @Override
            public String name() {
                return "quiet " + ben.name();
            }

            @Override
            public int sampleRate() {
                return ben.sampleRate();
            }

            @Override
            public Pcm speak(String text) throws VoiceException {
                Pcm p = ben.speak(text).withGain(0.25);
                short[] s = new short[p.sampleRate() + p.length()];
                System.arraycopy(p.samples(), 0, s, p.sampleRate(), p.length());
                return new Pcm(s, p.sampleRate());
            }
        };
        Voices uneven = new Voices(Map.of("ada", ada, "ben", quietBen));
        StationConfig.Sound sound = new StationConfig.Sound(-18.0, -1.0, null, null, null, null, null);
        ScriptVoicer voicer = new ScriptVoicer(uneven, 24_000, new SpeechNormalizer(), sound);
        ScriptVoicer.Voiced v = voicer.voice("test", List.of(
                new ScriptLine.Spoken("ada", "The first paper trains a small transformer to count.", 0),
                new ScriptLine.Spoken("ben", "It reaches ninety percent on the hardest test set.", 0),
                new ScriptLine.Spoken("ada", "What does that mean for people outside the field?", 0),
                new ScriptLine.Spoken("ben", "Better inventory robots, if the baselines hold up.", 0)), Duration.ofMinutes(1));

        Map<String, Double> level = new HashMap<>();
        for (String host : List.of("ada", "ben")) {
            PcmBuilder b = new PcmBuilder(24_000);
            for (LineTiming t : v.lines()) {
                if (t.speaker().equals(host)) {
                    b.append(v.audio().slice(Pcm.samplesFor(t.start(), 24_000), Pcm.samplesFor(t.end(), 24_000)));
                }
            }
            level.put(host, LoudnessMeter.measure(b.build()).integratedLufs());
        }
        assertThat(level.get("ada")).isCloseTo(-18.0, within(1.0));
        assertThat(level.get("ben")).isCloseTo(-18.0, within(1.0));
        assertThat(level.get("ada") - level.get("ben")).isCloseTo(0.0, within(1.0));
        // the dead air is trimmed: ben's lines start right after the speaker-change gap
        assertThat(v.lines().get(1).start().minus(v.lines().get(0).end())).isEqualTo(ScriptVoicer.SPEAKER_CHANGE_GAP);
        assertThat(v.lines().get(1).end().minus(v.lines().get(1).start())).isLessThan(Duration.ofSeconds(4));
        // every line starts and ends at (near) zero: no click against the silent gap
        for (LineTiming t : v.lines()) {
            short[] s = v.audio().samples();
            int a = Pcm.samplesFor(t.start(), 24_000);
            int e = Pcm.samplesFor(t.end(), 24_000) - 1;
            assertThat(Math.abs((int) s[a])).isLessThan(100);
            assertThat(Math.abs((int) s[e])).isLessThan(100);
        }
    }

    @Test
    void nothingToSayIsAnEmptyResultNotAnError() throws Exception {
        ScriptVoicer voicer = new ScriptVoicer(voices, 44_100, new SpeechNormalizer());
        ScriptVoicer.Voiced v = voicer.voice("test", List.of(
                new ScriptLine.Pause(Duration.ofSeconds(2)), new ScriptLine.Spoken("ada", "~~~ ***", 0)), Duration.ofMinutes(1));
        assertThat(v.isEmpty()).isTrue();
        assertThat(v.audio()).extracting(Pcm::length).isEqualTo(0);
        assertThat(v.spoken()).isEqualTo(1);
        assertThat(v.firstFailure()).isNull();
        assertThat(voicer.voice("test", List.of(), Duration.ofMinutes(1)).isEmpty()).isTrue();
    }
}
