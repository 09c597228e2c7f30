package org.paperradio.tts.sound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperradio.core.config.StationConfig;
import org.paperradio.core.paper.LineTiming;
import org.paperradio.tts.audio.Pcm;
import org.paperradio.tts.audio.WavFiles;
import org.paperradio.tts.loudness.Ffmpeg;
import org.paperradio.tts.loudness.LoudnessMeter;

/**
 * The music bed measured: its level under the voice (by ffmpeg), where it plays and where it does
 * not, the seamless loop, a WAV bed resampled and looped, and {@code none}.
 */
class MusicBedTest {

    private static final int RATE = 24_000;
    private static final StationConfig.Sound SOUND = sound("synth", 18.0);

    @TempDir
    Path dir;

    @Test
    void theSynthBedSitsBedLevelUnderTheStationLoudnessAndLoopsWithoutASeam() throws Exception {
        MusicBed bed = MusicBed.synth(SOUND, RATE);
        Pcm loop = bed.loop();
        assertThat(loop.duration()).isEqualTo(Duration.ofSeconds(MusicBed.SYNTH_SECONDS));
        // three turns back to back, measured by ffmpeg: -16 - 18 = -34 LUFS
        Pcm three = repeat(loop, 3);
        Ffmpeg.Measurement m = Ffmpeg.measure(three, dir);
        assertThat(m.integratedLufs()).isCloseTo(-34.0, within(0.5));
        // no click where the loop wraps: the jump there is like any other jump in the bed
        short[] s = loop.samples();
        int wrap = Math.abs(s[0] - s[s.length - 1]);
        assertThat(wrap).isLessThanOrEqualTo(maxJump(s) + 1);
        assertThat(maxJump(s)).isLessThan((int) (0.01 * 32768));
        // a soft pad: nearly nothing above 4 kHz (energy after a crude high-pass is tiny)
        assertThat(highBandShare(s, RATE, 4000)).isLessThan(0.01);
    }

    @Test
    void theBedPlaysUnderTheIntroAndOutroOnlyAndLeadsIn() throws Exception {
        // a voice of three "lines" (tones at -16 LUFS): intro 0-3 s, body 4-10 s, outro 11-14 s
        Pcm voice = voice(RATE, new double[][] {{0, 3}, {4, 10}, {11, 14}});
        List<LineTiming> lines = List.of(line(0, 0, 3), line(1, 4, 10), line(2, 11, 14));
        MusicBed.Bedded b = MusicBed.synth(SOUND, RATE).mix(voice, MusicBed.introAndOutro(lines));

        assertThat(b.offset()).isEqualTo(MusicBed.LEAD_IN);
        Pcm out = b.audio();
        assertThat(out.duration()).isEqualTo(MusicBed.LEAD_IN.plusSeconds(14).plus(MusicBed.TAIL));
        Pcm bedOnly = minus(out, voice, b.offset()); // mixing adds: what is left is the bed
        double lead = 1.5;
        // under the intro (past the fade-in) the bed is 18 LU under the station loudness the lines are levelled to
        double intro = LoudnessMeter.measure(slice(bedOnly, lead, lead + 2.5)).ungatedLufs();
        assertThat(intro).isCloseTo(-16.0 - 18.0, within(1.5));
        // under the body: nothing at all, from the body's first word to its last
        assertThat(slice(bedOnly, lead + 4, lead + 10).peak()).isZero();
        // the outro has the bed, and so has the tail after the last word, fading to silence
        double outro = LoudnessMeter.measure(slice(bedOnly, lead + 12, lead + 14)).ungatedLufs();
        assertThat(outro).isCloseTo(-16.0 - 18.0, within(1.5));
        assertThat(slice(out, lead + 14, lead + 15).rms()).isGreaterThan(0.001);
        short[] o = out.samples();
        assertThat(Math.abs((int) o[o.length - 1])).isLessThan(50);
        // the lead-in rises from silence
        assertThat(Math.abs((int) o[0])).isLessThan(50);
        assertThat(slice(out, 0.75, 1.5).rms()).isGreaterThan(0.001);
    }

    @Test
    void noneMixesNothing() {
        Pcm voice = voice(RATE, new double[][] {{0, 2}});
        MusicBed none = MusicBed.none(RATE);
        assertThat(none.isNone()).isTrue();
        MusicBed.Bedded b = none.mix(voice, MusicBed.introAndOutro(List.of(line(0, 0, 2))));
        assertThat(b.audio()).isSameAs(voice);
        assertThat(b.offset()).isZero();
    }

