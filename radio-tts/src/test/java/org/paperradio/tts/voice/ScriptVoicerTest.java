package org.paperradio.tts.voice;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.paperradio.core.config.StationConfig;
import org.paperradio.core.paper.LineTiming;
import org.paperradio.core.paper.ScriptLine;
import org.paperradio.tts.audio.Pcm;
import org.paperradio.tts.text.SpeechNormalizer;

/** The shared line voicer with real MaryTTS voices: gaps, capped pauses, the length budget, and empty results. */
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
        assertThat(afterPause).isBetween(ScriptVoicer.LINE_GAP.plus(ScriptVoicer.MAX_PAUSE).minusMillis(1),
                ScriptVoicer.LINE_GAP.plus(ScriptVoicer.MAX_PAUSE).plusMillis(1));
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
