package org.paperradio.tts.loudness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.paperradio.tts.audio.Pcm;

/** BS.1770 integrated loudness, checked against the standard's anchor and against ffmpeg's ebur128. */
class LoudnessMeterTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(ints = {22_050, 44_100, 48_000})
    void aFullScaleSineReadsMinus3LufsAtAnyRate(int rate) {
        // BS.1770-4: a 0 dBFS 1 kHz sine in one channel reads -3.01 LKFS; 20 dB down reads 20 LU less.
        // At 22.05 kHz the bilinear transform warps the shelf a little (libebur128 reads the same).
        double tolerance = rate < 44_100 ? 0.05 : 0.02;
        assertThat(LoudnessMeter.measure(TestAudio.pcm(TestAudio.sine(1000, 1.0, 5, rate), rate)).integratedLufs())
                .isCloseTo(-3.01, within(tolerance));
        assertThat(LoudnessMeter.measure(TestAudio.pcm(TestAudio.sine(1000, 0.1, 5, rate), rate)).integratedLufs())
                .isCloseTo(-23.01, within(tolerance));
    }

    @ParameterizedTest
    @CsvSource({"sine,22050", "sine,44100", "sine,48000", "pink,22050", "pink,44100", "pink,48000",
        "burst,22050", "burst,44100", "burst,48000", "speech,44100"})
    void agreesWithFfmpeg(String signal, int rate) throws Exception {
        Pcm pcm = TestAudio.pcm(signal(signal, rate), rate);
        double ours = LoudnessMeter.measure(pcm).integratedLufs();
        Ffmpeg.Measurement theirs = Ffmpeg.measure(pcm, dir);
        assertThat(ours).as("%s at %d Hz, ffmpeg says %s", signal, rate, theirs).isCloseTo(theirs.integratedLufs(),
                within(0.2));
        assertThat(TruePeakMeter.measure(pcm)).as("true peak").isCloseTo(theirs.truePeakDbtp(), within(0.3));
    }

    @Test
    void gatingLeavesOutSilenceAndTheQuietPassage() {
        int rate = 44_100;
        Pcm pcm = TestAudio.pcm(burst(rate), rate);
        Loudness l = LoudnessMeter.measure(pcm);
        // the -10 dBFS tone alone reads -13.01 LUFS; blocks straddling its edges pull a little below
        assertThat(l.integratedLufs()).isBetween(-13.7, -13.0);
        assertThat(l.ungatedLufs()).isLessThan(l.integratedLufs() - 3);
        // the loudest 3 s: the first 2 s of tone and 1 s of the quiet one, 10*log10(2/3) under the tone
        assertThat(l.shortTermMaxLufs()).isCloseTo(-14.77, within(0.1));
    }

    @Test
    void loudnessRangeOfTwoLevelsAgreesWithFfmpeg() throws Exception {
        int rate = 48_000;
        Pcm pcm = TestAudio.pcm(TestAudio.concat(TestAudio.pink(0.1, 12, rate, 1), TestAudio.pink(0.03, 12, rate, 2)),
                rate);
        Loudness l = LoudnessMeter.measure(pcm);
        assertThat(l.loudnessRangeLu()).isCloseTo(10.5, within(1.5));
        assertThat(l.loudnessRangeLu()).isCloseTo(Ffmpeg.measure(pcm, dir).loudnessRangeLu(), within(1.0));
    }

    @Test
    void silenceAndAudioShorterThanABlockHaveNoIntegratedLoudness() {
        Loudness silence = LoudnessMeter.measure(Pcm.silence(Duration.ofSeconds(2), 44_100));
        assertThat(silence.integratedLufs()).isEqualTo(Loudness.SILENCE);
        assertThat(silence.isSilent()).isTrue();
        assertThat(silence.duration()).isEqualTo(Duration.ofSeconds(2));
        Loudness empty = LoudnessMeter.measure(Pcm.empty(48_000));
        assertThat(empty.isSilent()).isTrue();
        assertThat(empty.effectiveLufs()).isEqualTo(Loudness.SILENCE);

        Loudness shortTone = LoudnessMeter.measure(TestAudio.pcm(TestAudio.sine(1000, 0.1, 0.3, 48_000), 48_000));
        assertThat(shortTone.integratedLufs()).isEqualTo(Loudness.SILENCE);
        assertThat(shortTone.isSilent()).isFalse();
        assertThat(shortTone.effectiveLufs()).isCloseTo(-23.0, within(0.2)); // ungated, whole clip

        // -80 dBFS noise is below the absolute gate
        assertThat(LoudnessMeter.measure(TestAudio.pcm(TestAudio.pink(1e-4, 3, 44_100, 3), 44_100)).isSilent())
                .isTrue();
    }

    @Test
    void feedingPiecesGivesTheSameResultAsTheWhole() {
        int rate = 22_050;
        Pcm pcm = TestAudio.pcm(TestAudio.speech(0.5, 8, rate, 4), rate);
        LoudnessMeter meter = new LoudnessMeter(rate);
        TruePeakMeter peaks = new TruePeakMeter();
        Random random = new Random(5);
        int pos = 0;
        while (pos < pcm.length()) {
            int end = Math.min(pcm.length(), pos + random.nextInt(5000));
            meter.accept(pcm.samples(), pos, end);
            peaks.accept(pcm.samples(), pos, end);
            pos = end;
        }
        assertThat(meter.result()).isEqualTo(LoudnessMeter.measure(pcm));
        assertThat(peaks.truePeakDbtp()).isEqualTo(TruePeakMeter.measure(pcm));
    }

    @Test
    void refusesRatesItCannotFilterAndAudioAtAnotherRate() {
        assertThatThrownBy(() -> new LoudnessMeter(4_000)).isInstanceOf(IllegalArgumentException.class);
        LoudnessMeter meter = new LoudnessMeter(48_000);
        assertThatThrownBy(() -> meter.accept(Pcm.empty(44_100))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> meter.accept(new short[10], 5, 11)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    static double[] signal(String name, int rate) {
        return switch (name) {
            case "sine" -> TestAudio.sine(1000, 0.1, 5, rate);
            case "pink" -> TestAudio.pink(0.08, 6, rate, 7);
            case "burst" -> burst(rate);
            case "speech" -> TestAudio.speech(0.6, 10, rate, 8);
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** A loud tone, a quiet one (below the relative gate) and near-silence (below the absolute gate). */
    static double[] burst(int rate) {
        return TestAudio.concat(TestAudio.sine(1000, 0.316, 2, rate), TestAudio.sine(1000, 0.0178, 2, rate),
                TestAudio.pink(1e-5, 2, rate, 9), TestAudio.sine(1000, 0.316, 1, rate));
    }
}