    @Test
    void aWavBedIsResampledLoopedAndLevelled() throws Exception {
        // 5 s of a 220 Hz tone at 22.05 kHz, with a deliberate jump where it would wrap
        Path file = dir.resolve("bed.wav");
        short[] s = new short[5 * 22_050];
        for (int i = 0; i < s.length; i++) {
            s[i] = (short) Math.round(8000 * Math.sin(2 * Math.PI * 220.3 * i / 22_050));
        }
        WavFiles.write(file, new Pcm(s, 22_050));
        MusicBed bed = MusicBed.load(sound(file.toString(), 12.0), RATE);
        assertThat(bed.isNone()).isFalse();
        Pcm loop = bed.loop();
        assertThat(loop.sampleRate()).isEqualTo(RATE);
        assertThat(loop.duration().toMillis()).isCloseTo(4500, within(5L));
        Ffmpeg.Measurement m = Ffmpeg.measure(repeat(loop, 2), dir);
        assertThat(m.integratedLufs()).isCloseTo(-16.0 - 12.0, within(0.5));
        short[] l = loop.samples();
        assertThat(Math.abs(l[0] - l[l.length - 1])).isLessThanOrEqualTo(maxJump(l) + 1);

        assertThatThrownBy(() -> MusicBed.load(sound(dir.resolve("missing.wav").toString(), 18.0), RATE))
                .isInstanceOf(IOException.class);
        Path text = Files.writeString(dir.resolve("bed-not.wav"), "not a wav");
        assertThatThrownBy(() -> MusicBed.load(sound(text.toString(), 18.0), RATE))
                .isInstanceOf(IOException.class).hasMessageContaining("RIFF");
        Path tiny = dir.resolve("tiny.wav");
        WavFiles.write(tiny, new Pcm(new short[1000], 22_050));
        assertThatThrownBy(() -> MusicBed.load(sound(tiny.toString(), 18.0), RATE))
                .isInstanceOf(IOException.class).hasMessageContaining("too short");
    }

    static StationConfig.Sound sound(String bed, double bedLevel) {
        return new StationConfig.Sound(-16.0, -1.0, null, bed, bedLevel, null, null);
    }

    /** Tones (speech stand-ins) at about -16 LUFS over the given spans (seconds), silence elsewhere. */
    static Pcm voice(int rate, double[][] spans) {
        double end = spans[spans.length - 1][1];
        short[] s = new short[(int) Math.round(end * rate)];
        for (double[] span : spans) {
            for (int i = (int) (span[0] * rate); i < (int) (span[1] * rate); i++) {
                s[i] = (short) Math.round(0.2 * 32767 * Math.sin(2 * Math.PI * 700 * i / rate));
            }
        }
        return new Pcm(s, rate);
    }

    private static LineTiming line(int n, double from, double to) {
        return new LineTiming(n, "ada", "x", Duration.ofMillis((long) (from * 1000)), Duration.ofMillis((long) (to * 1000)));
    }

    private static Pcm minus(Pcm mixed, Pcm voice, Duration offset) {
        short[] m = mixed.samples().clone();
        int off = Pcm.samplesFor(offset, mixed.sampleRate());
        short[] v = voice.samples();
        for (int i = 0; i < v.length; i++) {
            m[off + i] -= v[i];
        }
        return new Pcm(m, mixed.sampleRate());
    }

    private static Pcm slice(Pcm pcm, double from, double to) {
        return pcm.slice((int) (from * pcm.sampleRate()), (int) (to * pcm.sampleRate()));
    }

    private static Pcm repeat(Pcm pcm, int times) {
        short[] out = new short[pcm.length() * times];
        for (int t = 0; t < times; t++) {
            System.arraycopy(pcm.samples(), 0, out, t * pcm.length(), pcm.length());
        }
        return new Pcm(out, pcm.sampleRate());
    }

    static int maxJump(short[] s) {
        int max = 0;
        for (int i = 1; i < s.length; i++) {
            max = Math.max(max, Math.abs(s[i] - s[i - 1]));
        }
        return max;
    }

    /** Share of the energy left after a first-order high-pass at {@code hz} applied twice. */
    private static double highBandShare(short[] s, int rate, double hz) {
        double a = Math.exp(-2 * Math.PI * hz / rate);
        double total = 0;
        double high = 0;
        double x1 = 0;
        double y1 = 0;
        double y2 = 0;
        double z1 = 0;
        for (short v : s) {
            double x = v;
            double y = a * (y1 + x - x1); // one-pole high-pass
            double z = a * (z1 + y - y2);
            x1 = x;
            y1 = y;
            y2 = y;
            z1 = z;
            total += x * x;
            high += z * z;
        }
        return high / total;
    }
}
